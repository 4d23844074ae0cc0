"""asyncio with a virtual clock and first-in first-out timer ties.

coolio's scenarios run on a virtual clock: when nothing is ready, time jumps to the
next timer. To compare them with CPython, a Python program must run the same way, or
`sleep(3)` would cost three real seconds and times would differ from run to run.
This module changes only two things in asyncio:

* the loop's clock: loop.time() returns a virtual time that select() advances by its
  timeout when no descriptor is ready, instead of sleeping;
* ties in the timer heap: timers due at the same time fire in scheduling order
  (asyncio compares TimerHandles by `when` alone, which leaves ties to heapq's
  internals; coolio promises first-in first-out).

Everything else (the ready queue, Task.__step, futures, wait, gather) is CPython's.
"""
import asyncio
import itertools
import selectors

_timer_order = itertools.count()


class _OrderedTimerHandle(asyncio.TimerHandle):
    """A TimerHandle that remembers when it was made, to break ties first-in first-out."""

    __slots__ = ('_coolio_order',)

    def __init__(self, when, callback, args, loop, context=None):
        super().__init__(when, callback, args, loop, context)
        self._coolio_order = next(_timer_order)

    def __lt__(self, other):
        if self._when != other._when:
            return self._when < other._when
        return self._coolio_order < other._coolio_order


# base_events.call_at builds its handles through the events module.
asyncio.events.TimerHandle = _OrderedTimerHandle


class _VirtualSelector(selectors.DefaultSelector):
    """A selector that, instead of sleeping, moves the loop's virtual clock."""

    def __init__(self):
        super().__init__()
        self.now = 0.0

    def select(self, timeout=None):
        if timeout is None:
            # Only I/O can wake the loop: wait for it for real (a while), and say so
            # rather than hang if nothing comes, as coolio does.
            events = super().select(5.0)
            if not events:
                raise RuntimeError('the event loop would wait forever: nothing is ready, '
                                   'no timer is scheduled and no I/O arrived')
            return events
        events = super().select(0)
        if not events and timeout > 0:
            self.now += timeout
        return events


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(_VirtualSelector())
        self._clock_resolution = 1e-09

    def time(self):
        return self._selector.now

"""Trace a Python asyncio program, on CPython, in coolio's trace format.

    python3 asyncio_trace.py PROGRAM.py -o OUT.trace.jsonl [--name NAME]

The program either defines `async def main()` (which is then run with
loop.run_until_complete) or runs its own loop with asyncio.new_event_loop().

What is traced is CPython's own asyncio, with three changes that make it observable
and repeatable, none of which changes the order in which anything runs:

* the pure-Python Task and Future (asyncio keeps them as _PyTask / _PyFuture beside
  the C versions), so that every __step and every callback scheduling is Python code
  this module can wrap;
* the virtual clock and first-in first-out timer ties of virtual_loop;
* a loop subclass whose _run_once is written out phase by phase, reporting each
  phase; its logic is that of asyncio 3.11's _run_once.

Events are written as coolio's tracer writes them (docs/trace-format.md), so the
stepper, the viewer, the export and `coolio-trace diff` read both alike.
Standard library only.
"""
import argparse
import asyncio
import asyncio.base_events as base_events
import asyncio.events as events
import asyncio.futures as futures
import asyncio.tasks as tasks
import builtins
import gc
import heapq
import json
import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import virtual_loop  # noqa: E402

FORMAT_VERSION = 1


class Trace:
    """Writes events, numbering them and linking each to the scope it happened in."""

    def __init__(self, out, name):
        self.out = out
        self.seq = 0
        self.tick = 0
        self.loop = None
        self.last_time = 0.0
        self.scopes = []  # seq of the handle runs, task steps, resolutions in progress
        self.collect_after_handle = False  # see _note_failure
        self.emit('trace.begin', format='coolio-trace', version=FORMAT_VERSION,
                  scenario=name, clock='virtual', runtime='asyncio')

    def time(self):
        # A closed loop has no selector, hence no clock: keep the last time seen.
        if self.loop is not None and self.loop._selector is not None:
            self.last_time = float(self.loop.time())
        return self.last_time

    def emit(self, kind, **fields):
        event = {'seq': self.seq, 'tick': self.tick, 't': self.time(), 'kind': kind}
        if self.scopes and kind != 'trace.end':
            event['cause'] = self.scopes[-1]
        event.update(fields)
        self.out.write(json.dumps(event, ensure_ascii=False, separators=(',', ':')) + '\n')
        self.seq += 1
        return self.seq - 1


TRACE = None  # set by main(); the patched asyncio classes below report to it

# ---------------------------------------------------------------------------
# Names: futures and tasks share one numbering, as a Task is a Future.
# ---------------------------------------------------------------------------

_next_future_id = iter(range(1, 1 << 62)).__next__


def future_id(fut):
    fid = getattr(fut, '_coolio_id', None)
    if fid is None:
        fid = fut._coolio_id = _next_future_id()
    return fid


def future_name(fut):
    if isinstance(fut, (tasks._PyTask, tasks._CTask)):
        return fut.get_name()
    return f'Future-{future_id(fut)}'


def short_repr(value):
    return repr(value)


def describe_callback(callback, args):
    """As coolio describes a handle: self.name(future-argument)."""
    owner = getattr(callback, '__self__', None)
    name = getattr(callback, '__name__', type(callback).__name__)
    if name == '_set_result_unless_cancelled':
        name = 'futures._set_result_unless_cancelled'
    text = f'{future_name(owner)}.' if futures.isfuture(owner) else ''
    arg = args[0] if args and futures.isfuture(args[0]) else None
    return f"{text}{name}({future_name(arg) if arg is not None else ''})"


class _NumberedHandle(events.Handle):
    __slots__ = ('_coolio_id', '_coolio_text')


class _NumberedTimerHandle(virtual_loop._OrderedTimerHandle):
    __slots__ = ('_coolio_id', '_coolio_text')


_next_handle_id = iter(range(1, 1 << 62)).__next__


def number_handle(handle):
    handle._coolio_id = _next_handle_id()
    handle._coolio_text = describe_callback(handle._callback, handle._args)
    return handle


# ---------------------------------------------------------------------------
# The loop: scheduling reported, and _run_once phase by phase.
# ---------------------------------------------------------------------------

class TracingLoop(virtual_loop.VirtualClockLoop):

    def call_soon(self, callback, *args, context=None):
        owner = getattr(callback, '__self__', None)
        if isinstance(owner, tasks._PyTask) and not getattr(owner, '_coolio_announced', False):
            # Task.__init__ ends by queueing its first step: announce the task first.
            owner._coolio_announced = True
            TRACE.emit('task.new', task=future_id(owner), name=owner.get_name(),
                       coro=owner.get_coro().__qualname__.split('.')[-1])
        handle = number_handle(super().call_soon(callback, *args, context=context))
        TRACE.emit('call_soon', handle=handle._coolio_id, callback=handle._coolio_text)
        return handle

    def call_at(self, when, callback, *args, context=None):
        handle = number_handle(super().call_at(when, callback, *args, context=context))
        TRACE.emit('call_at', handle=handle._coolio_id, callback=handle._coolio_text, when=float(when))
        return handle

    def call_exception_handler(self, context):
        exc = context.get('exception')
        fields = dict(message=context['message'], exception=repr(exc) if exc is not None else 'None')
        about = context.get('future', context.get('task'))
        if about is not None:
            fields['future'] = future_id(about)
        TRACE.emit('loop.exception', **fields)
        super().call_exception_handler(context)

    def _run_once(self):
        # Phase 1: drop cancelled timers (all at once when they dominate the heap).
        dropped = []
        count = len(self._scheduled)
        if (count > base_events._MIN_SCHEDULED_TIMER_HANDLES and
                self._timer_cancelled_count / count > base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            kept = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                    dropped.append(handle._coolio_id)
                else:
                    kept.append(handle)
            heapq.heapify(kept)
            self._scheduled = kept
            self._timer_cancelled_count = 0
        else:
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(self._scheduled)
                handle._scheduled = False
                dropped.append(handle._coolio_id)
        # Phase 2: the select timeout.
        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif self._scheduled:
            timeout = min(max(self._scheduled[0]._when - self.time(), 0), base_events.MAXIMUM_SELECT_TIMEOUT)
        TRACE.tick += 1
        TRACE.scopes.clear()
        TRACE.emit('tick.begin', ready=len(self._ready), scheduled=len(self._scheduled),
                   timeout=None if timeout is None else float(timeout), dropped=dropped)
        # Phases 3 and 4: select, then queue the callbacks of ready descriptors.
        event_list = self._selector.select(timeout)
        TRACE.emit('select', timeout=None if timeout is None else float(timeout), events=len(event_list))
        self._process_events(event_list)
        # Phase 5: timers now due move to the ready queue.
        end_time = self.time() + self._clock_resolution
        while self._scheduled and self._scheduled[0]._when < end_time:
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)
            TRACE.emit('timer.due', handle=handle._coolio_id, callback=handle._coolio_text,
                       when=float(handle._when))
        # Phase 6: run what was ready when this phase began.
        for _ in range(len(self._ready)):
            handle = self._ready.popleft()
            text = getattr(handle, '_coolio_text', describe_callback(handle._callback, handle._args))
            hid = getattr(handle, '_coolio_id', 0)
            if handle._cancelled:
                TRACE.emit('handle.skip', handle=hid, callback=text)
                continue
            TRACE.scopes.append(TRACE.emit('handle.run', handle=hid, callback=text))
            handle._run()
            handle = None  # as asyncio does: the handle must not keep its callback alive
            if TRACE.collect_after_handle:
                TRACE.collect_after_handle = False
                gc.collect()
            TRACE.scopes.pop()

    def stop(self):
        super().stop()
        TRACE.emit('loop.stop')


_original_cancel = events.Handle.cancel


def _handle_cancel(self):
    was_cancelled = self._cancelled
    _original_cancel(self)
    if not was_cancelled and hasattr(self, '_coolio_id'):
        TRACE.emit('handle.cancel', handle=self._coolio_id, callback=self._coolio_text)


# ---------------------------------------------------------------------------
# Futures and tasks: the pure-Python classes, wrapped.
# ---------------------------------------------------------------------------

def _outcome_fields(fut):
    if fut.cancelled():
        return {'outcome': 'cancelled'}
    if fut._exception is not None:
        return {'outcome': 'exception', 'exception': repr(fut._exception)}
    return {'outcome': 'result', 'result': short_repr(fut._result)}


def _report_resolution(fut):
    fields = _outcome_fields(fut)
    fields['callbacks'] = len(fut._callbacks)
    if isinstance(fut, asyncio.Task):
        return TRACE.emit('task.done', task=future_id(fut), name=fut.get_name(), **fields)
    return TRACE.emit('future.resolve', future=future_id(fut), **fields)


_original_schedule = futures._PyFuture._Future__schedule_callbacks


def _schedule_callbacks(self):
    TRACE.scopes.append(_report_resolution(self))
    _original_schedule(self)
    self._coolio_callbacks = []  # scheduled: the future no longer holds them
    TRACE.scopes.pop()


_original_future_init = futures._PyFuture.__init__

# What made a future, named as coolio labels it, from the function that asked for it.
_LABELS = {'sleep': 'sleep', '_wait': '_wait.waiter', 'create_future': 'Future'}


def _future_init(self, *, loop=None):
    _original_future_init(self, loop=loop)
    future_id(self)
    if not isinstance(self, asyncio.Task):
        caller = sys._getframe(2).f_code.co_name if sys._getframe(1).f_code.co_name == 'create_future' \
            else sys._getframe(1).f_code.co_name
        TRACE.emit('future.new', future=future_id(self), label=_LABELS.get(caller, 'Future'))


def _token(fut):
    fut._coolio_tokens = getattr(fut, '_coolio_tokens', 0) + 1
    return fut._coolio_tokens


def _callback_text(fn):
    owner = getattr(fn, '__self__', None)
    name = getattr(fn, '__name__', type(fn).__name__)
    return f'{future_name(owner)}.{name}()' if futures.isfuture(owner) else f'{name}()'


def _reporting_add(original):
    """add_done_callback that reports the callback (with a token, as coolio numbers them)."""
    def add_done_callback(self, fn, *, context=None):
        token = _token(self)
        if getattr(self, '_coolio_callbacks', None) is None:
            self._coolio_callbacks = []
        self._coolio_callbacks.append((fn, token))
        event = dict(future=future_id(self), op='add', token=token, callback=_callback_text(fn))
        if self.done():  # reported before it is scheduled at once, as coolio does
            TRACE.emit('future.callback', **event)
            original(self, fn, context=context)
        else:
            original(self, fn, context=context)
            TRACE.emit('future.callback', **event)
    return add_done_callback


def _reporting_remove(original):
    def remove_done_callback(self, fn):
        removed = original(self, fn)
        if removed:
            registry = getattr(self, '_coolio_callbacks', None) or []
            for entry in [e for e in registry if e[0] == fn]:
                registry.remove(entry)
                TRACE.emit('future.callback', future=future_id(self), op='remove', token=entry[1])
        return removed
    return remove_done_callback


_original_step = tasks._PyTask._Task__step


def _frames(task):
    """The coroutine frames of a suspended task, outermost first."""
    names = []
    coro = task.get_coro()
    while coro is not None and hasattr(coro, 'cr_code'):
        names.append(coro.cr_code.co_name)
        coro = coro.cr_await
    return names


def _note_failure(task):
    """A task that failed is freed later here than under CPython's default C Task.

    The exception a task stores has a traceback; with the pure-Python Task the
    frames in it lead back (through f_back) to __step's own frame, whose `self` is the
    task: a cycle that only the garbage collector breaks, some time later. The C Task
    has no Python frame there, so it is freed, and "Task exception was never
    retrieved" reported, as soon as its last handle is dropped. So after a handle in
    which a task failed, the loop collects garbage, and the report comes when it
    would come untraced.
    """
    if task.done() and not task.cancelled() and task._exception is not None:
        TRACE.collect_after_handle = True


def _step(self, exc=None):
    if exc is None and not self._must_cancel:
        fields = {'mode': 'send', 'value': 'None'}
    else:
        thrown = exc if isinstance(exc, BaseException) else self._make_cancelled_error()
        fields = {'mode': 'throw', 'exception': repr(thrown)}
    TRACE.scopes.append(TRACE.emit('task.step', task=future_id(self), name=self.get_name(), **fields))
    ready_before = len(self._loop._ready)
    try:
        _original_step(self, exc)
        _note_failure(self)
    finally:
        if not self.done():
            waiter = self._fut_waiter
            if waiter is not None:
                reason, future = 'future', future_id(waiter)
            else:
                queued = list(self._loop._ready)[ready_before:]
                rethrow = any(h._args and isinstance(h._args[0], BaseException) for h in queued
                              if getattr(h._callback, '__self__', None) is self)
                reason, future = ('bad_yield' if rethrow else 'yield'), None
            TRACE.emit('task.suspend', task=future_id(self), name=self.get_name(), reason=reason,
                       future=future, chain=_frames(self))
        TRACE.scopes.pop()


_step.__name__ = '__step'  # handles show it as asyncio names it


def _gathering_wrap(method):
    original = getattr(tasks._GatheringFuture.__bases__[0], method)  # the C Future's

    def reporting(self, *args, **kwargs):
        if self.done():
            return original(self, *args, **kwargs)
        # The C Future resolves and schedules in one call: report just before it.
        fields = {'outcome': 'result', 'result': short_repr(args[0])} if method == 'set_result' else \
            {'outcome': 'exception', 'exception': repr(args[0])}
        TRACE.scopes.append(TRACE.emit('future.resolve', future=future_id(self), callbacks=len(self._callbacks or []),
                                       **fields))
        try:
            return original(self, *args, **kwargs)
        finally:
            TRACE.scopes.pop()
    return reporting


def _gathering_init(self, children, *, loop):
    _original_gathering_init(self, children, loop=loop)
    TRACE.emit('future.new', future=future_id(self), label='_GatheringFuture')


_original_gathering_init = tasks._GatheringFuture.__init__


def _print(*args, **kwargs):
    text = kwargs.get('sep', ' ').join(str(a) for a in args)
    _original_print(*args, **kwargs)
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    if task is None:
        TRACE.emit('print', text=text, task=None)
    else:
        TRACE.emit('print', text=text, task=future_id(task), name=task.get_name())


_original_print = builtins.print


def install():
    """Switches asyncio to the observable classes above."""
    futures.Future = futures._PyFuture
    asyncio.Future = futures._PyFuture
    tasks.Task = tasks._PyTask
    asyncio.Task = tasks._PyTask
    events.Handle.cancel = _handle_cancel
    futures._PyFuture._Future__schedule_callbacks = _schedule_callbacks
    futures._PyFuture.__init__ = _future_init
    futures._PyFuture.add_done_callback = _reporting_add(futures._PyFuture.add_done_callback)
    futures._PyFuture.remove_done_callback = _reporting_remove(futures._PyFuture.remove_done_callback)
    c_future = tasks._GatheringFuture.__bases__[0]
    tasks._GatheringFuture.add_done_callback = _reporting_add(c_future.add_done_callback)
    tasks._GatheringFuture.remove_done_callback = _reporting_remove(c_future.remove_done_callback)
    tasks._PyTask._Task__step = _step
    tasks._GatheringFuture.__init__ = _gathering_init
    tasks._GatheringFuture.set_result = _gathering_wrap('set_result')
    tasks._GatheringFuture.set_exception = _gathering_wrap('set_exception')
    # base_events builds its handles through the events module.
    events.Handle = _NumberedHandle
    events.TimerHandle = _NumberedTimerHandle
    builtins.print = _print
    asyncio.new_event_loop = _new_loop


def _new_loop():
    loop = TracingLoop()
    TRACE.loop = loop
    return loop


def main(argv=None):
    global TRACE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('program')
    parser.add_argument('-o', '--output', required=True)
    parser.add_argument('--name', default=None)
    args = parser.parse_args(argv)
    name = args.name or os.path.splitext(os.path.basename(args.program))[0]
    with open(args.output, 'w', encoding='utf-8') as out:
        TRACE = Trace(out, name)
        install()
        reason, error = 'complete', None
        try:
            # A program that runs its own loop at import does so now; one that only
            # defines `async def main()` (behind a __main__ guard) is run here.
            module = runpy.run_path(args.program, run_name='__coolio__')
            main_coro = module.get('main')
            if TRACE.loop is None and main_coro is not None and asyncio.iscoroutinefunction(main_coro):
                loop = asyncio.new_event_loop()
                asyncio.set_event_loop(loop)
                loop.run_until_complete(main_coro())
        except BaseException as exc:  # the program's error goes in the trace
            reason, error = 'error', repr(exc)
        TRACE.scopes.clear()
        fields = {'reason': reason}
        if error:
            fields['error'] = error
        fields['events'] = TRACE.seq + 1
        TRACE.emit('trace.end', **fields)
    if error:
        sys.stderr.write(f'the program raised {error}\n')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

// curio/sync.hpp — Event and Lock, built outside the kernel on a wait queue.
//
// Neither needs anything from the kernel but sched_wait (park me here) and
// sched_wake (wake n tasks parked here): this is curio's "small kernel" principle.
// Both are FIFO: the task that waited longest is woken first.
#pragma once

#include "coolio/curio/coro.hpp"
#include "coolio/curio/sched.hpp"

namespace coolio::curio {

/// curio.Event: tasks wait until some task sets it.
class Event {
public:
    bool is_set() const noexcept { return set_; }
    /// Returns at once if the event is set; otherwise parks on the event's queue.
    Coro<void> wait();
    /// Sets the event and wakes every waiting task (async in curio: waking is a trap).
    Coro<void> set();
    /// Clears the event; later waits park again.
    void clear() noexcept { set_ = false; }

private:
    bool set_ = false;
    SchedFIFO waiting_{"Event.wait"};
};

/// curio.Lock: one holder at a time. release() hands the lock straight to the
/// longest-waiting task, so nobody can overtake it.
class Lock {
public:
    bool locked() const noexcept { return locked_; }
    Coro<void> acquire();
    /// RuntimeError if the lock is not held.
    Coro<void> release();

private:
    bool locked_ = false;
    SchedFIFO waiting_{"Lock.acquire"};
};

}  // namespace coolio::curio

// locks.hpp — Event, Lock, Condition, Semaphore, BoundedSemaphore, as asyncio/locks.py.
//
// None of these needs anything new from the loop: each blocking call is a future in
// a FIFO list of waiters, and releasing means setting the result of the first one.
// So in a trace, waiting for a lock looks exactly like waiting for a sleep: the task
// suspends on a future (labelled "Lock.acquire", "Event.wait", …) and a done-callback
// wakes it. Waiters are served first-in first-out, which is what makes asyncio's
// locks fair.
//
// An object must outlive the coroutines waiting on it (as in Python, where they hold
// a reference to it). Use them from one loop only.
#pragma once

#include <deque>
#include <functional>
#include <memory>

#include "coolio/coroutines.hpp"
#include "coolio/futures.hpp"

namespace coolio {

/// asyncio.Event: a flag that tasks can wait for.
class Event {
public:
    /// True once set() was called (and until clear()).
    bool is_set() const noexcept { return value_; }
    /// Sets the flag and wakes every waiter (each through its future's callbacks).
    void set();
    /// Clears the flag; later wait()s block again.
    void clear() noexcept { value_ = false; }
    /// Returns at once if set; otherwise waits until set() is called. Returns true.
    Coro<bool> wait();

private:
    std::deque<FuturePtr<bool>> waiters_;
    bool value_ = false;
};

/// asyncio.Lock: mutual exclusion between tasks, granted in the order they asked.
class Lock {
public:
    bool locked() const noexcept { return locked_; }
    /// Takes the lock, waiting for it if another task holds it. Returns true.
    Coro<bool> acquire();
    /// Gives the lock back and wakes the first waiter; RuntimeError if not locked.
    void release();

private:
    void wake_up_first();
    std::deque<FuturePtr<bool>> waiters_;
    bool locked_ = false;
};

/// asyncio.Condition: tasks wait, holding a Lock, until another task notifies them.
///
/// wait() releases the lock, waits for notify(), then takes the lock again before it
/// returns, so the waiter re-checks the shared state under the lock. Waiters are
/// notified first-in first-out. The lock is taken back even if the wait is
/// cancelled: the caller's `finally` code may count on holding it.
class Condition {
public:
    /// A condition with a Lock of its own.
    Condition() : own_lock_(std::make_unique<Lock>()), lock_(own_lock_.get()) {}
    /// A condition on `lock`, which must outlive it (several conditions may share one).
    explicit Condition(Lock& lock) : lock_(&lock) {}

    bool locked() const noexcept { return lock_->locked(); }
    Coro<bool> acquire() { return lock_->acquire(); }
    void release() { lock_->release(); }

    /// Releases the lock, waits until notified, takes the lock again; returns true.
    /// RuntimeError if the lock is not held.
    Coro<bool> wait();
    /// wait()s until `predicate` is true (checked first, and after every wake-up).
    Coro<bool> wait_for(std::function<bool()> predicate);
    /// Wakes up to `n` waiters, oldest first. RuntimeError if the lock is not held.
    void notify(std::size_t n = 1);
    /// Wakes every waiter.
    void notify_all() { notify(waiters_.size()); }

private:
    std::unique_ptr<Lock> own_lock_;
    Lock* lock_;
    std::deque<FuturePtr<bool>> waiters_;
};

/// asyncio.Semaphore: at most `value` tasks at once past acquire().
class Semaphore {
public:
    /// ValueError if `value` < 0.
    explicit Semaphore(int value = 1);
    virtual ~Semaphore() = default;
    /// True when acquire() would wait.
    bool locked() const;
    /// Takes one unit, waiting while there is none. Returns true.
    Coro<bool> acquire();
    /// Gives one unit back and wakes the first waiter.
    virtual void release();
    int value() const noexcept { return value_; }

protected:
    void wake_up_next();
    std::deque<FuturePtr<bool>> waiters_;
    int value_;
};

/// asyncio.BoundedSemaphore: release() beyond the initial value is a ValueError.
class BoundedSemaphore final : public Semaphore {
public:
    explicit BoundedSemaphore(int value = 1) : Semaphore(value), bound_(value) {}
    void release() override;

private:
    int bound_;
};

}  // namespace coolio

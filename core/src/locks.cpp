#include "coolio/locks.hpp"

#include <algorithm>

#include "coolio/tasks.hpp"

namespace coolio {

namespace {

template <class Waiters>
void remove_waiter(Waiters& waiters, const FuturePtr<bool>& waiter) {
    auto found = std::find(waiters.begin(), waiters.end(), waiter);
    if (found != waiters.end()) waiters.erase(found);
}

}  // namespace

// ---- Event ----

void Event::set() {
    if (value_) return;
    value_ = true;
    for (const FuturePtr<bool>& waiter : waiters_)
        if (!waiter->done()) waiter->set_result(true);
}

Coro<bool> Event::wait() {
    if (value_) co_return true;
    FuturePtr<bool> waiter = get_running_loop().create_future<bool>("Event.wait");
    waiters_.push_back(waiter);
    try {
        co_await waiter;
    } catch (...) {
        remove_waiter(waiters_, waiter);
        throw;
    }
    remove_waiter(waiters_, waiter);
    co_return true;
}

// ---- Lock ----

Coro<bool> Lock::acquire() {
    // Free, and nobody (still interested) in line before us: take it without waiting.
    bool nobody_waiting = std::all_of(waiters_.begin(), waiters_.end(), [](auto& w) { return w->cancelled(); });
    if (!locked_ && nobody_waiting) {
        locked_ = true;
        co_return true;
    }
    FuturePtr<bool> waiter = get_running_loop().create_future<bool>("Lock.acquire");
    waiters_.push_back(waiter);
    std::exception_ptr cancelled;  // handled outside the catch: no co_await there
    try {
        co_await waiter;
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    remove_waiter(waiters_, waiter);
    if (cancelled) {
        // We may have been woken to take the lock, but are cancelled: pass the turn on.
        if (!locked_) wake_up_first();
        std::rethrow_exception(cancelled);
    }
    locked_ = true;
    co_return true;
}

void Lock::release() {
    if (!locked_) throw RuntimeError("Lock is not acquired.");
    locked_ = false;
    wake_up_first();
}

void Lock::wake_up_first() {
    if (waiters_.empty()) return;
    const FuturePtr<bool>& first = waiters_.front();
    if (!first->done()) first->set_result(true);
}

// ---- Condition ----

Coro<bool> Condition::wait() {
    if (!locked()) throw RuntimeError("cannot wait on un-acquired lock");
    release();
    std::exception_ptr error;  // what the wait raised, raised again once we hold the lock
    FuturePtr<bool> waiter = get_running_loop().create_future<bool>("Condition.wait");
    waiters_.push_back(waiter);
    try {
        co_await waiter;
    } catch (...) {
        error = std::current_exception();
    }
    remove_waiter(waiters_, waiter);
    // Take the lock back whatever happened; a cancellation meanwhile is remembered and
    // raised afterwards (C++ cannot co_await in a catch block, hence the flag).
    bool cancelled = false;
    while (true) {
        try {
            co_await acquire();
            break;
        } catch (const CancelledError&) {
            cancelled = true;
        }
    }
    if (cancelled) throw CancelledError();
    if (error) std::rethrow_exception(error);
    co_return true;
}

Coro<bool> Condition::wait_for(std::function<bool()> predicate) {
    bool result = predicate();
    while (!result) {
        co_await wait();
        result = predicate();
    }
    co_return result;
}

void Condition::notify(std::size_t n) {
    if (!locked()) throw RuntimeError("cannot notify on un-acquired lock");
    std::size_t woken = 0;
    for (const FuturePtr<bool>& waiter : waiters_) {
        if (woken >= n) break;
        if (!waiter->done()) {
            ++woken;
            waiter->set_result(false);
        }
    }
}

// ---- Semaphore ----

Semaphore::Semaphore(int value) : value_(value) {
    if (value < 0) throw ValueError("Semaphore initial value must be >= 0");
}

bool Semaphore::locked() const {
    return value_ == 0 || std::any_of(waiters_.begin(), waiters_.end(), [](auto& w) { return !w->cancelled(); });
}

Coro<bool> Semaphore::acquire() {
    if (!locked()) {
        --value_;
        co_return true;
    }
    FuturePtr<bool> waiter = get_running_loop().create_future<bool>("Semaphore.acquire");
    waiters_.push_back(waiter);
    std::exception_ptr cancelled;
    try {
        co_await waiter;
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    remove_waiter(waiters_, waiter);
    if (cancelled) {
        // Woken (a unit was set aside for us) but cancelled: give the unit back.
        if (!waiter->cancelled()) {
            ++value_;
            wake_up_next();
        }
        std::rethrow_exception(cancelled);
    }
    if (value_ > 0) wake_up_next();
    co_return true;
}

void Semaphore::release() {
    ++value_;
    wake_up_next();
}

void Semaphore::wake_up_next() {
    for (const FuturePtr<bool>& waiter : waiters_) {
        if (!waiter->done()) {
            --value_;  // the unit is reserved for this waiter
            waiter->set_result(true);
            return;
        }
    }
}

void BoundedSemaphore::release() {
    if (value_ >= bound_) throw ValueError("BoundedSemaphore released too many times");
    Semaphore::release();
}

}  // namespace coolio

#include "coolio/curio/sync.hpp"

#include "coolio/curio/traps.hpp"
#include "coolio/exceptions.hpp"

namespace coolio::curio {

Coro<void> Event::wait() {
    if (set_) co_return;
    co_await _scheduler_wait(waiting_, "EVENT_WAIT");
}

Coro<void> Event::set() {
    set_ = true;
    if (!waiting_.empty()) co_await _scheduler_wake(waiting_, waiting_.size());
}

Coro<void> Lock::acquire() {
    if (!locked_) {
        locked_ = true;
        co_return;
    }
    // Parked until a release() hands the lock over: it is still locked, now ours.
    co_await _scheduler_wait(waiting_, "LOCK_ACQUIRE");
}

Coro<void> Lock::release() {
    if (!locked_) throw RuntimeError("Lock is not acquired");
    if (waiting_.empty()) locked_ = false;
    else co_await _scheduler_wake(waiting_, 1);
}

}  // namespace coolio::curio

#include "coolio/sleep.hpp"

#include "coolio/tasks.hpp"

namespace coolio {

namespace {

// Schedules futures._set_result_unless_cancelled(future, None) `delay` seconds from now.
// A function of its own, not a coroutine, for memory: g++ gives every temporary of a
// coroutine's body room in its frame, and this call's temporaries (the callback, its
// description) would make the frame of every sleeping coroutine 60 bytes bigger.
TimerHandlePtr set_result_later(double delay, const FuturePtr<None>& future) {
    // The handle's CallbackInfo holds the future (its argument) for as long as the
    // handle lives, so the callback holds a plain pointer: a Callback then keeps it in
    // place, without allocating (callback.hpp).
    return future->get_loop().call_later(
        delay, [target = future.get()] { set_result_unless_cancelled(*target, none); },
        CallbackInfo{"futures._set_result_unless_cancelled", nullptr, future});
}

}  // namespace

Coro<void> sleep(double delay) {
    if (delay <= 0) {
        co_await YieldNow{};
        co_return;
    }
    FuturePtr<None> future = get_running_loop().create_future<None>("sleep");
    TimerHandlePtr timer = set_result_later(delay, future);
    // Like asyncio's `finally: h.cancel()`: whether we were woken by the timer or
    // cancelled, the timer handle is cancelled (a no-op if it already ran).
    try {
        co_await future;
    } catch (...) {
        timer->cancel();
        throw;
    }
    timer->cancel();
}

}  // namespace coolio

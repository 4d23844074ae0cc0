#include "coolio/sleep.hpp"

#include "coolio/tasks.hpp"

namespace coolio {

Coro<void> sleep(double delay) {
    if (delay <= 0) {
        co_await YieldNow{};
        co_return;
    }
    EventLoop& loop = get_running_loop();
    FuturePtr<None> future = loop.create_future<None>("sleep");
    // The handle's CallbackInfo holds the future (its argument) for as long as the
    // handle lives, so the callback holds a plain pointer: std::function then keeps it
    // without allocating.
    TimerHandlePtr timer = loop.call_later(
        delay, [target = future.get()] { set_result_unless_cancelled(*target, none); },
        CallbackInfo{"futures._set_result_unless_cancelled", nullptr, future});
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

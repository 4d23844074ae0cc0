// cancel_swallowed — a task catches its CancelledError and carries on.
//
// Cancellation in asyncio is a request, delivered as an exception at the task's
// current await. A task may catch it and go on (asyncio allows it, though it is rarely
// wise); uncancel() then takes the request back, so cancelling() is 0 again. The task
// ends with a result, not cancelled.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<std::string> stubborn() {
    try {
        co_await sleep(10);
    } catch (const CancelledError&) {
        print("stubborn: cancelled; cancelling() =", current_task()->cancelling());
        current_task()->uncancel();
        print("stubborn: swallowed it; cancelling() =", current_task()->cancelling());
    }
    co_await sleep(1);
    print("stubborn: finished at", get_running_loop().time());
    co_return "still here";
}

Coro<void> main_coro() {
    auto task = create_task(stubborn());
    co_await sleep(1);
    task->cancel();
    std::string result = co_await task;
    print("main: result", result, "cancelled:", task->cancelled());
}

}  // namespace

void cancel_swallowed(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

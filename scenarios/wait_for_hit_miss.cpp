// wait_for_hit_miss — wait_for in time, and too late.
//
// wait_for runs the coroutine in a task of its own and waits for whichever comes
// first: the task's end or a timer. In time, the timer is cancelled and the result
// returned. Too late, the task is cancelled (a CancelledError is thrown in where it
// sleeps, so it can clean up) and wait_for waits for it to finish before raising
// TimeoutError: nothing keeps running behind the caller's back.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<std::string> slow(std::string name, double delay) {
    try {
        co_await sleep(delay);
    } catch (const CancelledError&) {
        print(name, "cancelled, cleaning up");
        throw;
    }
    print(name, "finished");
    co_return name;
}

Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    print("hit:", co_await wait_for(slow("fast", 1), 2));
    try {
        co_await wait_for(slow("slow", 5), 2);
    } catch (const TimeoutError&) {
        print("miss:", exception_repr(std::current_exception()), "at", loop.time());
    }
    print("no timeout:", co_await wait_for(slow("unbounded", 1), std::nullopt), "at", loop.time());
}

}  // namespace

void wait_for_hit_miss(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

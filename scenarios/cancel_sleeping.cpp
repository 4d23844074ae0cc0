// cancel_sleeping — cancelling a sleeping task cancels its sleep.
//
// The sleeping task waits on sleep's future. cancel() passes the request on to that
// future: the future is cancelled, which cancels its timer (the heap drops it) and
// queues the task's __wakeup, which throws CancelledError in at the `co_await`. The
// task may clean up; re-raising ends it cancelled.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> sleeper() {
    print("sleeper: going to sleep for 10 s");
    try {
        co_await sleep(10);
    } catch (const CancelledError&) {
        print("sleeper: cancelled at", get_running_loop().time());
        throw;
    }
    print("sleeper: woke up normally");
}

Coro<void> main_coro() {
    auto task = create_task(sleeper());
    co_await sleep(1);
    print("main: cancel() ->", task->cancel());
    try {
        co_await task;
    } catch (const CancelledError&) {
        print("main: the task is cancelled:", task->cancelled());
    }
    print("main: done at", get_running_loop().time());
}

}  // namespace

void cancel_sleeping(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

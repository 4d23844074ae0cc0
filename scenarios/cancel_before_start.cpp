// cancel_before_start — a task cancelled before its first step never runs its body.
//
// create_task queues the task's first __step. cancel() finds the task waiting on no
// future, so it only notes that the step must throw CancelledError in. Throwing into a
// coroutine that has not started ends it at once: not one line of its body runs.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> never_runs() {
    print("this line is never printed");
    co_return;
}

Coro<void> main_coro() {
    auto task = create_task(never_runs());
    print("cancel() ->", task->cancel("too early"));
    print("cancelled() right after cancel():", task->cancelled());
    try {
        co_await task;
    } catch (const CancelledError&) {
        print("awaiting it raised", exception_repr(std::current_exception()));
    }
    print("cancelled() now:", task->cancelled());
}

}  // namespace

void cancel_before_start(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

// cancel_sleeping — cancelling a sleeping task cancels its sleep.
//
// The sleeping task waits on sleep's future. cancel() passes the request on to that
// future: the future is cancelled, which cancels its timer (the heap drops it) and
// queues the task's __wakeup, which throws CancelledError in at the `co_await`. The
// task may clean up; re-raising ends it cancelled.
//
// On curio (a dual scenario): cancel(task) is a trap. The kernel unhooks the sleeper
// from the timer heap (what its state, TIME_SLEEP, says it is parked on), puts it
// back on the ready queue with TaskCancelled to throw in at its sleep trap, and parks
// main until the sleeper has terminated. No future is cancelled: there is none.
#include "coolio/coolio.hpp"
#include "coolio/curio/curio.hpp"

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

// ---- the same program on the curio kernel ----

namespace {
namespace on_curio {  // internal, like the asyncio version above

curio::Coro<void> sleeper() {
    print("sleeper: going to sleep for 10 s");
    std::exception_ptr cancelled;  // C++ cannot co_await inside a catch block
    try {
        co_await curio::sleep(10);
    } catch (const curio::TaskCancelled&) {
        cancelled = std::current_exception();
    }
    if (cancelled) {
        print("sleeper: cancelled at", co_await curio::clock());
        std::rethrow_exception(cancelled);
    }
    print("sleeper: woke up normally");
}

curio::Coro<void> main_task() {
    auto task = co_await curio::spawn(sleeper());
    co_await curio::sleep(1);
    // asyncio's cancel() only asks, and says True if the task had not finished;
    // curio's cancel waits until the task has terminated. So the line asyncio prints
    // when it asks is printed here just before the trap, with the same answer.
    print("main: cancel() ->", !task->terminated());
    co_await curio::cancel(task);
    print("main: the task is cancelled:", task->cancelled());
    print("main: done at", co_await curio::clock());
}

}  // namespace on_curio
}  // namespace

void cancel_sleeping_curio(curio::Kernel& kernel) { kernel.run(on_curio::main_task()); }

}  // namespace coolio::scenarios

// cancel_sleeper — main cancels a task in the middle of a long sleep.
//
// asyncio: task.cancel() cancels the future the task waits on (the sleep's future);
// its done-callback wakes the task, whose next step throws CancelledError into the
// coroutine at the `await sleep(10)`. The sleeper may clean up, then lets the error
// out; `await task` in main raises CancelledError too.
//
// curio: cancel(task) is a trap. The kernel unhooks the sleeper from the timer heap
// (what its state, TIME_SLEEP, says it is parked on), puts it back on the ready queue
// with TaskCancelled to throw in at its sleep trap, and parks main until the sleeper
// has terminated. No future is cancelled: there is none.
#include "coolio/coolio.hpp"
#include "coolio/curio/curio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> sleeper() {
    print("sleeper: going to sleep for 10 s");
    try {
        co_await sleep(10);
    } catch (const CancelledError&) {
        print("sleeper: cancelled while sleeping");
        throw;
    }
    print("sleeper: woke up");  // never printed
}

Coro<void> main_coro() {
    double start = get_running_loop().time();
    auto task = create_task(sleeper());
    co_await sleep(1);
    print("main: cancelling the sleeper");
    task->cancel();
    try {
        co_await task;
    } catch (const CancelledError&) {
        print("main: the sleeper is cancelled:", task->cancelled());
    }
    print("TIME: ", get_running_loop().time() - start);
}

}  // namespace

void cancel_sleeper(EventLoop& loop) { loop.run_until_complete(main_coro()); }

// ---- the same program on the curio kernel ----

namespace {
namespace on_curio {  // internal, like the asyncio version above

curio::Coro<void> sleeper() {
    print("sleeper: going to sleep for 10 s");
    try {
        co_await curio::sleep(10);
    } catch (const curio::TaskCancelled&) {
        print("sleeper: cancelled while sleeping");
        throw;
    }
    print("sleeper: woke up");  // never printed
}

curio::Coro<void> main_task() {
    double start = co_await curio::clock();
    auto task = co_await curio::spawn(sleeper());
    co_await curio::sleep(1);
    print("main: cancelling the sleeper");
    co_await curio::cancel(task);  // returns once the sleeper has terminated
    print("main: the sleeper is cancelled:", task->cancelled());
    print("TIME: ", co_await curio::clock() - start);
}

}  // namespace on_curio
}  // namespace

void cancel_sleeper_curio(curio::Kernel& kernel) { kernel.run(on_curio::main_task()); }

}  // namespace coolio::scenarios

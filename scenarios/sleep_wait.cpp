// sleep_wait — the walkthrough of the doc this project started from.
//
// Three do_some_work(x) coroutines are handed to wait(). wait()'s task turns each into
// a task; each prints, awaits long_time_work(x) inline, which prints and awaits
// sleep(x): a future that a timer resolves x seconds later. The loop has nothing to do
// in between, so (on the virtual clock) time jumps from 0 to 1, 2 and 3.
//
// The curio version below is the same program on the curio kernel: the three tasks
// are spawned and joined (wait() has no curio twin; joining each is what it means
// here), and the time is read with the clock trap inside the main task, since in
// curio nothing runs outside a task. Its sleep(x) is a trap: the task parks on the
// kernel's timer heap itself, with no future, no timer handle and no callback.
#include "coolio/coolio.hpp"
#include "coolio/curio/curio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> long_time_work(double x) {
    print("long time work");
    co_await sleep(x);
    print("long time work End");
}

Coro<void> do_some_work(int x) {
    print("Waiting: ", x);
    co_await long_time_work(x);
}

}  // namespace

void sleep_wait(EventLoop& loop) {
    double start = loop.time();
    loop.run_until_complete(wait({do_some_work(1), do_some_work(2), do_some_work(3)}));
    print("TIME: ", loop.time() - start);
}

// ---- the same program on the curio kernel ----

namespace {
namespace on_curio {  // internal, like the asyncio version above

curio::Coro<void> long_time_work(double x) {
    print("long time work");
    co_await curio::sleep(x);
    print("long time work End");
}

curio::Coro<void> do_some_work(int x) {
    print("Waiting: ", x);
    co_await long_time_work(x);
}

curio::Coro<void> main_task() {
    double start = co_await curio::clock();
    std::vector<curio::TaskPtr<void>> tasks;
    const int seconds[] = {1, 2, 3};  // (no braced list in a loop that awaits: GCC 12 mishandles it)
    for (int x : seconds) tasks.push_back(co_await curio::spawn(do_some_work(x)));
    for (const curio::TaskPtr<void>& task : tasks) co_await curio::join(task);
    print("TIME: ", co_await curio::clock() - start);
}

}  // namespace on_curio
}  // namespace

void sleep_wait_curio(curio::Kernel& kernel) { kernel.run(on_curio::main_task()); }

}  // namespace coolio::scenarios

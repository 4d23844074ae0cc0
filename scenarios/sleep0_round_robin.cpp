// sleep0_round_robin — sleep(0) hands the turn to the next task.
//
// sleep(0) makes no timer and no future: the task just yields, and its next step is
// queued behind the steps of the others. Three tasks therefore take turns, one step
// each per tick, like players round a table.
//
// On the curio kernel sleep(0) is a trap that puts the task at the back of the
// kernel's ready queue; the turns are the same, one per kernel cycle.
#include "coolio/coolio.hpp"
#include "coolio/curio/curio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> worker(std::string name, int turns) {
    for (int i = 0; i < turns; ++i) {
        print(name, i);
        co_await sleep(0);
    }
}

Coro<void> main_coro() {
    co_await gather(worker("A", 3), worker("B", 3), worker("C", 3));
    print("all done");
}

}  // namespace

void sleep0_round_robin(EventLoop& loop) { loop.run_until_complete(main_coro()); }

// ---- the same program on the curio kernel ----

namespace {
namespace on_curio {  // internal, like the asyncio version above

curio::Coro<void> worker(std::string name, int turns) {
    for (int i = 0; i < turns; ++i) {
        print(name, i);
        co_await curio::sleep(0);
    }
}

// gather(a, b, c) has no curio twin: spawn each, then join each.
curio::Coro<void> main_task() {
    std::vector<curio::TaskPtr<void>> tasks;
    const std::vector<std::string> names{"A", "B", "C"};  // (no braced list in a loop that awaits: GCC 12)
    for (const std::string& name : names) tasks.push_back(co_await curio::spawn(worker(name, 3)));
    for (const curio::TaskPtr<void>& task : tasks) co_await curio::join(task);
    print("all done");
}

}  // namespace on_curio
}  // namespace

void sleep0_round_robin_curio(curio::Kernel& kernel) { kernel.run(on_curio::main_task()); }

}  // namespace coolio::scenarios

// sleep0_round_robin — sleep(0) hands the turn to the next task.
//
// sleep(0) makes no timer and no future: the task just yields, and its next step is
// queued behind the steps of the others. Three tasks therefore take turns, one step
// each per tick, like players round a table.
#include "coolio/coolio.hpp"

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

}  // namespace coolio::scenarios

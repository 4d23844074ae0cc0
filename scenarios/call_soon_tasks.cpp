// call_soon_tasks — callbacks and task steps share one ready queue.
//
// A plain callback queued with call_soon and a task's next step are both just
// handles; the loop runs them in the order they were queued, one tick's worth at a
// time. Watch where "callback 2" lands: after worker A's first step, because A's step
// was queued before it.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

void callback(int n) { print("callback", n); }

Coro<void> worker(std::string name) {
    print(name, "step 1");
    co_await sleep(0);
    print(name, "step 2");
}

Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    loop.call_soon([] { callback(1); }, "callback");
    auto task = ensure_future(worker("A"));
    loop.call_soon([] { callback(2); }, "callback");
    co_await task;
    loop.call_soon([] { callback(3); }, "callback");
    co_await sleep(0);
    print("main done");
}

}  // namespace

void call_soon_tasks(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

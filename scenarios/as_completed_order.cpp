// as_completed_order — results in the order the tasks finish.
//
// as_completed gives every task a done-callback that puts it in a Queue, and hands
// back one coroutine per task that takes the next one out. So the loop over it sees
// the fastest task first, whatever the order the tasks were given in. With a timeout,
// a timer fills the queue with "nothing" markers: the coroutines still waiting raise
// TimeoutError, and the task itself keeps running.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<std::string> fetch(std::string name, double delay) {
    co_await sleep(delay);
    print("fetched", name);
    co_return name;
}

Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    std::vector<TaskPtr<std::string>> tasks = {create_task(fetch("slow", 3)), create_task(fetch("fast", 1)),
                                               create_task(fetch("medium", 2))};
    for (auto& next_done : as_completed(tasks)) print("got", co_await std::move(next_done), "at", loop.time());

    std::vector<TaskPtr<std::string>> late = {create_task(fetch("late", 5))};
    for (auto& next_done : as_completed(late, 1)) {
        try {
            co_await std::move(next_done);
        } catch (const TimeoutError&) {
            print("as_completed timed out at", loop.time());
        }
    }
    std::string name = co_await late[0];
    print("the late task still finished:", name, "at", loop.time());
}

}  // namespace

void as_completed_order(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

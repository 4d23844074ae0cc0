// wait_modes — asyncio.wait's three ways to return, and its timeout.
//
// wait() adds one done-callback (_on_completion) to every task and awaits a single
// waiter future. FIRST_COMPLETED sets the waiter at the first completion,
// FIRST_EXCEPTION at the first failure (or when all are done), ALL_COMPLETED when all
// are done. With a timeout, a timer sets the waiter instead, and the tasks not done by
// then are returned as pending, still running: wait never cancels anything.
#include <algorithm>

#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<std::string> job(std::string name, double delay, bool fail = false) {
    co_await sleep(delay);
    if (fail) throw ValueError(name);
    print(name, "finished");
    co_return name;
}

std::vector<std::string> names(const std::vector<FutureBasePtr>& tasks) {
    std::vector<std::string> out;
    for (const auto& task : tasks) out.push_back(task->name());
    std::sort(out.begin(), out.end());
    return out;
}

// (The lists are built before each co_await: g++ 12 cannot compile a braced list
// inside a co_await expression.)
Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    auto a = create_task(job("a", 1), "a");
    auto b = create_task(job("b", 2), "b");
    std::vector<Awaitable> both = {a, b};
    WaitResult r = co_await wait(both, std::nullopt, FIRST_COMPLETED);
    print("FIRST_COMPLETED at", loop.time(), names(r.done), names(r.pending));

    auto c = create_task(job("c", 0.5, true), "c");
    auto d = create_task(job("d", 3), "d");
    std::vector<Awaitable> three = {b, c, d};
    r = co_await wait(three, std::nullopt, FIRST_EXCEPTION);
    print("FIRST_EXCEPTION at", loop.time(), names(r.done), names(r.pending));

    std::vector<Awaitable> last = {d};
    r = co_await wait(last, std::nullopt, ALL_COMPLETED);
    print("ALL_COMPLETED at", loop.time(), names(r.done), names(r.pending));

    auto e = create_task(job("e", 5), "e");
    std::vector<Awaitable> only_e = {e};
    r = co_await wait(only_e, 1.5);
    print("timeout at", loop.time(), names(r.done), names(r.pending));
    std::string result = co_await e;
    print("e result", result, "exception of c", exception_repr(c->exception()));
}

}  // namespace

void wait_modes(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

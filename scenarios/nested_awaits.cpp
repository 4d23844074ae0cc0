// nested_awaits — a coroutine awaiting a coroutine awaiting sleep: one task, one chain.
//
// Awaiting a coroutine does not make a task: the callee runs inline, inside the
// caller's step, until something deep down (here sleep's future) suspends the whole
// chain. So top -> middle -> leaf -> sleep is one task suspended on one future, and
// the await chain in the trace shows all four frames. Values travel back up the chain
// when the future resolves, all within one step.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<int> leaf(int n) {
    print("leaf", n, "sleeps");
    co_await sleep(n);
    co_return n * 10;
}

Coro<int> middle(int n) {
    print("middle", n, "calls leaf");
    int value = co_await leaf(n);
    print("middle", n, "got", value);
    co_return value + 1;
}

Coro<int> top() {
    int a = co_await middle(1);
    int b = co_await middle(2);
    print("top got", a, b);
    co_return a + b;
}

Coro<void> main_coro() {
    auto task = create_task(top());
    auto other = create_task(middle(3));
    print("main waits");
    int first = co_await task;
    int second = co_await other;
    print("result", first, second);
}

}  // namespace

void nested_awaits(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

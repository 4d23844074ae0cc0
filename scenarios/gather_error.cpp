// gather_error — what gather does when one of its tasks fails.
//
// With return_exceptions the failure is just one more entry in the result list.
// Without it, gather's future fails as soon as the failing task does, and the
// awaiting coroutine sees the exception at once, but the other tasks are not
// cancelled: "f" still finishes later, which surprises many people.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<std::string> ok(std::string name, double delay) {
    co_await sleep(delay);
    print(name, "finished");
    co_return name;
}

Coro<std::string> fail(double delay) {
    co_await sleep(delay);
    print("fail raises");
    throw ValueError("boom");
}

Coro<void> main_coro() {
    auto results = co_await gather(return_exceptions, ok("a", 1), fail(2), ok("c", 3));
    print("with return_exceptions:", results);
    try {
        co_await gather(ok("d", 1), fail(2), ok("f", 3));
    } catch (const ValueError&) {
        print("gather raised", exception_repr(std::current_exception()));
    }
    co_await sleep(2);  // "f" is still running: gather did not cancel it
    print("done");
}

}  // namespace

void gather_error(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

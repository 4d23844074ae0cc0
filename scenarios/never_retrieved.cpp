// never_retrieved — a failed task that nobody awaits is reported when it is freed.
//
// A task's exception is meant to be retrieved: by awaiting the task, or by result()
// or exception(). When a task that failed is destroyed and nobody did, the loop's
// exception handler is called with "Task exception was never retrieved" (CPython
// does it when the last reference goes; so does coolio). The handler here prints, so
// the report is part of the program's output.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> fail() {
    co_await sleep(1);
    throw ValueError("nobody looks at me");
}

Coro<int> fail_but_awaited() {
    co_await sleep(1);
    throw ValueError("caught");
}

Coro<void> main_coro() {
    get_running_loop().set_exception_handler([](EventLoop&, const ExceptionContext& context) {
        print("handler:", context.message, "-", exception_repr(context.exception));
    });
    create_task(fail());  // nobody keeps it
    auto awaited = create_task(fail_but_awaited());
    co_await sleep(2);
    try {
        co_await awaited;
    } catch (const ValueError&) {
        print("main: retrieved", exception_repr(std::current_exception()));
    }
    print("main: done");
}

}  // namespace

void never_retrieved(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

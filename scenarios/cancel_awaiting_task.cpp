// cancel_awaiting_task — cancelling a task that awaits another task cancels both.
//
// outer waits on the inner task (a task is a future). cancel() on outer is passed to
// what it waits on: Task.cancel on inner, which passes it on to inner's sleep future.
// The CancelledError then travels back up: inner wakes and ends cancelled, which
// wakes outer with the same error.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> inner() {
    try {
        co_await sleep(10);
    } catch (const CancelledError&) {
        print("inner: cancelled too");
        throw;
    }
}

Coro<void> outer(TaskPtr<void> inner_task) {
    try {
        co_await inner_task;
    } catch (const CancelledError&) {
        print("outer: cancelled while awaiting inner");
        throw;
    }
}

Coro<void> main_coro() {
    auto i = create_task(inner());
    auto o = create_task(outer(i));
    co_await sleep(1);
    o->cancel();
    try {
        co_await o;
    } catch (const CancelledError&) {
        print("main: outer cancelled:", o->cancelled(), "inner cancelled:", i->cancelled());
    }
}

}  // namespace

void cancel_awaiting_task(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

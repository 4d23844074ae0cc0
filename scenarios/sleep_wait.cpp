// sleep_wait — the walkthrough of the doc this project started from.
//
// Three do_some_work(x) coroutines are handed to wait(). wait()'s task turns each into
// a task; each prints, awaits long_time_work(x) inline, which prints and awaits
// sleep(x): a future that a timer resolves x seconds later. The loop has nothing to do
// in between, so (on the virtual clock) time jumps from 0 to 1, 2 and 3.
#include "coolio/coolio.hpp"

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

}  // namespace coolio::scenarios

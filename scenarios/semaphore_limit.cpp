// semaphore_limit — a Semaphore(2) lets two downloads run at a time.
//
// acquire() takes a unit if one is left; otherwise the task waits on a future at the
// back of the semaphore's line. release() gives the unit to the first in line (FIFO),
// so the five downloads run in pairs, in the order they asked: 0 and 1, then 2 and 3,
// then 4.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> download(Semaphore& sem, int n) {
    co_await sem.acquire();  // Python: async with sem
    print("start", n, "at", get_running_loop().time());
    co_await sleep(1);
    print("end", n);
    sem.release();
}

Coro<void> main_coro() {
    Semaphore sem(2);
    co_await gather(download(sem, 0), download(sem, 1), download(sem, 2), download(sem, 3), download(sem, 4));
    print("all downloaded at", get_running_loop().time());
}

}  // namespace

void semaphore_limit(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

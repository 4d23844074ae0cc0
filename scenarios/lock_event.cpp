// lock_event — an Event starts three workers; a Lock lets them in one at a time.
//
// All three wait on the Event's futures; set() resolves them all at once. Then they
// queue for the Lock: each acquire() that finds it taken suspends on a "Lock.acquire"
// future, and each release() resolves the first one in line, so they get the lock in
// the order they asked for it (asyncio's locks are fair).
#include "coolio/coolio.hpp"
#include "coolio/locks.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> worker(std::string name, Lock& lock, Event& start) {
    co_await start.wait();
    print(name, "waiting for the lock");
    co_await lock.acquire();
    print(name, "has the lock");
    co_await sleep(1);
    lock.release();
    print(name, "released the lock");
}

Coro<void> main_coro() {
    Lock lock;
    Event start;
    std::vector<TaskPtr<void>> workers;
    for (const char* name : {"A", "B", "C"}) workers.push_back(ensure_future(worker(name, lock, start)));
    co_await sleep(0);
    print("starting");
    start.set();
    co_await gather(std::move(workers));
}

}  // namespace

void lock_event(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

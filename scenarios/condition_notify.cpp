// condition_notify — consumers wait on a Condition until the producer notifies them.
//
// wait_for(predicate) checks the predicate under the lock; while it is false, wait()
// releases the lock, waits on a future of its own, and takes the lock again when
// notified. notify() wakes the oldest waiter only; it still has to get the lock,
// which the producer holds until it leaves its block.
#include <deque>

#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> consumer(Condition& cond, std::deque<int>& items, int n) {
    co_await cond.acquire();  // Python: async with cond
    co_await cond.wait_for([&] { return !items.empty(); });
    print("consumer", n, "got", items.front());
    items.pop_front();
    cond.release();
}

Coro<void> producer(Condition& cond, std::deque<int>& items) {
    for (int i = 0; i < 3; ++i) {
        co_await sleep(1);
        co_await cond.acquire();
        items.push_back(i);
        print("producer put", i, "at", get_running_loop().time());
        cond.notify();
        cond.release();
    }
}

Coro<void> main_coro() {
    Condition cond;
    std::deque<int> items;
    co_await gather(consumer(cond, items, 1), consumer(cond, items, 2), consumer(cond, items, 3),
                    producer(cond, items));
    print("all consumed:", items.empty());
}

}  // namespace

void condition_notify(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

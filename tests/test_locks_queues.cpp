// Event, Lock, Semaphore (locks.py) and the queues (queues.py).
#include <doctest/doctest.h>

#include "coolio/locks.hpp"
#include "coolio/queues.hpp"
#include "support.hpp"

using namespace coolio;
using coolio::testing::TracedLoop;

TEST_SUITE("locks") {
    TEST_CASE("Event.set wakes every waiter, and wait returns at once once set") {
        TracedLoop t;
        Event event;
        auto waiter = [&](int id) -> Coro<void> {
            co_await event.wait();
            print("woke", id);
        };
        auto program = [&]() -> Coro<void> {
            auto all = gather(waiter(1), waiter(2));
            co_await coolio::sleep(1);
            CHECK_FALSE(event.is_set());
            event.set();
            co_await all;
            co_await event.wait();  // already set: no suspension
            event.clear();
            CHECK_FALSE(event.is_set());
        };
        t.loop.run_until_complete(program());
        CHECK(t.out.str() == "woke 1\nwoke 2\n");
    }

    TEST_CASE("Lock grants itself in the order tasks asked for it") {
        TracedLoop t;
        Lock lock;
        std::vector<int> order;
        auto user = [&](int id) -> Coro<void> {
            co_await lock.acquire();
            order.push_back(id);
            co_await coolio::sleep(1);
            lock.release();
        };
        t.loop.run_until_complete(gather(user(1), user(2), user(3)));
        CHECK(order == std::vector<int>{1, 2, 3});
        CHECK(t.loop.time() == 3.0);
        CHECK_FALSE(lock.locked());
        auto events = t.events();
        auto labelled = std::count_if(events.begin(), events.end(),
                                      [](auto& e) { return e["kind"] == "future.new" && e["label"] == "Lock.acquire"; });
        CHECK(labelled == 2);  // the first user took it without waiting
    }

    TEST_CASE("releasing an unlocked Lock raises RuntimeError") {
        Lock lock;
        CHECK_THROWS_WITH_AS(lock.release(), "Lock is not acquired.", RuntimeError);
    }

    TEST_CASE("a Semaphore lets at most its value of tasks in at once") {
        EventLoop loop;
        set_event_loop(&loop);
        Semaphore semaphore(2);
        int inside = 0, most = 0;
        auto user = [&]() -> Coro<void> {
            co_await semaphore.acquire();
            most = std::max(most, ++inside);
            co_await coolio::sleep(1);
            --inside;
            semaphore.release();
        };
        loop.run_until_complete(gather(user(), user(), user(), user(), user()));
        CHECK(most == 2);
        CHECK(loop.time() == 3.0);
        CHECK(semaphore.value() == 2);
        set_event_loop(nullptr);
    }

    TEST_CASE("a BoundedSemaphore refuses to be released above its initial value") {
        BoundedSemaphore semaphore(1);
        CHECK_THROWS_AS(semaphore.release(), ValueError);
        CHECK_THROWS_AS(Semaphore(-1), ValueError);
    }

    TEST_CASE("a task cancelled while waiting for a Lock leaves the line") {
        EventLoop loop;
        Lock lock;
        auto holder = [&]() -> Coro<void> {
            co_await lock.acquire();
            co_await coolio::sleep(5);
            lock.release();
        };
        auto waiter = [&]() -> Coro<void> { co_await lock.acquire(); };
        auto h = loop.create_task(holder());
        auto w = loop.create_task(waiter());
        loop.call_later(1, [&] { w->cancel(); });
        CHECK_THROWS_AS(loop.run_until_complete(w), CancelledError);
        loop.run_until_complete(h);
        CHECK_FALSE(lock.locked());
    }
}

TEST_SUITE("queues") {
    TEST_CASE("a bounded Queue makes put wait for room and get wait for items") {
        TracedLoop t;
        Queue<int> queue(1);
        std::vector<std::string> log;
        auto producer = [&]() -> Coro<void> {
            for (int i = 0; i < 3; ++i) {
                co_await queue.put(i);
                log.push_back("put " + std::to_string(i) + " at " + float_repr(t.loop.time()));
            }
        };
        auto consumer = [&]() -> Coro<void> {
            for (int i = 0; i < 3; ++i) {
                co_await coolio::sleep(1);
                int item = co_await queue.get();
                log.push_back("got " + std::to_string(item) + " at " + float_repr(t.loop.time()));
                queue.task_done();
            }
        };
        t.loop.run_until_complete(gather(producer(), consumer()));
        CHECK(log == std::vector<std::string>{"put 0 at 0.0", "got 0 at 1.0", "put 1 at 1.0", "got 1 at 2.0",
                                              "put 2 at 2.0", "got 2 at 3.0"});
    }

    TEST_CASE("get_nowait on an empty queue raises QueueEmpty, put_nowait on a full one QueueFull") {
        Queue<int> queue(1);
        CHECK_THROWS_AS(queue.get_nowait(), QueueEmpty);
        queue.put_nowait(1);
        CHECK(queue.full());
        CHECK_THROWS_AS(queue.put_nowait(2), QueueFull);
        CHECK(queue.get_nowait() == 1);
    }

    TEST_CASE("task_done called more often than items were put raises ValueError") {
        Queue<int> queue;
        queue.put_nowait(1);
        queue.task_done();
        CHECK_THROWS_AS(queue.task_done(), ValueError);
    }

    TEST_CASE("join waits until every item put is marked done") {
        EventLoop loop;
        Queue<int> queue;
        auto program = [&]() -> Coro<double> {
            queue.put_nowait(1);
            queue.put_nowait(2);
            auto worker = [&]() -> Coro<void> {
                while (!queue.empty()) {
                    co_await queue.get();
                    co_await coolio::sleep(1);
                    queue.task_done();
                }
            };
            auto task = create_task(worker());
            co_await queue.join();
            co_return get_running_loop().time();
        };
        CHECK(loop.run_until_complete(program()) == 2.0);
    }

    TEST_CASE("PriorityQueue gives the smallest item first, LifoQueue the newest") {
        PriorityQueue<int> priority;
        LifoQueue<int> lifo;
        for (int i : {3, 1, 2}) {
            priority.put_nowait(i);
            lifo.put_nowait(i);
        }
        CHECK(priority.get_nowait() == 1);
        CHECK(priority.get_nowait() == 2);
        CHECK(lifo.get_nowait() == 2);
        CHECK(lifo.get_nowait() == 1);
    }

    TEST_CASE("a getter cancelled while waiting leaves the line and the next getter is served") {
        EventLoop loop;
        Queue<int> queue;
        auto getter = [&]() -> Coro<int> { co_return co_await queue.get(); };
        auto first = loop.create_task(getter());
        auto second = loop.create_task(getter());
        loop.call_later(1, [&] { first->cancel(); });
        loop.call_later(2, [&] { queue.put_nowait(42); });
        CHECK(loop.run_until_complete(second) == 42);
        CHECK(first->cancelled());
    }
}

// Cancellation and deadlines (tasks.py, timeouts.py), Condition (locks.py), and the
// reports of exceptions nobody retrieved and of tasks destroyed while pending.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace coolio;
using coolio::testing::Reported;
using coolio::testing::TracedLoop;

namespace {

Coro<int> after(double delay, int value) {
    co_await coolio::sleep(delay);
    co_return value;
}

Coro<int> fail_after(double delay) {
    co_await coolio::sleep(delay);
    throw ValueError("boom");
}

}  // namespace

TEST_SUITE("cancellation") {
    TEST_CASE("cancel() counts requests; uncancel() takes one back") {
        TracedLoop t;
        auto body = [&]() -> Coro<void> {
            auto task = create_task(after(5, 1));
            CHECK(task->cancelling() == 0);
            CHECK(task->cancel());
            CHECK(task->cancel("again"));
            CHECK(task->cancelling() == 2);
            CHECK(task->uncancel() == 1);
            try {
                co_await task;
            } catch (const CancelledError&) {
            }
            CHECK(task->cancelled());
            CHECK_FALSE(task->cancel());  // done: nothing to request
            CHECK(task->cancelling() == 1);
        };
        t.loop.run_until_complete(body());
    }

    TEST_CASE("a task may catch its CancelledError, go on, and return a result") {
        TracedLoop t;
        auto stubborn = []() -> Coro<std::string> {
            try {
                co_await coolio::sleep(10);
            } catch (const CancelledError&) {
                print("cancelled while sleeping; ignoring it");
            }
            co_await coolio::sleep(1);
            co_return "finished anyway";
        };
        auto body = [&]() -> Coro<std::string> {
            auto task = create_task(stubborn());
            co_await coolio::sleep(1);
            task->cancel();
            co_return co_await task;
        };
        CHECK(t.loop.run_until_complete(body()) == "finished anyway");
        CHECK(t.loop.time() == 2.0);
        CHECK(t.out.str() == "cancelled while sleeping; ignoring it\n");
    }
}

TEST_SUITE("shield") {
    TEST_CASE("cancelling the waiter of a shielded task leaves the task running") {
        TracedLoop t;
        TaskPtr<int> inner;
        auto waiter = [&]() -> Coro<int> {
            inner = create_task(after(2, 42));
            co_return co_await shield(inner);
        };
        auto body = [&]() -> Coro<void> {
            auto outer = create_task(waiter());
            co_await coolio::sleep(1);
            outer->cancel();
            try {
                co_await outer;
            } catch (const CancelledError&) {
                print("waiter cancelled at", get_running_loop().time());
            }
            print("inner result", co_await inner, "at", get_running_loop().time());
        };
        t.loop.run_until_complete(body());
        CHECK(t.out.str() == "waiter cancelled at 1.0\ninner result 42 at 2.0\n");
    }

    TEST_CASE("a shielded task that fails or is cancelled passes that on") {
        TracedLoop t;
        auto body = [&]() -> Coro<std::string> {
            std::string seen;
            try {
                co_await shield(fail_after(1));
            } catch (const ValueError& e) {
                seen += std::string("ValueError ") + e.what();
            }
            auto task = create_task(after(5, 0));
            auto shielded = shield(task);
            task->cancel();
            try {
                co_await shielded;
            } catch (const CancelledError&) {
                seen += ", cancelled";
            }
            co_return seen;
        };
        CHECK(t.loop.run_until_complete(body()) == "ValueError boom, cancelled");
    }

    TEST_CASE("shield of a finished task gives its outcome without suspending") {
        TracedLoop t;
        auto body = [&]() -> Coro<int> {
            auto task = create_task(after(0, 7));
            co_await task;
            auto shielded = shield(task);
            CHECK(shielded->done());
            co_return co_await shielded;
        };
        CHECK(t.loop.run_until_complete(body()) == 7);
    }
}

TEST_SUITE("as_completed") {
    TEST_CASE("results come in the order the tasks finish, not the order given") {
        TracedLoop t;
        auto body = [&]() -> Coro<std::vector<int>> {
            std::vector<TaskPtr<int>> tasks = {create_task(after(3, 3)), create_task(after(1, 1)),
                                                             create_task(after(2, 2))};
            std::vector<int> got;
            for (auto& next : as_completed(tasks)) got.push_back(co_await std::move(next));
            co_return got;
        };
        CHECK(t.loop.run_until_complete(body()) == std::vector<int>{1, 2, 3});
        CHECK(t.loop.time() == 3.0);
    }

    TEST_CASE("with a timeout, the coroutines not served in time raise TimeoutError") {
        Reported reports;
        TracedLoop t;
        reports.attach(t.loop);
        auto body = [&]() -> Coro<std::string> {
            std::vector<Coro<int>> coros;
            coros.push_back(after(1, 1));
            coros.push_back(after(5, 5));
            coros.push_back(fail_after(0.5));
            std::string seen;
            for (auto& next : as_completed(std::move(coros), 2.0)) {
                try {
                    seen += std::to_string(co_await std::move(next)) + " ";
                } catch (const ValueError&) {
                    seen += "ValueError ";
                } catch (const TimeoutError&) {
                    seen += "timeout@" + float_repr(get_running_loop().time()) + " ";
                }
            }
            co_return seen;
        };
        CHECK(t.loop.run_until_complete(body()) == "ValueError 1 timeout@2.0 ");
        t.loop.close();  // the 5 s task was left running, as asyncio leaves it
        CHECK(reports.detailed ==
              std::vector<std::string>{"Task was destroyed but it is pending! | task: <Task pending name='Task-3'> | None"});
    }
}

TEST_SUITE("timeout") {
    TEST_CASE("timeout() turns its own cancellation into TimeoutError, at the deadline") {
        TracedLoop t;
        auto body = [&]() -> Coro<std::string> {
            try {
                co_await timeout(1.5, coolio::sleep(10));
            } catch (const TimeoutError& e) {
                co_return exception_repr(std::current_exception()) + " at " + float_repr(get_running_loop().time());
            }
            co_return "no timeout";
        };
        CHECK(t.loop.run_until_complete(body()) == "TimeoutError() at 1.5");
        auto task_steps = t.story({"handle.run"});
        CHECK(std::count(task_steps.begin(), task_steps.end(), "handle.run Timeout._on_timeout()") == 1);
    }

    TEST_CASE("work that finishes in time gives its value, and the timer is cancelled") {
        TracedLoop t;
        auto body = [&]() -> Coro<int> { co_return co_await timeout(5, after(1, 9)); };
        CHECK(t.loop.run_until_complete(body()) == 9);
        CHECK(t.loop.time() == 1.0);
        auto cancels = t.story({"handle.cancel"});
        CHECK(std::count(cancels.begin(), cancels.end(), "handle.cancel Timeout._on_timeout()") == 1);
    }

    TEST_CASE("the block can move its deadline with reschedule(), and see expired()") {
        TracedLoop t;
        auto body = [&]() -> Coro<std::string> {
            std::string seen;
            try {
                co_await timeout_at(get_running_loop().time() + 1, [&](Timeout& cm) -> Coro<void> {
                    cm.reschedule(get_running_loop().time() + 3);
                    co_await coolio::sleep(2);
                    seen += "slept 2; ";
                    cm.reschedule(std::nullopt);  // no deadline at all now
                    co_await coolio::sleep(5);
                    seen += "slept 5; ";
                    CHECK_FALSE(cm.expired());
                });
            } catch (const TimeoutError&) {
                seen += "timeout";
            }
            co_return seen + "t=" + float_repr(get_running_loop().time());
        };
        CHECK(t.loop.run_until_complete(body()) == "slept 2; slept 5; t=7.0");
    }

    TEST_CASE("a cancel() from outside during a timeout stays a cancellation") {
        TracedLoop t;
        auto inner = []() -> Coro<void> { co_await timeout(2, coolio::sleep(10)); };
        auto body = [&]() -> Coro<std::string> {
            auto task = create_task(inner());
            co_await coolio::sleep(1);
            task->cancel();
            try {
                co_await task;
            } catch (const CancelledError&) {
                co_return "cancelled";
            } catch (const TimeoutError&) {
                co_return "timeout";
            }
            co_return "finished";
        };
        CHECK(t.loop.run_until_complete(body()) == "cancelled");
    }

    TEST_CASE("timeout outside a task is a RuntimeError") {
        Timeout deadline(1.0);
        CHECK_THROWS_WITH_AS(deadline.enter(), "Timeout should be used inside a task", RuntimeError);
    }
}

TEST_SUITE("Condition") {
    TEST_CASE("notify wakes waiters oldest first, each holding the lock when it returns") {
        TracedLoop t;
        Condition condition;
        std::vector<int> items;
        auto consumer = [&](int id) -> Coro<void> {
            co_await condition.acquire();
            co_await condition.wait_for([&] { return !items.empty(); });
            CHECK(condition.locked());
            print("consumer", id, "got", items.back());
            items.pop_back();
            condition.release();
        };
        auto producer = [&]() -> Coro<void> {
            for (int item = 1; item <= 3; ++item) {
                co_await coolio::sleep(1);
                co_await condition.acquire();
                items.push_back(item * 10);
                condition.notify();
                condition.release();
            }
        };
        t.loop.run_until_complete(gather(consumer(1), consumer(2), consumer(3), producer()));
        CHECK(t.out.str() == "consumer 1 got 10\nconsumer 2 got 20\nconsumer 3 got 30\n");
        CHECK_FALSE(condition.locked());
    }

    TEST_CASE("notify_all wakes everyone; wait and notify need the lock") {
        TracedLoop t;
        Condition condition;
        int woken = 0;
        auto waiter = [&]() -> Coro<void> {
            co_await condition.acquire();
            co_await condition.wait();
            ++woken;
            condition.release();
        };
        auto body = [&]() -> Coro<void> {
            auto all = gather(waiter(), waiter(), waiter());
            co_await coolio::sleep(1);
            CHECK_THROWS_WITH_AS(condition.notify(), "cannot notify on un-acquired lock", RuntimeError);
            co_await condition.acquire();
            condition.notify_all();
            condition.release();
            co_await all;
            try {
                co_await condition.wait();
            } catch (const RuntimeError& e) {
                print(e.what());
            }
        };
        t.loop.run_until_complete(body());
        CHECK(woken == 3);
        CHECK(t.out.str() == "cannot wait on un-acquired lock\n");
    }

    TEST_CASE("a waiter cancelled while waiting still takes the lock back before it leaves") {
        TracedLoop t;
        Condition condition;
        bool held_in_cleanup = false;
        auto waiter = [&]() -> Coro<void> {
            co_await condition.acquire();
            try {
                co_await condition.wait();
            } catch (const CancelledError&) {
                held_in_cleanup = condition.locked();
                condition.release();
                throw;
            }
        };
        auto body = [&]() -> Coro<void> {
            auto task = create_task(waiter());
            co_await coolio::sleep(1);
            task->cancel();
            try {
                co_await task;
            } catch (const CancelledError&) {
            }
        };
        t.loop.run_until_complete(body());
        CHECK(held_in_cleanup);
        CHECK_FALSE(condition.locked());
    }
}

TEST_SUITE("never retrieved") {
    TEST_CASE("a task whose exception nobody retrieves is reported when it is destroyed") {
        Reported reports;
        {
            TracedLoop t;
            reports.attach(t.loop);
            auto body = []() -> Coro<void> {
                create_task(fail_after(1), "forgotten");  // nobody keeps or awaits it
                co_await coolio::sleep(2);
            };
            t.loop.run_until_complete(body());
            // Reported as soon as the task was freed, during the run (as CPython does
            // when the last reference goes), not at close.
            REQUIRE(reports.detailed.size() == 1);
            auto events = t.events();
            CHECK(std::any_of(events.begin(), events.end(), [](auto& e) {
                return e["kind"] == "loop.exception" && e["message"] == "Task exception was never retrieved";
            }));
        }
        CHECK(reports.detailed == std::vector<std::string>{
                                   "Task exception was never retrieved | future: <Task finished name='forgotten' "
                                   "exception=ValueError('boom')> | ValueError('boom')"});
    }

    TEST_CASE("retrieving the exception (await, result, exception, cancel) means no report") {
        Reported reports;
        TracedLoop t;
        reports.attach(t.loop);
        auto body = []() -> Coro<void> {
            auto awaited = create_task(fail_after(1));
            auto asked = create_task(fail_after(1));
            auto cancelled = create_task(fail_after(1));
            auto future = get_running_loop().create_future<int>();
            future->set_exception(ValueError("plain"));
            co_await coolio::sleep(2);
            try {
                co_await awaited;
            } catch (const ValueError&) {
            }
            CHECK(asked->exception());
            CHECK_FALSE(cancelled->cancel());  // done already; still counts as looking
            CHECK_THROWS_AS(future->result(), ValueError);
        };
        t.loop.run_until_complete(body());
        t.loop.close();
        CHECK(reports.detailed.empty());
    }

    TEST_CASE("a future still alive at close with an unretrieved exception is reported then") {
        Reported reports;
        TracedLoop t;
        reports.attach(t.loop);
        auto future = t.loop.create_future<int>("kept");
        future->set_exception(std::make_exception_ptr(ValueError("kept")));
        t.loop.close();
        CHECK(reports.detailed == std::vector<std::string>{"Future exception was never retrieved | future: <Future "
                                                        "finished exception=ValueError('kept')> | ValueError('kept')"});
    }

    TEST_CASE("a task still pending when the loop closes is reported as destroyed but pending") {
        Reported reports;
        TracedLoop t;
        reports.attach(t.loop);
        auto body = []() -> Coro<void> {
            create_task(after(10, 0), "sleeper");
            co_await coolio::sleep(1);
        };
        t.loop.run_until_complete(body());
        t.loop.close();
        CHECK(reports.detailed ==
              std::vector<std::string>{"Task was destroyed but it is pending! | task: <Task pending name='sleeper'> | None"});
    }
}

// wait() and gather() (tasks.py), and the doc's sleep/wait walkthrough.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace coolio;
using coolio::testing::TracedLoop;

namespace {

Coro<int> after(double delay, int value) {
    co_await coolio::sleep(delay);
    co_return value;
}

Coro<int> fail_after(double delay) {
    co_await coolio::sleep(delay);
    throw ValueError("failed");
}

}  // namespace

TEST_SUITE("wait and gather") {
    TEST_CASE("wait returns when all are done by default, done in list order") {
        TracedLoop t;
        WaitResult result = t.loop.run_until_complete(wait({after(2, 1), after(1, 2)}));
        CHECK(result.done.size() == 2);
        CHECK(result.pending.empty());
        CHECK(t.loop.time() == 2.0);
        CHECK(result.done[0]->name() == "Task-2");
    }

    TEST_CASE("wait with FIRST_COMPLETED returns at the first one done and leaves the rest pending") {
        EventLoop loop;
        set_event_loop(&loop);
        WaitResult result = loop.run_until_complete(wait({after(3, 1), after(1, 2)}, std::nullopt, FIRST_COMPLETED));
        CHECK(loop.time() == 1.0);
        REQUIRE(result.done.size() == 1);
        CHECK(result.done[0]->name() == "Task-3");
        CHECK(result.pending.size() == 1);
        set_event_loop(nullptr);
    }

    TEST_CASE("wait with FIRST_EXCEPTION returns at the first failure") {
        EventLoop loop;
        WaitResult result = loop.run_until_complete(wait({after(5, 1), fail_after(2), after(1, 3)}, std::nullopt, FIRST_EXCEPTION));
        CHECK(loop.time() == 2.0);
        CHECK(result.done.size() == 2);
        CHECK(result.pending.size() == 1);
    }

    TEST_CASE("wait with a timeout returns what is done and leaves the rest pending, raising nothing") {
        TracedLoop t;
        WaitResult result = t.loop.run_until_complete(wait({after(1, 1), after(5, 2)}, 2.0));
        CHECK(t.loop.time() == 2.0);
        CHECK(result.done.size() == 1);
        CHECK(result.pending.size() == 1);
        CHECK_FALSE(result.pending[0]->done());
    }

    TEST_CASE("wait on an empty list raises ValueError") {
        EventLoop loop;
        CHECK_THROWS_WITH_AS(loop.run_until_complete(wait({})), "Set of Tasks/Futures is empty.", ValueError);
    }

    TEST_CASE("gather returns results in argument order, not finishing order") {
        TracedLoop t;
        auto program = []() -> Coro<std::vector<int>> { co_return co_await gather(after(3, 1), after(1, 2), after(2, 3)); };
        CHECK(t.loop.run_until_complete(program()) == std::vector<int>{1, 2, 3});
        CHECK(t.loop.time() == 3.0);
    }

    TEST_CASE("gather makes its tasks at once, before anyone awaits it") {
        TracedLoop t;
        auto program = []() -> Coro<void> {
            auto outer = gather(after(1, 1), after(1, 2));
            CHECK(get_running_loop().snapshot().ready.size() == 2);  // both first steps queued
            co_await outer;
        };
        t.loop.run_until_complete(program());
    }

    TEST_CASE("without return_exceptions, gather fails with the first exception and leaves the others running") {
        TracedLoop t;
        TaskPtr<int> slow;
        auto program = [&]() -> Coro<std::string> {
            slow = create_task(after(5, 9));
            try {
                co_await gather(after(1, 1), fail_after(2), slow);
            } catch (const ValueError&) {
                co_return std::string("caught at t=") + float_repr(get_running_loop().time());
            }
            co_return "no error";
        };
        CHECK(t.loop.run_until_complete(program()) == "caught at t=2.0");
        CHECK_FALSE(slow->done());
    }

    TEST_CASE("with return_exceptions, failures are entries of the result list") {
        EventLoop loop;
        auto program = []() -> Coro<std::string> {
            auto results = co_await gather(return_exceptions, after(1, 1), fail_after(2), after(3, 3));
            co_return repr(results);
        };
        CHECK(loop.run_until_complete(program()) == "[1, ValueError('failed'), 3]");
    }

    TEST_CASE("gather reads each child's result as what it is: coroutines, a plain future (twice) and a task, mixed") {
        // The first two children share one way of reading a result; the future is the
        // first that needs another, so from there on each child has its own.
        TracedLoop t;
        auto program = []() -> Coro<std::vector<int>> {
            EventLoop& loop = get_running_loop();
            FuturePtr<int> future = loop.create_future<int>();
            loop.call_later(2, [future] { future->set_result(20); });
            TaskPtr<int> task = create_task(after(1, 30));
            co_return co_await gather(after(3, 1), after(1, 2), future, task, after(2, 4), future);
        };
        CHECK(t.loop.run_until_complete(program()) == std::vector<int>{1, 2, 20, 30, 4, 20});
        CHECK(t.loop.time() == 3.0);
    }

    TEST_CASE("gather over a vector works like gather(*list)") {
        EventLoop loop;
        set_event_loop(&loop);
        std::vector<Coro<int>> coros;
        for (int i = 0; i < 5; ++i) coros.push_back(after(5 - i, i));
        auto outer = gather(std::move(coros));
        CHECK(loop.run_until_complete(outer) == std::vector<int>{0, 1, 2, 3, 4});
        set_event_loop(nullptr);
    }

    TEST_CASE("the doc's walkthrough: Task-1 and Task-2..4 each step twice with send, sleeps resolve at 1, 2, 3") {
        TracedLoop t;
        auto long_time_work = [](double x) -> Coro<void> {
            print("long time work");
            co_await coolio::sleep(x);
            print("long time work End");
        };
        auto do_some_work = [&](int x) -> Coro<void> {
            print("Waiting: ", x);
            co_await long_time_work(x);
        };
        double start = t.loop.time();
        t.loop.run_until_complete(wait({do_some_work(1), do_some_work(2), do_some_work(3)}));
        print("TIME: ", t.loop.time() - start);
        CHECK(t.out.str() ==
              "Waiting:  1\nlong time work\nWaiting:  2\nlong time work\nWaiting:  3\nlong time work\n"
              "long time work End\nlong time work End\nlong time work End\nTIME:  3.0\n");
        std::map<std::string, int> sends;
        std::vector<double> resolved_at;
        for (const auto& e : t.events()) {
            if (e["kind"] == "task.step") {
                CHECK(e["mode"] == "send");
                ++sends[e["name"]];
            }
            if (e["kind"] == "future.resolve" && e.value("result", "") == "None") resolved_at.push_back(e["t"]);
        }
        CHECK(sends == std::map<std::string, int>{{"Task-1", 2}, {"Task-2", 2}, {"Task-3", 2}, {"Task-4", 2}});
        // Three sleep futures at t = 1, 2, 3, then wait's waiter at t = 3.
        CHECK(resolved_at == std::vector<double>{1.0, 2.0, 3.0, 3.0});
    }
}

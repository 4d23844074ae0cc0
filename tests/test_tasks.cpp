// Task: __step, __wakeup, cancel (tasks.py).
#include <doctest/doctest.h>

#include "support.hpp"

using namespace coolio;
using coolio::testing::TracedLoop;

namespace {

Coro<int> answer() { co_return 42; }

Coro<int> add_one_inline() {
    int value = co_await answer();  // inline: no task, no tick
    co_return value + 1;
}

Coro<int> await_future(FuturePtr<int> future) {
    int value = co_await future;
    co_return value * 2;
}

Coro<void> raise_value_error() {
    co_await coolio::sleep(0);
    throw ValueError("from the task");
}

struct Tracked {  // counts live instances, to prove coroutine frames are freed
    static inline int alive = 0;
    Tracked() { ++alive; }
    Tracked(const Tracked&) { ++alive; }
    ~Tracked() { --alive; }
};

Coro<void> hold_tracked_forever(FuturePtr<int> never) {
    Tracked tracked;
    co_await never;
}

}  // namespace

TEST_SUITE("tasks") {
    TEST_CASE("unnamed tasks are called Task-1, Task-2, … in creation order") {
        EventLoop loop;
        auto a = loop.create_task(answer());
        auto b = loop.create_task(answer(), "named");
        auto c = loop.create_task(answer());
        CHECK(a->name() == "Task-1");
        CHECK(b->name() == "named");
        CHECK(c->name() == "Task-2");
        CHECK(a->coro_name() == "answer");
        loop.run_until_complete(c);
    }

    TEST_CASE("creating a task runs nothing: its first step is queued with call_soon") {
        TracedLoop t;
        bool started = false;
        auto body = [&]() -> Coro<void> {
            started = true;
            co_return;
        };
        auto task = t.loop.create_task(body());
        CHECK_FALSE(started);
        CHECK(t.loop.snapshot().ready.size() == 1);
        t.loop.run_once();
        CHECK(started);
        CHECK(task->done());
    }

    TEST_CASE("awaiting a coroutine runs it inline, in the same task and the same step") {
        TracedLoop t;
        CHECK(t.loop.run_until_complete(add_one_inline()) == 43);
        CHECK(t.story({"task.new", "task.step"}) == std::vector<std::string>{"task.new Task-1", "task.step Task-1 send"});
    }

    TEST_CASE("awaiting a future suspends the task until a done-callback wakes it") {
        TracedLoop t;
        auto future = t.loop.create_future<int>();
        auto task = t.loop.create_task(await_future(future));
        t.loop.run_once();  // first step: suspends on the future
        CHECK_FALSE(task->done());
        CHECK(task->waiting_on() == future.get());
        CHECK(task->await_chain() == std::vector<std::string>{"await_future"});
        t.loop.call_soon([&] { future->set_result(21); }, "resolve");
        CHECK(t.loop.run_until_complete(task) == 42);
        CHECK(task->steps() == 2);
        CHECK(t.story({"task.step", "task.suspend", "task.done", "handle.run"}) ==
              std::vector<std::string>{"handle.run Task-1.__step()", "task.step Task-1 send", "task.suspend Task-1",
                                       "handle.run resolve()",
                                       "handle.run Task-1.__wakeup(Future-1)", "task.step Task-1 send",
                                       "task.done Task-1", "handle.run _run_until_complete_cb(Task-1)"});
    }

    TEST_CASE("awaiting a future that is already done does not suspend") {
        TracedLoop t;
        auto future = t.loop.create_future<int>();
        future->set_result(5);
        CHECK(t.loop.run_until_complete(await_future(future)) == 10);
        CHECK(t.story({"task.suspend"}).empty());
    }

    TEST_CASE("a future's exception is thrown into the awaiting coroutine") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        auto catcher = [](FuturePtr<int> f) -> Coro<std::string> {
            try {
                co_await f;
            } catch (const ValueError& e) {
                co_return std::string("caught ") + e.what();
            }
            co_return "nothing";
        };
        auto task = loop.create_task(catcher(future));
        loop.call_soon([&] { future->set_exception(ValueError("bad")); });
        CHECK(loop.run_until_complete(task) == "caught bad");
    }

    TEST_CASE("an exception escaping the coroutine is stored on the task and re-raised where it is awaited") {
        TracedLoop t;
        auto task = t.loop.create_task(raise_value_error());
        CHECK_THROWS_WITH_AS(t.loop.run_until_complete(task), "from the task", ValueError);
        CHECK(task->done());
        CHECK(exception_repr(task->exception()) == "ValueError('from the task')");
        auto done = t.events();
        auto it = std::find_if(done.begin(), done.end(), [](auto& e) { return e["kind"] == "task.done"; });
        CHECK((*it)["outcome"] == "exception");
        CHECK((*it)["exception"] == "ValueError('from the task')");
    }

    TEST_CASE("sleep(0) gives up the rest of the tick without a timer or a future") {
        TracedLoop t;
        auto yielder = []() -> Coro<void> { co_await coolio::sleep(0); };
        t.loop.run_until_complete(yielder());
        CHECK(t.story({"future.new", "call_at"}).empty());
        CHECK(t.story({"task.suspend"}) == std::vector<std::string>{"task.suspend Task-1"});
        auto events = t.events();
        auto it = std::find_if(events.begin(), events.end(), [](auto& e) { return e["kind"] == "task.suspend"; });
        CHECK((*it)["reason"] == "yield");
        CHECK((*it)["future"].is_null());
    }

    TEST_CASE("sleep(d) is a future resolved by a call_later timer d seconds later") {
        TracedLoop t;
        auto sleeper = []() -> Coro<void> { co_await coolio::sleep(2.5); };
        t.loop.run_until_complete(sleeper());
        CHECK(t.loop.time() == 2.5);
        CHECK(t.story({"future.new", "call_at", "timer.due", "future.resolve"}) ==
              std::vector<std::string>{"future.new ", "call_at futures._set_result_unless_cancelled(Future-2)",
                                       "timer.due futures._set_result_unless_cancelled(Future-2)",
                                       "future.resolve "});
    }

    TEST_CASE("awaiting something that is not a future is a bad yield: a RuntimeError is thrown in") {
        EventLoop loop;
        auto bad = []() -> Coro<std::string> {
            try {
                co_await std::suspend_always{};
            } catch (const RuntimeError& e) {
                co_return e.what();
            }
            co_return "no error";
        };
        std::string message = loop.run_until_complete(bad());
        CHECK(message.find("Task got bad yield") == 0);
        CHECK(message.find("suspend_always") != std::string::npos);
    }

    TEST_CASE("a task cannot await itself") {
        EventLoop loop;
        auto holder = std::make_shared<TaskPtr<int>>();
        auto self_awaiting = [](std::shared_ptr<TaskPtr<int>> me) -> Coro<int> {
            co_await coolio::sleep(0);
            co_return co_await *me;
        };
        *holder = loop.create_task(self_awaiting(holder));
        CHECK_THROWS_WITH_AS(loop.run_until_complete(*holder), "Task cannot await on itself: Task-1", RuntimeError);
        holder->reset();
    }

    TEST_CASE("a task cancelled before its first step never runs its body") {
        EventLoop loop;
        bool ran = false;
        auto body = [&]() -> Coro<void> {
            ran = true;
            co_return;
        };
        auto task = loop.create_task(body());
        CHECK(task->cancel());
        CHECK_THROWS_AS(loop.run_until_complete(task), CancelledError);
        CHECK_FALSE(ran);
        CHECK(task->cancelled());
    }

    TEST_CASE("cancelling a sleeping task cancels its sleep future and its timer") {
        TracedLoop t;
        auto sleeper = []() -> Coro<std::string> {
            try {
                co_await coolio::sleep(10);
            } catch (const CancelledError&) {
                co_return "cleaned up";
            }
            co_return "slept";
        };
        auto task = t.loop.create_task(sleeper());
        t.loop.call_later(1, [&] { task->cancel(); }, "canceller");
        CHECK(t.loop.run_until_complete(task) == "cleaned up");  // asyncio lets a task swallow it
        CHECK(t.loop.time() == 1.0);
        CHECK(t.story({"handle.cancel"}) ==
              std::vector<std::string>{"handle.cancel futures._set_result_unless_cancelled(Future-2)"});
    }

    TEST_CASE("closing the loop frees the coroutine frames of tasks still pending") {
        {
            EventLoop loop;
            auto never = loop.create_future<int>();
            loop.create_task(hold_tracked_forever(never));
            loop.call_soon([&] { loop.stop(); });
            loop.run_forever();
            CHECK(Tracked::alive == 1);
            loop.close();
            CHECK(Tracked::alive == 0);
        }
        CHECK(Tracked::alive == 0);
    }

    TEST_CASE("awaiting a finished task whose result was already retrieved gives the result again") {
        EventLoop loop;
        auto task = loop.create_task(answer());
        CHECK(loop.run_until_complete(task) == 42);
        CHECK(task->result() == 42);  // retrieved once more by hand
        auto again = [](TaskPtr<int> done) -> Coro<int> {
            int first = co_await done;  // done: no suspension, the stored result
            int second = co_await done;
            co_return first + second;
        };
        CHECK(loop.run_until_complete(again(task)) == 84);
        CHECK(loop.run_until_complete(task) == 42);  // and run_until_complete of it, too
    }

    TEST_CASE("awaiting a finished task that failed raises its exception again, every time") {
        EventLoop loop;
        auto task = loop.create_task(raise_value_error());
        CHECK_THROWS_WITH_AS(loop.run_until_complete(task), "from the task", ValueError);
        auto twice = [](TaskPtr<void> failed) -> Coro<int> {
            int raised = 0;
            for (int i = 0; i < 2; ++i) {
                try {
                    co_await failed;
                } catch (const ValueError&) {
                    ++raised;
                }
            }
            co_return raised;
        };
        CHECK(loop.run_until_complete(twice(task)) == 2);
    }

    TEST_CASE("awaiting the same coroutine twice raises RuntimeError: cannot reuse already awaited coroutine") {
        EventLoop loop;
        auto body = []() -> Coro<std::string> {
            Coro<int> once = answer();
            co_await once;
            try {
                co_await once;
            } catch (const RuntimeError& e) {
                co_return e.what();
            }
            co_return "no error";
        };
        CHECK(loop.run_until_complete(body()) == "cannot reuse already awaited coroutine");
        Coro<int> moved = answer();
        auto task = loop.create_task(std::move(moved));
        CHECK_THROWS_WITH_AS(loop.create_task(std::move(moved)), "cannot reuse already awaited coroutine",
                             RuntimeError);
        CHECK(loop.run_until_complete(task) == 42);
    }

    TEST_CASE("a coroutine dropped without ever running warns: coroutine 'NAME' was never awaited") {
        std::vector<std::string> warnings;
        WarningHandler previous = set_warning_handler(
            [&](const Warning& w) { warnings.push_back(std::string(w.category) + ": " + w.message); });
        {
            Coro<int> forgotten = answer();  // made, never awaited nor given to a task
        }
        CHECK(warnings == std::vector<std::string>{"RuntimeWarning: coroutine 'answer' was never awaited"});
        warnings.clear();
        {
            Coro<int> replaced = answer();
            replaced = answer();  // the first frame dies unrun, as the name lets it go
            CHECK(warnings.size() == 1);
        }
        CHECK(warnings.size() == 2);  // and the second with the name
        warnings.clear();
        {
            // Awaited, run as a task, or cancelled before its first step: no warning.
            EventLoop loop;
            CHECK(loop.run_until_complete(add_one_inline()) == 43);
            auto cancelled = loop.create_task(answer());
            cancelled->cancel();
            CHECK_THROWS_AS(loop.run_until_complete(cancelled), CancelledError);
        }
        CHECK(warnings.empty());
        {
            // A task that never got its first step when the loop closed: both reports,
            // as Python gives both for such a task.
            EventLoop loop;
            testing::Reported reported;
            reported.attach(loop);
            loop.create_task(answer());
            loop.close();
            CHECK(reported.lines.size() == 1);
        }
        CHECK(warnings == std::vector<std::string>{"RuntimeWarning: coroutine 'answer' was never awaited"});
        set_warning_handler(std::move(previous));
    }

    TEST_CASE("current_task names the stepping task, and is null between steps") {
        EventLoop loop;
        TaskBase* seen = nullptr;
        auto body = [&]() -> Coro<void> {
            seen = current_task();
            co_return;
        };
        auto task = loop.create_task(body());
        loop.run_until_complete(task);
        CHECK(seen == task.get());
        CHECK(loop.current_task() == nullptr);
    }

    TEST_CASE("a traced run and an untraced run print the same lines: the tracer only watches") {
        auto program = []() -> Coro<void> {
            auto worker = [](int id) -> Coro<void> {
                for (int i = 0; i < 3; ++i) {
                    print("worker", id, "turn", i);
                    co_await coolio::sleep(0.5 * id);
                }
            };
            co_await gather(worker(1), worker(2), worker(3));
        };
        std::ostringstream plain;
        {
            EventLoop loop;
            loop.set_output(&plain);
            set_event_loop(&loop);
            loop.run_until_complete(program());
            set_event_loop(nullptr);
        }
        TracedLoop traced;
        traced.loop.run_until_complete(program());
        CHECK(plain.str() == traced.out.str());
        CHECK_FALSE(plain.str().empty());
    }
}

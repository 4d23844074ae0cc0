// Future (futures.py).
#include <doctest/doctest.h>

#include "support.hpp"

using namespace coolio;
using coolio::testing::TracedLoop;

TEST_SUITE("futures") {
    TEST_CASE("a new future is pending and has no result yet") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        CHECK(future->state() == FutureState::pending);
        CHECK_FALSE(future->done());
        CHECK_THROWS_WITH_AS(future->result(), "Result is not ready.", InvalidStateError);
        CHECK_THROWS_WITH_AS(future->exception(), "Exception is not set.", InvalidStateError);
    }

    TEST_CASE("set_result makes the future done with that result") {
        EventLoop loop;
        auto future = loop.create_future<std::string>();
        future->set_result("hello");
        CHECK(future->done());
        CHECK(future->result() == "hello");
        CHECK(future->exception() == nullptr);
        CHECK(future->result_repr() == "'hello'");
    }

    TEST_CASE("setting a result twice raises InvalidStateError(\"invalid state\") and keeps the first result") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        future->set_result(1);
        CHECK_THROWS_WITH_AS(future->set_result(2), "invalid state", InvalidStateError);
        CHECK_THROWS_WITH_AS(future->set_exception(ValueError("x")), "invalid state", InvalidStateError);
        CHECK(future->result() == 1);
        auto cancelled = loop.create_future<int>();
        cancelled->cancel();
        CHECK_THROWS_WITH_AS(cancelled->set_result(3), "invalid state", InvalidStateError);
    }

    TEST_CASE("result() re-raises the stored exception") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        future->set_exception(ValueError("boom"));
        CHECK_THROWS_WITH_AS(future->result(), "boom", ValueError);
        CHECK(exception_repr(future->exception()) == "ValueError('boom')");
    }

    TEST_CASE("a cancelled future raises CancelledError from result() and exception()") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        CHECK(future->cancel("stop it"));
        CHECK(future->cancelled());
        CHECK_FALSE(future->cancel());  // already done
        CHECK_THROWS_AS(future->result(), CancelledError);
        CHECK_THROWS_AS(future->exception(), CancelledError);
        try {
            future->result();
        } catch (const CancelledError& e) {
            CHECK(e.message() == "stop it");
        }
    }

    TEST_CASE("done-callbacks are scheduled with call_soon, never run inline, in the order added") {
        TracedLoop t;
        auto future = t.loop.create_future<int>();
        std::vector<std::string> calls;
        future->add_done_callback([&](FutureBase& f) { calls.push_back("first " + f.result_repr()); }, "first");
        future->add_done_callback([&](FutureBase&) { calls.push_back("second"); }, "second");
        future->set_result(7);
        CHECK(calls.empty());  // not inline
        t.loop.run_once();
        CHECK(calls == std::vector<std::string>{"first 7", "second"});
        CHECK(t.story({"future.resolve", "call_soon"}) ==
              std::vector<std::string>{"future.resolve ", "call_soon first(Future-1)", "call_soon second(Future-1)"});
    }

    TEST_CASE("a callback added to a done future is scheduled at once") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        future->set_result(1);
        bool called = false;
        future->add_done_callback([&](FutureBase&) { called = true; });
        CHECK_FALSE(called);
        loop.run_once();
        CHECK(called);
    }

    TEST_CASE("remove_done_callback removes only the callback with that token") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        std::vector<int> calls;
        CallbackToken a = future->add_done_callback([&](FutureBase&) { calls.push_back(1); });
        future->add_done_callback([&](FutureBase&) { calls.push_back(2); });
        CHECK(future->remove_done_callback(a) == 1);
        CHECK(future->remove_done_callback(a) == 0);
        CHECK(future->callback_count() == 1);
        future->set_result(0);
        loop.run_once();
        CHECK(calls == std::vector<int>{2});
    }

    TEST_CASE("the first callback, kept inside the future, still runs in the order added") {
        // The first callback waits in the future's own slot, the others in a list: after
        // removals and additions the order must still be the order they were added.
        EventLoop loop;
        auto future = loop.create_future<int>();
        std::vector<int> calls;
        auto record = [&](int n) { return [&calls, n](FutureBase&) { calls.push_back(n); }; };
        CallbackToken first = future->add_done_callback(record(1));
        future->add_done_callback(record(2));
        CHECK(future->remove_done_callback(first) == 1);
        future->add_done_callback(record(3));  // after 2, although the slot is free
        CHECK(future->callback_count() == 2);
        future->set_result(0);
        loop.run_once();
        CHECK(calls == std::vector<int>{2, 3});

        auto other = loop.create_future<int>();
        calls.clear();
        other->remove_done_callback(other->add_done_callback(record(4)));
        other->add_done_callback(record(5));  // the slot is free and the list empty: slot
        other->add_done_callback(record(6));
        CHECK(other->callback_count() == 2);
        other->set_result(0);
        loop.run_once();
        CHECK(calls == std::vector<int>{5, 6});
    }

    TEST_CASE("the future's causes are linked in the trace: resolve causes the callbacks' call_soon") {
        TracedLoop t;
        auto future = t.loop.create_future<int>();
        future->add_done_callback([](FutureBase&) {}, "cb");
        t.loop.call_soon([&] { future->set_result(3); }, "resolver");
        t.loop.run_once();
        auto events = t.events();
        auto find = [&](const std::string& kind) {
            return *std::find_if(events.begin(), events.end(), [&](auto& e) { return e["kind"] == kind; });
        };
        auto run = find("handle.run");
        auto resolve = find("future.resolve");
        CHECK(resolve["cause"] == run["seq"]);
        CHECK(resolve["result"] == "3");
        auto scheduled = events.back();
        CHECK(scheduled["kind"] == "call_soon");
        CHECK(scheduled["cause"] == resolve["seq"]);
    }
}

// Handles and the loop's tick (base_events.py, events.py).
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "support.hpp"

using namespace coolio;
using coolio::testing::TracedLoop;

TEST_SUITE("the event loop") {
    TEST_CASE("call_soon runs callbacks in the order they were queued") {
        EventLoop loop;
        std::vector<int> order;
        for (int i = 0; i < 5; ++i) loop.call_soon([&order, i] { order.push_back(i); });
        loop.call_soon([&loop] { loop.stop(); });
        loop.run_forever();
        CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
    }

    TEST_CASE("a handle queued while the ready queue runs waits for the next tick") {
        TracedLoop t;
        std::vector<std::string> order;
        t.loop.call_soon([&] {
            order.push_back("first");
            t.loop.call_soon([&] { order.push_back("queued by first"); }, "queued_by_first");
        }, "first");
        t.loop.call_soon([&] { order.push_back("second"); }, "second");
        t.loop.run_once();
        CHECK(order == std::vector<std::string>{"first", "second"});
        t.loop.run_once();
        CHECK(order == std::vector<std::string>{"first", "second", "queued by first"});
    }

    TEST_CASE("a cancelled handle is skipped, not run") {
        TracedLoop t;
        bool ran = false;
        HandlePtr handle = t.loop.call_soon([&] { ran = true; }, "victim");
        handle->cancel();
        handle->cancel();  // twice is harmless
        t.loop.run_once();
        CHECK_FALSE(ran);
        CHECK(t.story({"handle.cancel", "handle.skip", "handle.run"}) ==
              std::vector<std::string>{"handle.cancel victim()", "handle.skip victim()"});
    }

    TEST_CASE("timers fire in time order, and equal times fire first-in first-out") {
        EventLoop loop;
        std::vector<std::string> order;
        loop.call_later(2, [&] { order.push_back("b at 2"); });
        loop.call_later(1, [&] { order.push_back("a at 1"); });
        loop.call_later(2, [&] { order.push_back("c at 2"); });
        loop.call_at(2, [&] { order.push_back("d at 2"); });
        loop.call_later(3, [&] { loop.stop(); });
        loop.run_forever();
        CHECK(order == std::vector<std::string>{"a at 1", "b at 2", "c at 2", "d at 2"});
        CHECK(loop.time() == 3.0);
    }

    TEST_CASE("the virtual clock jumps to the next timer instead of sleeping") {
        EventLoop loop;  // virtual clock by default
        loop.call_later(3600, [&] { loop.stop(); });
        auto before = std::chrono::steady_clock::now();
        loop.run_forever();
        CHECK(loop.time() == 3600.0);
        CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
    }

    TEST_CASE("run_once reports its phases in asyncio's order") {
        TracedLoop t;
        t.loop.call_later(1, [] {}, "timer");
        t.loop.call_soon([] {}, "soon");
        t.loop.run_once();  // the soon handle is ready: select does not wait
        t.loop.run_once();  // nothing ready: select waits 1 s, then the timer is due and runs
        std::vector<std::string> kinds;
        for (const auto& e : t.events()) kinds.push_back(e["kind"]);
        CHECK(kinds == std::vector<std::string>{"trace.begin", "call_at", "call_soon",
                                                "tick.begin", "select", "handle.run",
                                                "tick.begin", "select", "timer.due", "handle.run"});
        auto events = t.events();
        CHECK(events[3]["timeout"] == 0.0);
        CHECK(events[6]["timeout"] == 1.0);
        CHECK(events[7]["t"] == 1.0);
    }

    TEST_CASE("cancelled timers at the head of the heap are dropped before the timeout is computed") {
        TracedLoop t;
        TimerHandlePtr early = t.loop.call_later(1, [] {}, "early");
        t.loop.call_later(5, [&] { t.loop.stop(); }, "late");
        early->cancel();
        t.loop.run_forever();
        auto events = t.events();
        auto first_tick = std::find_if(events.begin(), events.end(), [](auto& e) { return e["kind"] == "tick.begin"; });
        REQUIRE(first_tick != events.end());
        CHECK((*first_tick)["dropped"] == nlohmann::json::array({1}));
        CHECK((*first_tick)["timeout"] == 5.0);  // not 1: the cancelled timer no longer counts
        CHECK(t.loop.time() == 5.0);
    }

    TEST_CASE("when cancelled timers are most of a large heap, it is compacted all at once") {
        EventLoop loop;
        std::vector<TimerHandlePtr> timers;
        for (int i = 0; i < 300; ++i) timers.push_back(loop.call_later(10 + i, [] {}));
        for (int i = 0; i < 200; ++i) timers[std::size_t(i) * 3 / 2 + 1]->cancel();
        loop.call_soon([&] { loop.stop(); });
        loop.run_forever();
        CHECK(loop.snapshot().timers.size() == 100);
    }

    TEST_CASE("an exception in a callback goes to the exception handler and the loop keeps running") {
        TracedLoop t;
        std::vector<std::string> seen;
        t.loop.set_exception_handler([&](EventLoop&, const ExceptionContext& context) {
            seen.push_back(context.message + " | " + exception_repr(context.exception));
        });
        bool later_ran = false;
        t.loop.call_soon([] { throw ValueError("bad callback"); }, "broken");
        t.loop.call_soon([&] { later_ran = true; t.loop.stop(); }, "later");
        t.loop.run_forever();
        CHECK(later_ran);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0] == "Exception in callback broken() | ValueError('bad callback')");
        CHECK(t.story({"loop.exception"}).size() == 1);
    }

    TEST_CASE("an InternalError in a callback is a coolio bug and stops the run") {
        EventLoop loop;
        loop.call_soon([] { throw InternalError("broken invariant"); });
        CHECK_THROWS_AS(loop.run_forever(), InternalError);
        CHECK_FALSE(loop.is_running());
    }

    TEST_CASE("a loop with nothing to do says so instead of blocking for ever") {
        EventLoop loop;
        auto future = loop.create_future<int>();
        CHECK_THROWS_WITH_AS(loop.run_until_complete(future), doctest::Contains("would wait forever"), RuntimeError);
    }

    TEST_CASE("run_forever refuses to run a loop that is already running") {
        EventLoop loop;
        std::string error;
        loop.call_soon([&] {
            try {
                loop.run_forever();
            } catch (const RuntimeError& e) {
                error = e.what();
            }
            loop.stop();
        });
        loop.run_forever();
        CHECK(error == "This event loop is already running");
    }

    TEST_CASE("a closed loop refuses new work") {
        EventLoop loop;
        loop.close();
        CHECK(loop.is_closed());
        CHECK_THROWS_WITH_AS(loop.call_soon([] {}), "Event loop is closed", RuntimeError);
        CHECK_THROWS_AS(loop.run_forever(), RuntimeError);
        loop.close();  // closing twice is harmless
    }

    TEST_CASE("get_running_loop works only inside a running loop, get_event_loop also after set_event_loop") {
        CHECK_THROWS_WITH_AS(get_running_loop(), "no running event loop", RuntimeError);
        CHECK_THROWS_AS(get_event_loop(), RuntimeError);
        EventLoop loop;
        set_event_loop(&loop);
        CHECK(&get_event_loop() == &loop);
        EventLoop* seen = nullptr;
        loop.call_soon([&] {
            seen = &get_running_loop();
            loop.stop();
        });
        loop.run_forever();
        CHECK(seen == &loop);
        CHECK(try_get_running_loop() == nullptr);
        set_event_loop(nullptr);
    }

    TEST_CASE("snapshot shows the ready queue front first and the timers soonest first") {
        EventLoop loop;
        HandlePtr a = loop.call_soon([] {});
        HandlePtr b = loop.call_soon([] {});
        TimerHandlePtr late = loop.call_later(2, [] {});
        TimerHandlePtr soon = loop.call_later(1, [] {});
        LoopSnapshot snap = loop.snapshot();
        CHECK(snap.ready == std::vector<std::uint64_t>{a->id(), b->id()});
        CHECK(snap.timers == std::vector<std::uint64_t>{soon->id(), late->id()});
    }

    TEST_CASE("add_reader runs its callback as a handle when the descriptor is readable") {
        TracedLoop t;
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        std::string got;
        t.loop.add_reader(fds[0], [&] {
            char c;
            REQUIRE(::read(fds[0], &c, 1) == 1);
            got += c;
            t.loop.remove_reader(fds[0]);
            t.loop.stop();
        }, "on_readable");
        REQUIRE(::write(fds[1], "x", 1) == 1);
        t.loop.run_forever();
        CHECK(got == "x");
        CHECK(t.story({"io.watch", "io.ready", "handle.run", "io.unwatch"}) ==
              std::vector<std::string>{"io.watch on_readable()", "io.ready ", "handle.run on_readable()", "io.unwatch "});
        ::close(fds[0]);
        ::close(fds[1]);
    }
}

// Handles and the loop's tick (base_events.py, events.py).
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

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

    TEST_CASE("handle ids are 32-bit serial numbers: made-before holds across the wrap to 0") {
        // The heap breaks ties between equal times by id: after 2**32 handles the
        // numbers start again from 0, and a timer numbered 4294967295 still fires
        // before one numbered 0 or 5 made after it.
        CHECK(id_before(1, 2));
        CHECK_FALSE(id_before(2, 1));
        CHECK_FALSE(id_before(7, 7));
        CHECK(id_before(0xFFFFFFFFu, 0));
        CHECK(id_before(0xFFFFFFF0u, 5));
        CHECK_FALSE(id_before(5, 0xFFFFFFF0u));
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

    TEST_CASE("a closed loop refuses new work: call_soon, call_later, call_at, create_task and run_* raise 'Event loop is closed'") {
        EventLoop loop;
        loop.close();
        CHECK(loop.is_closed());
        CHECK_THROWS_WITH_AS(loop.call_soon([] {}), "Event loop is closed", RuntimeError);
        CHECK_THROWS_WITH_AS(loop.call_later(1, [] {}), "Event loop is closed", RuntimeError);
        CHECK_THROWS_WITH_AS(loop.call_at(1, [] {}), "Event loop is closed", RuntimeError);
        CHECK_THROWS_WITH_AS(loop.enable_threadsafe_calls(), "Event loop is closed", RuntimeError);
        auto never_started = [&] {
            // The coroutine is dropped unstarted: silence its "never awaited" warning here.
            WarningHandler previous = set_warning_handler([](const Warning&) {});
            auto body = []() -> Coro<void> { co_return; };
            CHECK_THROWS_WITH_AS(loop.create_task(body()), "Event loop is closed", RuntimeError);
            CHECK_THROWS_WITH_AS(loop.run_until_complete(body()), "Event loop is closed", RuntimeError);
            set_warning_handler(std::move(previous));
        };
        never_started();
        CHECK_THROWS_WITH_AS(loop.run_forever(), "Event loop is closed", RuntimeError);
        loop.close();  // closing twice is harmless
    }

    TEST_CASE("run_until_complete called from a callback raises 'This event loop is already running' and makes no task") {
        EventLoop loop;
        std::string error;
        bool body_ran = false;
        loop.call_soon([&] {
            WarningHandler previous = set_warning_handler([](const Warning&) {});
            try {
                loop.run_until_complete([&]() -> Coro<void> {
                    body_ran = true;
                    co_return;
                }());
            } catch (const RuntimeError& e) {
                error = e.what();
            }
            set_warning_handler(std::move(previous));
            loop.stop();
        });
        loop.run_forever();
        CHECK(error == "This event loop is already running");
        CHECK_FALSE(body_ran);
        CHECK(loop.snapshot().ready.empty());  // the check came before any task was made
    }

    TEST_CASE("running a loop inside another running loop raises 'Cannot run the event loop while another loop is running'") {
        EventLoop outer, inner;
        std::string error;
        outer.call_soon([&] {
            try {
                inner.run_forever();
            } catch (const RuntimeError& e) {
                error = e.what();
            }
            outer.stop();
        });
        outer.run_forever();
        CHECK(error == "Cannot run the event loop while another loop is running");
        CHECK_FALSE(inner.is_running());
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

TEST_SUITE("the event loop and other threads") {
    TEST_CASE("a thread calling call_soon_threadsafe wakes a loop blocked in select with no timers") {
        EventLoop loop(std::make_unique<MonotonicClock>());
        loop.enable_threadsafe_calls();
        auto future = loop.create_future<int>();
        std::thread caller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            loop.call_soon_threadsafe([&] { future->set_result(7); }, "set_result");
        });
        auto start = std::chrono::steady_clock::now();
        // Nothing is ready, no timer is scheduled: the loop blocks in select on the
        // self-pipe alone until the thread's byte arrives.
        CHECK(loop.run_until_complete(future) == 7);
        double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        caller.join();
        CHECK(waited >= 0.09);
        CHECK(waited < 5.0);
    }

    TEST_CASE("calls from many threads at once are all run, each thread's in its order") {
        EventLoop loop(std::make_unique<MonotonicClock>());
        loop.enable_threadsafe_calls();
        constexpr int THREADS = 4, CALLS = 5000;
        std::vector<std::vector<int>> seen(THREADS);
        int total = 0;
        auto all_done = loop.create_future<int>();
        std::vector<std::thread> threads;
        for (int t = 0; t < THREADS; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < CALLS; ++i)
                    loop.call_soon_threadsafe([&, t, i] {
                        seen[t].push_back(i);
                        if (++total == THREADS * CALLS) all_done->set_result(total);
                    });
            });
        CHECK(loop.run_until_complete(all_done) == THREADS * CALLS);
        for (std::thread& thread : threads) thread.join();
        std::vector<int> expected(CALLS);
        for (int i = 0; i < CALLS; ++i) expected[i] = i;
        for (int t = 0; t < THREADS; ++t) CHECK(seen[t] == expected);
    }

    TEST_CASE("the self-pipe's wakeup shows in the trace as a reader callback: io.ready, then _read_from_self's call_soon") {
        TracedLoop t;
        t.loop.enable_threadsafe_calls();
        auto future = t.loop.create_future<int>();
        std::thread caller([&] { t.loop.call_soon_threadsafe([&] { future->set_result(1); }, "from_thread"); });
        caller.join();
        t.loop.run_until_complete(future);
        CHECK(t.story({"io.watch", "handle.run", "call_soon"}) ==
              std::vector<std::string>{"io.watch BaseSelectorEventLoop._read_from_self()",
                                       "handle.run BaseSelectorEventLoop._read_from_self()",
                                       "call_soon from_thread()",
                                       "handle.run from_thread()",
                                       "call_soon _run_until_complete_cb(Future-1)",
                                       "handle.run _run_until_complete_cb(Future-1)"});
        auto events = t.events();
        CHECK(std::any_of(events.begin(), events.end(), [](auto& e) { return e["kind"] == "io.ready"; }));
    }

    TEST_CASE("call_soon_threadsafe needs enable_threadsafe_calls, and refuses once the loop is closed") {
        EventLoop loop;
        CHECK_THROWS_WITH_AS(loop.call_soon_threadsafe([] {}), doctest::Contains("enable_threadsafe_calls"),
                             RuntimeError);
        int before = testing::open_descriptors();
        loop.enable_threadsafe_calls();
        loop.enable_threadsafe_calls();  // once is enough; again does nothing
        CHECK(testing::open_descriptors() == before + 2);
        loop.close();
        CHECK(testing::open_descriptors() == before);
        CHECK_THROWS_WITH_AS(loop.call_soon_threadsafe([] {}), "Event loop is closed", RuntimeError);
    }

    TEST_CASE("in debug mode, call_soon from a thread other than the loop's raises 'Non-thread-safe operation invoked on an event loop other than the current one'") {
        EventLoop loop(std::make_unique<MonotonicClock>());
        loop.enable_threadsafe_calls();
        loop.set_debug(true);
        std::string error;
        auto future = loop.create_future<int>();
        std::thread intruder;
        loop.call_soon([&] {
            // The loop is running in this thread now; another thread tries call_soon.
            intruder = std::thread([&] {
                try {
                    loop.call_soon([] {});
                } catch (const RuntimeError& e) {
                    error = e.what();
                }
                loop.call_soon_threadsafe([&] { future->set_result(1); });
            });
        });
        loop.run_until_complete(future);
        intruder.join();
        CHECK(error == "Non-thread-safe operation invoked on an event loop other than the current one");
        // The same thread's calls, and any call while the loop is not running, are fine.
        CHECK_NOTHROW(loop.call_soon([] {}));
    }
}

// The state model (tracer/state.hpp, timeline.hpp, state_json.hpp): the loop's state
// folded from a trace must be what the runtime really held at every event.
#include <doctest/doctest.h>

#include <unistd.h>

#include <optional>
#include <set>

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/state_diff.hpp"
#include "coolio/tracer/state_json.hpp"
#include "coolio/tracer/timeline.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "scenario.hpp"
#include "support.hpp"

using namespace coolio;
using namespace coolio::tracer;

namespace {

// What the runtime held just after one event.
struct Truth {
    LoopSnapshot queues;
    // For events about one future or task: its id, whether it is done, and how many
    // done-callbacks wait on it (as the runtime counts them).
    std::optional<std::uint64_t> future;
    bool done = false;
    std::size_t callbacks = 0;
    // For task.suspend: the future the task now waits on, and its steps so far.
    std::uint64_t waiting_on = NONE;
    std::uint64_t steps = 0;
};

// Forwards every report to the tracer, then records what the loop holds. Observer
// reports come just after the change they report (observer.hpp), so truths[seq] is
// the runtime's state after event seq.
class Tee final : public Observer {
public:
    Tee(EventLoop& loop, Tracer& tracer) : loop_(loop), tracer_(tracer) { truths.resize(tracer.events()); }
    std::vector<Truth> truths;

    void on_tick_begin(const TickInfo& i) override { tracer_.on_tick_begin(i); record(); }
    void on_select(std::optional<double> t, std::size_t n) override { tracer_.on_select(t, n); record(); }
    void on_io_ready(int fd, std::uint32_t e, const Handle* r, const Handle* w) override {
        tracer_.on_io_ready(fd, e, r, w); record();
    }
    void on_timer_due(const TimerHandle& h) override { tracer_.on_timer_due(h); record(); }
    void on_fd_watched(int fd, std::uint32_t e, const Handle& h) override { tracer_.on_fd_watched(fd, e, h); record(); }
    void on_fd_unwatched(int fd, std::uint32_t e) override { tracer_.on_fd_unwatched(fd, e); record(); }
    void on_handle_scheduled(const Handle& h) override { tracer_.on_handle_scheduled(h); record(); }
    void on_handle_cancelled(const Handle& h) override { tracer_.on_handle_cancelled(h); record(); }
    void on_handle_run(const Handle& h) override { tracer_.on_handle_run(h); record(); }
    void on_handle_end(const Handle& h) override { tracer_.on_handle_end(h); record(); }
    void on_handle_skipped(const Handle& h) override { tracer_.on_handle_skipped(h); record(); }
    void on_exception(const ExceptionContext& c) override { tracer_.on_exception(c); record(); }
    void on_stop() override { tracer_.on_stop(); record(); }
    void on_future_created(const FutureBase& f) override { tracer_.on_future_created(f); record(&f); }
    void on_future_resolved(const FutureBase& f) override { tracer_.on_future_resolved(f); record(); }
    void on_future_resolved_end(const FutureBase& f) override { tracer_.on_future_resolved_end(f); record(); }
    void on_future_callback_added(const FutureBase& f, CallbackToken t, const CallbackInfo& c) override {
        tracer_.on_future_callback_added(f, t, c); record(&f);
    }
    void on_future_callback_removed(const FutureBase& f, CallbackToken t) override {
        tracer_.on_future_callback_removed(f, t); record(&f);
    }
    void on_task_created(const TaskBase& t) override { tracer_.on_task_created(t); record(&t); }
    void on_task_step(const TaskBase& t, const std::exception_ptr& e) override { tracer_.on_task_step(t, e); record(); }
    void on_task_suspended(const TaskBase& t, SuspendReason r, const FutureBase* f) override {
        tracer_.on_task_suspended(t, r, f);
        record(&t);
        truths.back().waiting_on = t.waiting_on() ? t.waiting_on()->id() : NONE;
        truths.back().steps = t.steps();
    }
    void on_task_step_end(const TaskBase& t) override { tracer_.on_task_step_end(t); record(); }
    void on_print(std::string_view text, const TaskBase* t) override { tracer_.on_print(text, t); record(); }

    /// After tracer.finish(): the state for trace.end.
    void record_end() { record(); }

private:
    void record(const FutureBase* subject = nullptr) {
        while (truths.size() < tracer_.events()) {  // one per event written (the _end reports write none)
            Truth truth;
            truth.queues = loop_.snapshot();
            if (subject) {
                truth.future = subject->id();
                truth.done = subject->done();
                truth.callbacks = subject->callback_count();
            }
            truths.push_back(truth);
        }
    }
    EventLoop& loop_;
    Tracer& tracer_;
};

struct Recording {
    std::string text;
    std::vector<Truth> truths;
};

// Runs `program` on a traced loop with the Tee watching.
Recording record(void (*program)(EventLoop&)) {
    EventLoop loop;
    loop.set_output(nullptr);
    set_event_loop(&loop);
    MemorySink sink;
    Tracer tracer(loop, sink, {"test"});
    Tee tee(loop, tracer);
    loop.set_observer(&tee);  // after the Tracer, which set itself
    try {
        program(loop);
    } catch (const InternalError&) {
        throw;
    } catch (...) {
        // a program that raises still leaves a whole trace
    }
    tracer.finish();
    tee.record_end();
    loop.set_observer(nullptr);
    set_event_loop(nullptr);
    return {sink.text(), std::move(tee.truths)};
}

std::vector<std::uint64_t> ids(const auto& queue) {
    std::vector<std::uint64_t> out;
    for (const QueuedHandle& h : queue) out.push_back(h.handle);
    return out;
}

// Folds the trace event by event and compares with what the runtime held.
void check_against_runtime(const Recording& recording, const std::string& name) {
    Timeline timeline(parse_trace_events(recording.text, name));
    REQUIRE(timeline.size() == recording.truths.size());
    LoopState state = timeline.state_at(0);
    for (std::uint64_t seq = 1; seq < timeline.size(); ++seq) {
        timeline.advance(state, seq);
        const Truth& truth = recording.truths[seq];
        INFO(name, " event ", seq, ": ", kind_name(timeline.event(seq).kind()));
        CHECK(ids(state.ready) == truth.queues.ready);
        CHECK(ids(state.timers) == truth.queues.timers);
        if (truth.future) {
            std::size_t callbacks = 0;
            bool done = false;
            if (const TaskInfo* task = state.task(*truth.future)) {
                callbacks = task->callbacks.size();
                done = task->status == TaskStatus::done;
            } else if (const FutureInfo* future = state.future(*truth.future)) {
                callbacks = future->callbacks.size();
                done = future->status != FutureStatus::pending;
            } else {
                FAIL("the model does not know future ", *truth.future);
            }
            CHECK(callbacks == truth.callbacks);
            CHECK(done == truth.done);
        }
        if (timeline.event(seq).kind() == EventKind::task_suspend) {
            const TaskInfo* task = state.task(timeline.event(seq).as<ev::TaskSuspend>().task);
            REQUIRE(task);
            CHECK(task->waiting_on == truth.waiting_on);
            CHECK(task->steps == truth.steps);
        }
    }
}

// A program that meets the kinds the scenarios may not: cancelled timers dropped at
// the top of the heap, a skipped handle, a watched pipe, a callback that raises, a
// removed done-callback and a cancelled task.
void odd_corners(EventLoop& loop) {
    loop.set_exception_handler([](EventLoop&, const ExceptionContext&) {});  // "raises" is expected: keep quiet
    TimerHandlePtr dropped = loop.call_later(0.5, [] {}, "never");
    dropped->cancel();  // at the top of the heap when the next tick begins: dropped
    HandlePtr skipped = loop.call_soon([] {}, "skipped");
    skipped->cancel();  // still in the ready queue: popped and skipped
    loop.call_soon([] { throw ValueError("boom"); }, "raises");

    auto future = loop.create_future<None>();
    CallbackToken token = future->add_done_callback([](FutureBase&) {}, "unwanted");
    future->remove_done_callback(token);

    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    REQUIRE(::write(fds[1], "x", 1) == 1);
    loop.add_reader(fds[0], [&loop, fd = fds[0]] {
        char c;
        REQUIRE(::read(fd, &c, 1) == 1);
        loop.remove_reader(fd);
    }, "on_readable");
    loop.add_writer(fds[1], [&loop, fd = fds[1]] { loop.remove_writer(fd); }, "on_writable");

    auto sleeper = loop.create_task([]() -> Coro<void> { co_await coolio::sleep(10); }());
    loop.call_later(1, [sleeper] { sleeper->cancel(); }, "cancel_sleeper");
    loop.run_until_complete(coolio::sleep(2));
    CHECK(sleeper->cancelled());
    ::close(fds[0]);
    ::close(fds[1]);
}

// A few events in the trace format, seq and header added: for hand-made cases.
std::string trace_text(const std::vector<std::string>& events) {
    std::string text =
        R"J({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"coolio-trace","version":1,"scenario":"hand","clock":"virtual","runtime":"asyncio"})J"
        "\n";
    int tick = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].find("tick.begin") != std::string::npos) ++tick;
        text += R"J({"seq":)J" + std::to_string(i + 1) + R"J(,"tick":)J" + std::to_string(tick) + R"J(,"t":0.0,)J" +
                events[i] + "}\n";
    }
    return text;
}

Timeline hand_timeline(const std::vector<std::string>& events) { return Timeline(parse_trace_events(trace_text(events), "hand.jsonl")); }

std::string state_json(const Timeline& timeline, std::uint64_t seq) {
    std::string out;
    append_state_json(out, timeline.state_at(seq), timeline.trace());
    return out;
}

std::string problem_of(const std::vector<std::string>& events) {
    try {
        hand_timeline(events);
    } catch (const TraceError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_SUITE("the state model") {
    TEST_CASE("the reconstructed ready queue and timer heap equal the runtime's after every event of sleep_wait") {
        check_against_runtime(record(scenarios::find("sleep_wait")->main), "sleep_wait");
    }

    TEST_CASE("the reconstructed queues, futures and tasks equal the runtime's after every event of every built-in scenario") {
        for (const scenarios::Scenario& scenario : scenarios::all()) {
            SUBCASE(std::string(scenario.name).c_str()) {
                check_against_runtime(record(scenario.main), std::string(scenario.name));
            }
        }
    }

    TEST_CASE("the state model folds curio traces: the kernel's ready queue of tasks and what each task is parked on") {
        for (const scenarios::Scenario& scenario : scenarios::all()) {
            if (!scenario.is_dual()) continue;
            INFO(scenario.name);
            MemorySink sink;
            scenarios::run(scenario, {"virtual", &sink, nullptr, "curio"});
            TraceEvents trace = parse_trace_events(sink.text(), std::string(scenario.name));
            LoopState state;
            std::size_t parked_seen = 0;
            for (const tracer::Event& e : trace.events) {
                apply_event(state, trace, e);  // throws on any contradiction
                if (e.kind() == EventKind::task_park) {
                    const auto& park = e.as<ev::TaskPark>();
                    const TaskInfo* task = state.task(park.task);
                    REQUIRE(task);
                    CHECK(task->status == TaskStatus::suspended);
                    CHECK(task->parked_on == park.on);
                    ++parked_seen;
                }
                if (e.kind() == EventKind::task_wake) CHECK(state.ready_tasks.back() == e.as<ev::TaskWake>().task);
            }
            CHECK(state.curio);
            CHECK(parked_seen > 0);
            CHECK(state.ready.empty());  // no handles in a curio trace
            for (const TaskInfo& task : state.tasks) CHECK(task.status == TaskStatus::done);
        }
        // The cancelled sleeper is back on the ready queue, ahead of nobody, right after the cancel.
        MemorySink sink;
        scenarios::run(*scenarios::find("cancel_sleeping"), {"virtual", &sink, nullptr, "curio"});
        TraceEvents trace = parse_trace_events(sink.text(), "cancel_sleeping");
        LoopState state;
        for (const tracer::Event& e : trace.events) {
            apply_event(state, trace, e);
            if (e.kind() == EventKind::task_wake && trace.str(e.as<ev::TaskWake>().reason) == "TaskCancelled()") {
                CHECK(state.ready_tasks == std::deque<std::uint64_t>{2});
                CHECK(state.current_task == 1);  // main is still in its turn: it parks on the join next
            }
        }
    }

    TEST_CASE("the state equals the runtime's through dropped timers, skipped handles, a watched pipe and a raising callback") {
        Recording recording = record(odd_corners);
        check_against_runtime(recording, "odd_corners");
        TraceEvents trace = parse_trace_events(recording.text, "odd_corners");
        std::set<EventKind> kinds;
        for (const tracer::Event& e : trace.events) kinds.insert(e.kind());
        for (EventKind kind : {EventKind::io_watch, EventKind::io_ready, EventKind::io_unwatch, EventKind::handle_skip,
                               EventKind::loop_exception, EventKind::timer_due, EventKind::future_callback})
            CHECK_MESSAGE(kinds.count(kind), kind_name(kind));
        bool dropped = false;
        for (const tracer::Event& e : trace.events)
            if (e.kind() == EventKind::tick_begin && e.as<ev::TickBegin>().dropped.size) dropped = true;
        CHECK(dropped);
    }

    TEST_CASE("jumping to any event gives the state that folding from the start gives") {
        std::string text = record(scenarios::find("gather_error")->main).text;
        Timeline sparse(parse_trace_events(text, "gather_error"), 100000);  // one checkpoint: every jump replays from 0
        Timeline dense(parse_trace_events(text, "gather_error"), 1);        // as many as the weight rule allows
        CHECK(sparse.checkpoint_count() == 1);
        CHECK(dense.checkpoint_count() > 1);
        LoopState state = sparse.state_at(0);
        for (std::uint64_t seq = 0; seq < sparse.size(); ++seq) {
            if (seq) sparse.advance(state, seq);
            std::string folded, jumped, dense_jump;
            append_state_json(folded, state, sparse.trace());
            append_state_json(jumped, sparse.state_at(seq), sparse.trace());
            append_state_json(dense_jump, dense.state_at(seq), dense.trace());
            CHECK(jumped == folded);
            CHECK(dense_jump == folded);
        }
        CHECK_THROWS_AS(sparse.state_at(sparse.size()), std::out_of_range);
    }

    TEST_CASE("checkpoints are spaced by at least four times the state's size, so they never outgrow the trace") {
        Timeline timeline(parse_trace_events(record(scenarios::find("sleep0_round_robin")->main).text, "rr"), 2);
        // The state after every event has a few entries (tasks, handles): spacing 2 is
        // then stretched to four times the state's weight: far fewer checkpoints than events.
        CHECK(timeline.checkpoint_count() > 1);
        CHECK(timeline.checkpoint_count() * 4 < timeline.size());
    }

    TEST_CASE("the state JSON has the fixed shape, keys in order") {
        Timeline timeline(parse_trace_events(record(scenarios::find("sleep_wait")->main).text, "sleep_wait"));
        // Event 55: Task-2 steps again after its sleep's timer fired (handle 8 runs it).
        std::string expected =
            R"J({"seq":55,"tick":4,"t":1.0,"ready":[],)J"
            R"J("timers":[{"handle":6,"callback":"futures._set_result_unless_cancelled(Future-7)","when":2.0,"cancelled":false},)J"
            R"J({"handle":7,"callback":"futures._set_result_unless_cancelled(Future-8)","when":3.0,"cancelled":false}],)J"
            R"J("tasks":[{"task":1,"name":"Task-1","coro":"wait","state":"suspended","waiting_on":5,"chain":["wait","_wait"],"outcome":null,"steps":1,"callbacks":["_run_until_complete_cb()"]},)J"
            R"J({"task":2,"name":"Task-2","coro":"do_some_work","state":"running","waiting_on":null,"chain":["do_some_work","long_time_work","sleep"],"outcome":null,"steps":2,"callbacks":["_on_completion()"]},)J"
            R"J({"task":3,"name":"Task-3","coro":"do_some_work","state":"suspended","waiting_on":7,"chain":["do_some_work","long_time_work","sleep"],"outcome":null,"steps":1,"callbacks":["_on_completion()"]},)J"
            R"J({"task":4,"name":"Task-4","coro":"do_some_work","state":"suspended","waiting_on":8,"chain":["do_some_work","long_time_work","sleep"],"outcome":null,"steps":1,"callbacks":["_on_completion()"]}],)J"
            R"J("futures":[{"future":5,"label":"_wait.waiter","state":"pending","callbacks":["Task-1.__wakeup()"]},)J"
            R"J({"future":6,"label":"sleep","state":"result","callbacks":[]},)J"
            R"J({"future":7,"label":"sleep","state":"pending","callbacks":["Task-3.__wakeup()"]},)J"
            R"J({"future":8,"label":"sleep","state":"pending","callbacks":["Task-4.__wakeup()"]}],)J"
            R"J("fds":[],"current":{"handle":8,"task":2}})J";
        CHECK(state_json(timeline, 55) == expected);
        // and it is JSON
        CHECK(nlohmann::json::parse(state_json(timeline, 55))["tasks"][1]["state"] == "running");
    }

    TEST_CASE("a task is pending, then running, suspended, running again and done, and current follows it") {
        Timeline t = hand_timeline({
            R"J("kind":"task.new","task":1,"name":"Task-1","coro":"main")J",
            R"J("kind":"call_soon","handle":1,"callback":"Task-1.__step()")J",
            R"J("kind":"future.new","future":2,"label":"Future")J",
            R"J("kind":"tick.begin","ready":1,"scheduled":0,"timeout":0.0,"dropped":[])J",
            R"J("kind":"handle.run","handle":1,"callback":"Task-1.__step()")J",
            R"J("kind":"task.step","task":1,"name":"Task-1","mode":"send","value":"None")J",
            R"J("kind":"future.callback","future":2,"op":"add","token":1,"callback":"Task-1.__wakeup()")J",
            R"J("kind":"task.suspend","task":1,"name":"Task-1","reason":"future","future":2,"chain":["main"])J",
            R"J("kind":"future.resolve","future":2,"outcome":"result","result":"None","callbacks":1)J",
            R"J("kind":"call_soon","handle":2,"callback":"Task-1.__wakeup(Future-2)")J",
            R"J("kind":"handle.run","handle":2,"callback":"Task-1.__wakeup(Future-2)")J",
            R"J("kind":"task.step","task":1,"name":"Task-1","mode":"send","value":"None")J",
            R"J("kind":"task.done","task":1,"name":"Task-1","outcome":"result","result":"None","callbacks":0)J",
        });
        auto task = [&](std::uint64_t seq) { return *t.state_at(seq).task(1); };
        CHECK(task(1).status == TaskStatus::pending);
        CHECK(t.state_at(5).current_handle == 1);
        CHECK(task(6).status == TaskStatus::running);
        CHECK(t.state_at(6).current_task == 1);
        CHECK(task(8).status == TaskStatus::suspended);
        CHECK(task(8).waiting_on == 2);
        CHECK(t.state_at(8).current_task == NONE);
        CHECK(t.state_at(8).current_handle == 1);  // the handle's run is still in progress
        CHECK(t.state_at(8).future(2)->callbacks.size() == 1);
        CHECK(t.state_at(9).future(2)->callbacks.empty());  // resolved: the callback is queued, not pending
        CHECK(task(9).waiting_on == 2);                     // still, until it steps again
        CHECK(task(12).status == TaskStatus::running);
        CHECK(task(12).waiting_on == NONE);
        CHECK(task(12).steps == 2);
        CHECK(task(13).status == TaskStatus::done);
        CHECK(task(13).outcome == FutureOutcome::result);
        CHECK(task(13).chain.size == 0);
        CHECK(t.state_at(13).current_task == NONE);
    }

    TEST_CASE("a callback added to a done future is queued at once, never pending; remove takes one away by token") {
        Timeline t = hand_timeline({
            R"J("kind":"future.new","future":1,"label":"Future")J",
            R"J("kind":"future.callback","future":1,"op":"add","token":1,"callback":"a()")J",
            R"J("kind":"future.callback","future":1,"op":"add","token":2,"callback":"b()")J",
            R"J("kind":"future.callback","future":1,"op":"remove","token":1)J",
            R"J("kind":"future.resolve","future":1,"outcome":"cancelled","callbacks":1)J",
            R"J("kind":"future.callback","future":1,"op":"add","token":3,"callback":"late()")J",
        });
        CHECK(state_json(t, 3).find(R"J("callbacks":["a()","b()"])J") != std::string::npos);
        CHECK(state_json(t, 4).find(R"J("callbacks":["b()"])J") != std::string::npos);
        CHECK(state_json(t, 5).find(R"J("state":"cancelled","callbacks":[])J") != std::string::npos);
        CHECK(state_json(t, 6).find(R"J("state":"cancelled","callbacks":[])J") != std::string::npos);
    }

    TEST_CASE("timers are kept soonest first, ties by handle id, and timer.due moves one to the back of ready") {
        Timeline t = hand_timeline({
            R"J("kind":"call_soon","handle":1,"callback":"first()")J",
            R"J("kind":"call_at","handle":2,"callback":"late()","when":3.0)J",
            R"J("kind":"call_at","handle":3,"callback":"soon()","when":1.0)J",
            R"J("kind":"call_at","handle":4,"callback":"soon_too()","when":1.0)J",
            R"J("kind":"handle.cancel","handle":4,"callback":"soon_too()")J",
            R"J("kind":"timer.due","handle":3,"callback":"soon()","when":1.0)J",
        });
        LoopState s = t.state_at(5);
        CHECK(ids(s.timers) == std::vector<std::uint64_t>{3, 4, 2});
        CHECK(s.timers[1].cancelled);
        LoopState due = t.state_at(6);
        CHECK(ids(due.ready) == std::vector<std::uint64_t>{1, 3});
        CHECK(ids(due.timers) == std::vector<std::uint64_t>{4, 2});
        std::vector<std::string> changes;
        for (const StateChange& c : diff_states(s, due, t.trace())) changes.push_back(to_string(c));
        CHECK(changes == std::vector<std::string>{"ready: +soon()", "timers: -soon()"});
    }

    TEST_CASE("io.watch and io.unwatch keep the watched descriptors; io.ready queues their handles") {
        Timeline t = hand_timeline({
            R"J("kind":"io.watch","fd":7,"events":"r","handle":1,"callback":"on_read()")J",
            R"J("kind":"io.watch","fd":7,"events":"w","handle":2,"callback":"on_write()")J",
            R"J("kind":"io.watch","fd":3,"events":"r","handle":3,"callback":"other()")J",
            R"J("kind":"tick.begin","ready":0,"scheduled":0,"timeout":null,"dropped":[])J",
            R"J("kind":"io.ready","fd":7,"events":"rw","handles":[1,2])J",
            R"J("kind":"io.unwatch","fd":7,"events":"r")J",
        });
        CHECK(state_json(t, 3).find(R"J("fds":[{"fd":3,"reader":"other()","writer":null},{"fd":7,"reader":"on_read()","writer":"on_write()"}])J") !=
              std::string::npos);
        CHECK(ids(t.state_at(5).ready) == std::vector<std::uint64_t>{1, 2});
        CHECK(state_json(t, 6).find(R"J({"fd":7,"reader":null,"writer":"on_write()"})J") != std::string::npos);
    }

    TEST_CASE("an event that contradicts the state is a malformed trace, reported with its file and line") {
        CHECK(problem_of({R"J("kind":"call_soon","handle":1,"callback":"a()")J", R"J("kind":"call_soon","handle":2,"callback":"b()")J",
                          R"J("kind":"handle.run","handle":2,"callback":"b()")J"}) ==
              "hand.jsonl:4: handle.run of handle 2 (b()), but the front of the ready queue is handle 1 (a())");
        CHECK(problem_of({R"J("kind":"handle.skip","handle":1,"callback":"a()")J"}) ==
              "hand.jsonl:2: handle.skip of handle 1 (a()), but the ready queue is empty");
        CHECK(problem_of({R"J("kind":"task.step","task":4,"name":"Task-4","mode":"send","value":"None")J"}) ==
              "hand.jsonl:2: task.step for task 4, which no task.new created");
        CHECK(problem_of({R"J("kind":"task.new","task":1,"name":"Task-1","coro":"main")J",
                          R"J("kind":"task.suspend","task":1,"name":"Task-1","reason":"yield","future":null,"chain":[])J"}) ==
              "hand.jsonl:3: task.suspend for Task-1, which is not running (it is pending)");
        CHECK(problem_of({R"J("kind":"timer.due","handle":9,"callback":"x()","when":1.0)J"}) ==
              "hand.jsonl:2: timer.due for handle 9 (x()), which is not on the timer heap");
        CHECK(problem_of({R"J("kind":"future.resolve","future":3,"outcome":"result","result":"None","callbacks":0)J"}) ==
              "hand.jsonl:2: future.resolve for future 3, which no future.new created");
        CHECK(problem_of({R"J("kind":"future.new","future":1,"label":"Future")J", R"J("kind":"future.new","future":1,"label":"Future")J"}) ==
              "hand.jsonl:3: future.new for id 1, which Future-1 already has");
        CHECK(problem_of({R"J("kind":"future.callback","future":2,"op":"add","token":1,"callback":"a()")J"}) ==
              "hand.jsonl:2: future.callback for future 2, which no future.new or task.new created");
        CHECK(problem_of({R"J("kind":"io.unwatch","fd":5,"events":"r")J"}) == "hand.jsonl:2: io.unwatch of fd 5, which is not watched");
        CHECK(problem_of({R"J("kind":"tick.begin","ready":0,"scheduled":0,"timeout":null,"dropped":[4])J"}) ==
              "hand.jsonl:2: tick.begin drops timer handle 4, which is not on the timer heap");
    }
}

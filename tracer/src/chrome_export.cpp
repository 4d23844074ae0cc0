#include "coolio/tracer/chrome_export.hpp"

#include <map>
#include <string>
#include <vector>

#include "coolio/repr.hpp"

namespace coolio::tracer {

namespace {

using nlohmann::json;

// The lanes, as Chrome "threads" of one process. Tasks get TASK_TID_BASE + their
// order of creation, so they are listed in the order they were made.
constexpr int PID = 1;
constexpr int LOOP_TID = 1;
constexpr int SELECTOR_TID = 2;
constexpr int TIMERS_TID = 3;
constexpr int TASK_TID_BASE = 100;
constexpr std::uint64_t SLOT = 10;  // µs per event (see chrome_ts)

class Exporter {
public:
    explicit Exporter(const Trace& trace) : events_(trace.events) {}

    json run() {
        metadata_();
        lanes_of_events_();
        for (std::size_t i = 0; i < events_.size(); ++i) event_(i);
        close_open_slices_();
        json otherData = {{"format", "coolio-trace"},
                          {"scenario", events_.front().value("scenario", "")},
                          {"clock", events_.front().value("clock", "")},
                          {"time_mapping", "ts = 10 us x seq + 40 us x tick; the loop time is args.t"}};
        return {{"traceEvents", std::move(out_)}, {"displayTimeUnit", "ms"}, {"otherData", std::move(otherData)}};
    }

private:
    // ---- helpers ----
    // Event i is the event whose seq is i (the reader checked it).
    std::uint64_t tick_of(std::size_t i) const { return events_[i]["tick"].get<std::uint64_t>(); }
    std::uint64_t ts(std::size_t i) const { return chrome_ts(i, tick_of(i)); }
    std::string kind(std::size_t i) const { return events_[i]["kind"].get<std::string>(); }
    bool has_cause(std::size_t i) const { return events_[i].contains("cause"); }
    std::size_t cause(std::size_t i) const { return events_[i]["cause"].get<std::size_t>(); }

    int task_tid(std::uint64_t task) {
        auto found = task_tids_.find(task);
        if (found != task_tids_.end()) return found->second;
        // A task the trace never announced with task.new (a cut trace): give it a lane anyway.
        int tid = TASK_TID_BASE + int(task_tids_.size());
        task_tids_[task] = tid;
        thread_name_(tid, "Task " + std::to_string(task), tid);
        return tid;
    }

    void thread_name_(int tid, const std::string& name, int sort_index) {
        out_.push_back({{"ph", "M"}, {"pid", PID}, {"tid", tid}, {"name", "thread_name"}, {"args", {{"name", name}}}});
        out_.push_back({{"ph", "M"},
                        {"pid", PID},
                        {"tid", tid},
                        {"name", "thread_sort_index"},
                        {"args", {{"sort_index", sort_index}}}});
    }

    void metadata_() {
        out_.push_back({{"ph", "M"},
                        {"pid", PID},
                        {"tid", 0},
                        {"name", "process_name"},
                        {"args", {{"name", "coolio loop: " + events_.front().value("scenario", std::string("?"))}}}});
        thread_name_(LOOP_TID, "loop (ticks, handles)", LOOP_TID);
        thread_name_(SELECTOR_TID, "selector", SELECTOR_TID);
        thread_name_(TIMERS_TID, "timer heap", TIMERS_TID);
        for (const json& e : events_) {
            if (e["kind"] == "task.new") {
                int tid = TASK_TID_BASE + int(task_tids_.size());
                task_tids_[e["task"].get<std::uint64_t>()] = tid;
                thread_name_(tid, e["name"].get<std::string>() + " (" + e["coro"].get<std::string>() + ")", tid);
            }
        }
    }

    // Where each event happened: inside a task's step (or its resolution), that task's
    // lane; anywhere else, the loop's. It is the lane of the event's cause, found by
    // following `cause` up: causes always come earlier, so one pass in order does it.
    //
    // Also the end of each event's scope: what a handle's run, a step or a resolution
    // caused carries its seq as `cause` (directly or through inner scopes), and scopes
    // nest, so those events are the ones right after it, up to scope_end_.
    void lanes_of_events_() {
        lane_.resize(events_.size(), LOOP_TID);
        scope_end_.resize(events_.size());
        for (std::size_t i = 0; i < events_.size(); ++i) {
            scope_end_[i] = i;
            if (!has_cause(i)) continue;
            for (std::size_t c = cause(i);; c = cause(c)) {
                scope_end_[c] = i;
                if (!has_cause(c)) break;
            }
            std::size_t c = cause(i);
            std::string ck = kind(c);
            if (ck == "task.step" || ck == "task.done" || ck == "task.resume")
                lane_[i] = task_tid(events_[c]["task"].get<std::uint64_t>());
            else if (ck == "future.resolve") lane_[i] = lane_[c];
            else lane_[i] = LOOP_TID;  // inside a handle's run
        }
    }

    json args_of(std::size_t i) const {
        json args = events_[i];
        args.erase("kind");
        args.erase("tick");
        args.erase("seq");
        args["seq"] = events_[i]["seq"];
        args["tick"] = events_[i]["tick"];
        return args;
    }

    void slice_(int tid, const std::string& name, const char* cat, std::uint64_t begin, std::uint64_t end, json args) {
        out_.push_back({{"ph", "X"},
                        {"pid", PID},
                        {"tid", tid},
                        {"name", name},
                        {"cat", cat},
                        {"ts", begin},
                        {"dur", end > begin ? end - begin : 0},
                        {"args", std::move(args)}});
    }
    void instant_(int tid, const std::string& name, const char* cat, std::size_t i) {
        out_.push_back({{"ph", "i"},
                        {"s", "t"},
                        {"pid", PID},
                        {"tid", tid},
                        {"name", name},
                        {"cat", cat},
                        {"ts", ts(i) + 5},  // mid-slot: inside the slices open at this event
                        {"args", args_of(i)}});
    }
    // An arrow from a point inside a slice on `from_tid` to one inside a slice on `to_tid`.
    void flow_(const char* name, int from_tid, std::uint64_t from_ts, int to_tid, std::uint64_t to_ts) {
        std::uint64_t id = ++flow_id_;
        out_.push_back(
            {{"ph", "s"}, {"pid", PID}, {"tid", from_tid}, {"name", name}, {"cat", "cause"}, {"id", id}, {"ts", from_ts}});
        out_.push_back({{"ph", "f"},
                        {"bp", "e"},
                        {"pid", PID},
                        {"tid", to_tid},
                        {"name", name},
                        {"cat", "cause"},
                        {"id", id},
                        {"ts", to_ts}});
    }

    // ---- the loop lane: ticks and handle runs ----
    void end_tick_(std::size_t last) {
        if (tick_start_ == NONE_) return;
        std::uint64_t tick = tick_of(tick_start_);
        std::string name = tick == 0 ? "before the loop (tick 0)" : "tick " + std::to_string(tick);
        json args = {{"tick", tick}, {"t", events_[tick_start_]["t"]}, {"first_seq", tick_start_}, {"last_seq", last}};
        slice_(LOOP_TID, name, "tick", ts(tick_start_), ts(last) + SLOT, std::move(args));
        tick_start_ = NONE_;
    }

    // ---- task lanes: pending, steps, awaits ----
    // Between its steps a task's lane shows one slice: "pending" before the first
    // step, then what it awaited. It is opened here and closed by the next step.
    struct TaskLane {
        std::size_t open = NONE_;  // the event that opened the slice (task.new, task.suspend)
        std::uint64_t begin = 0;   // its ts
        std::string name;
        std::uint64_t steps = 0;
    };
    void close_task_slice_(std::uint64_t task, std::uint64_t end_ts) {
        TaskLane& lane = tasks_[task];
        if (lane.open == NONE_) return;
        slice_(task_tid(task), lane.name, "task", lane.begin, end_ts, args_of(lane.open));
        lane.open = NONE_;
    }
    std::string await_name(std::size_t i) {
        const json& e = events_[i];
        std::string reason = e["reason"].get<std::string>();
        if (reason == "yield") return "yield: sleep(0)";
        if (reason == "bad_yield") return "awaited a non-future";
        std::uint64_t future = e["future"].is_number() ? e["future"].get<std::uint64_t>() : 0;
        auto label = future_labels_.find(future);
        if (label != future_labels_.end()) return "await Future-" + std::to_string(future) + " (" + label->second + ")";
        auto task = task_names_.find(future);
        if (task != task_names_.end()) return "await " + task->second;
        return "await Future-" + std::to_string(future);
    }

    // ---- one event ----
    void event_(std::size_t i) {
        const json& e = events_[i];
        const std::string k = kind(i);
        if (k == "kernel.cycle") {  // curio: a cycle of the kernel plays the part of a tick
            end_tick_(i - 1);
            tick_start_ = i;
            out_.push_back({{"ph", "C"}, {"pid", PID}, {"tid", LOOP_TID}, {"name", "loop time (s)"}, {"ts", ts(i)},
                            {"args", {{"t", e["t"].is_number() ? e["t"].get<double>() : 0.0}}}});
            out_.push_back({{"ph", "C"}, {"pid", PID}, {"tid", LOOP_TID}, {"name", "queues"}, {"ts", ts(i)},
                            {"args", {{"ready", e["ready"]}, {"sleeping", e["sleeping"]}}}});
            return;
        }
        if (k == "tick.begin") {
            end_tick_(i - 1);
            tick_start_ = i;
            for (const json& dropped : e["dropped"]) timer_end_(dropped.get<std::uint64_t>(), i);
            out_.push_back({{"ph", "C"}, {"pid", PID}, {"tid", LOOP_TID}, {"name", "loop time (s)"}, {"ts", ts(i)},
                            {"args", {{"t", e["t"].is_number() ? e["t"].get<double>() : 0.0}}}});
            out_.push_back({{"ph", "C"}, {"pid", PID}, {"tid", LOOP_TID}, {"name", "queues"}, {"ts", ts(i)},
                            {"args", {{"ready", e["ready"]}, {"timers", e["scheduled"]}}}});
            return;
        }
        if (i == 0) tick_start_ = 0;  // tick 0: what the program did before the loop ran
        if (k == "select") {
            std::string name = e["timeout"].is_null() ? "select: wait for I/O"
                               : e["timeout"].get<double>() > 0
                                   ? "select: wait " + float_repr(e["timeout"].get<double>()) + " s"
                                   : "select: poll";
            std::size_t begin = tick_start_ == NONE_ ? i : tick_start_;
            slice_(SELECTOR_TID, name, "select", ts(begin), ts(i) + SLOT, args_of(i));
        } else if (k == "io.ready") {
            instant_(SELECTOR_TID, "fd " + std::to_string(e["fd"].get<int>()) + " ready (" +
                                       e["events"].get<std::string>() + ")", "io", i);
            for (const json& h : e["handles"]) scheduled_by_[h.get<std::uint64_t>()] = {i, LOOP_TID};
        } else if (k == "call_at") {
            out_.push_back({{"ph", "b"}, {"pid", PID}, {"tid", TIMERS_TID}, {"cat", "timer"},
                            {"name", e["callback"].get<std::string>()}, {"id", e["handle"]}, {"ts", ts(i) + 5},
                            {"args", args_of(i)}});
            timers_open_[e["handle"].get<std::uint64_t>()] = e["callback"].get<std::string>();
            instant_(lane_[i], "call_at " + e["callback"].get<std::string>(), "schedule", i);
        } else if (k == "timer.due") {
            std::uint64_t handle = e["handle"].get<std::uint64_t>();
            timer_end_(handle, i);
            scheduled_by_[handle] = {i, LOOP_TID};
            instant_(LOOP_TID, "timer due: " + e["callback"].get<std::string>(), "timer", i);
        } else if (k == "call_soon") {
            scheduled_by_[e["handle"].get<std::uint64_t>()] = {i, lane_[i]};
            instant_(lane_[i], "call_soon " + e["callback"].get<std::string>(), "schedule", i);
        } else if (k == "handle.run") {
            slice_(LOOP_TID, e["callback"].get<std::string>(), "handle", ts(i), ts(scope_end_[i]) + SLOT, args_of(i));
            std::uint64_t handle = e["handle"].get<std::uint64_t>();
            auto from = scheduled_by_.find(handle);
            if (from != scheduled_by_.end()) {
                flow_("schedules", from->second.tid, ts(from->second.event) + 5, LOOP_TID, ts(i) + 1);
                scheduled_by_.erase(from);
            }
        } else if (k == "handle.skip") {
            scheduled_by_.erase(e["handle"].get<std::uint64_t>());
            instant_(LOOP_TID, "skip (cancelled) " + e["callback"].get<std::string>(), "handle", i);
        } else if (k == "task.new") {
            std::uint64_t task = e["task"].get<std::uint64_t>();
            task_names_[task] = e["name"].get<std::string>();
            instant_(lane_[i], "create " + e["name"].get<std::string>(), "task", i);
            tasks_[task] = {i, ts(i) + 5, "pending", 0};
        } else if (k == "task.step") {
            std::uint64_t task = e["task"].get<std::uint64_t>();
            close_task_slice_(task, ts(i));
            // The step lasts until the last event it caused (a task.done's callbacks included).
            std::uint64_t step = ++tasks_[task].steps;
            slice_(task_tid(task),
                   "step " + std::to_string(step) +
                       (e["mode"] == "throw" ? ": throw " + e.value("exception", std::string("?")) : ""),
                   "task", ts(i), ts(scope_end_[i]) + SLOT, args_of(i));
            if (has_cause(i) && kind(cause(i)) == "handle.run")
                flow_("runs", LOOP_TID, ts(cause(i)) + 2, task_tid(task), ts(i) + 1);
        } else if (k == "task.suspend" || k == "task.done") {
            std::uint64_t task = e["task"].get<std::uint64_t>();
            if (k == "task.suspend") {
                TaskLane& lane = tasks_[task];
                std::size_t step = has_cause(i) ? cause(i) : i;
                lane.open = i;
                lane.begin = ts(scope_end_[step]) + SLOT;
                lane.name = await_name(i);
            } else {
                std::string outcome = e["outcome"].get<std::string>();
                std::string how = outcome == "result"      ? "returned " + e.value("result", std::string("?"))
                                  : outcome == "exception" ? "raised " + e.value("exception", std::string("?"))
                                                           : std::string("cancelled");
                instant_(task_tid(task), "done: " + how, "task", i);
            }
        } else if (k == "task.resume") {  // curio: the kernel resumes the task
            std::uint64_t task = e["task"].get<std::uint64_t>();
            close_task_slice_(task, ts(i));
            std::uint64_t step = ++tasks_[task].steps;
            std::string name = "resume " + std::to_string(step);
            if (e["via"] == "trap") name += " (after a trap)";
            if (e["mode"] == "throw") name += ": throw " + e.value("exception", std::string("?"));
            slice_(task_tid(task), name, "task", ts(i), ts(scope_end_[i]) + SLOT, args_of(i));
        } else if (k == "trap") {
            instant_(lane_[i], e["trap"].get<std::string>() + "(" + e["args"].get<std::string>() + ")", "trap", i);
        } else if (k == "task.park") {  // curio: parked until a task.wake
            std::uint64_t task = e["task"].get<std::uint64_t>();
            TaskLane& lane = tasks_[task];
            std::size_t resume = has_cause(i) ? cause(i) : i;
            lane.open = i;
            lane.begin = ts(scope_end_[resume]) + SLOT;
            lane.name = "parked " + e["state"].get<std::string>() + " on " + e["on"].get<std::string>();
        } else if (k == "task.wake") {
            instant_(lane_[i], "wake " + e["name"].get<std::string>() + ": " + e["reason"].get<std::string>(), "task", i);
        } else if (k == "future.new") {
            future_labels_[e["future"].get<std::uint64_t>()] = e["label"].get<std::string>();
        } else if (k == "future.resolve") {
            instant_(lane_[i], "Future-" + std::to_string(e["future"].get<std::uint64_t>()) + " " +
                                   e["outcome"].get<std::string>(), "future", i);
        } else if (k == "print") {
            instant_(lane_[i], e["text"].get<std::string>(), "print", i);
        } else if (k == "handle.cancel") {
            instant_(lane_[i], "cancel " + e["callback"].get<std::string>(), "handle", i);
        } else if (k == "io.watch" || k == "io.unwatch") {
            instant_(lane_[i], k + " fd " + std::to_string(e["fd"].get<int>()) + " (" + e["events"].get<std::string>() + ")",
                     "io", i);
        } else if (k == "loop.exception" || k == "loop.stop" || k == "trace.end") {
            instant_(LOOP_TID, k == "loop.exception" ? "exception: " + e["message"].get<std::string>() : k, "loop", i);
        }
    }

    void timer_end_(std::uint64_t handle, std::size_t i) {
        auto open = timers_open_.find(handle);
        if (open == timers_open_.end()) return;
        out_.push_back({{"ph", "e"}, {"pid", PID}, {"tid", TIMERS_TID}, {"cat", "timer"}, {"name", open->second},
                        {"id", handle}, {"ts", ts(i) + 5}});
        timers_open_.erase(open);
    }

    // At the end of the trace: close the tick, the run, the tasks' slices and the timers.
    void close_open_slices_() {
        std::size_t last = events_.size() - 1;
        end_tick_(last);
        for (auto& [task, lane] : tasks_) close_task_slice_(task, ts(last) + SLOT);
        std::vector<std::uint64_t> handles;
        for (const auto& [handle, name] : timers_open_) handles.push_back(handle);
        for (std::uint64_t handle : handles) timer_end_(handle, last);
    }

    static constexpr std::size_t NONE_ = std::size_t(-1);
    struct Origin {
        std::size_t event;
        int tid;
    };

    const std::vector<json>& events_;
    json out_ = json::array();
    std::vector<int> lane_;
    std::vector<std::size_t> scope_end_;
    std::map<std::uint64_t, int> task_tids_;
    std::map<std::uint64_t, std::string> task_names_;
    std::map<std::uint64_t, std::string> future_labels_;
    std::map<std::uint64_t, TaskLane> tasks_;
    std::map<std::uint64_t, Origin> scheduled_by_;  // handle → the event that queued it
    std::map<std::uint64_t, std::string> timers_open_;
    std::size_t tick_start_ = NONE_;
    std::uint64_t flow_id_ = 0;
};

}  // namespace

json chrome_trace(const Trace& trace) {
    if (trace.events.empty()) return {{"traceEvents", json::array()}};
    return Exporter(trace).run();
}

}  // namespace coolio::tracer

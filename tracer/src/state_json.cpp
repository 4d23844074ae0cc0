#include "coolio/tracer/state_json.hpp"

#include "coolio/tracer/json_line.hpp"  // append_json_string, append_json_number

namespace coolio::tracer {

namespace {

// Small writers for the pieces; the order of the calls below is the key order.
class StateWriter {
public:
    StateWriter(std::string& out, const TraceEvents& trace) : out_(out), trace_(trace) {}

    void key(const char* name, bool first = false) {
        if (!first) out_ += ',';
        out_ += '"';
        out_ += name;
        out_ += "\":";
    }
    void id(std::uint64_t value) {
        if (value == NONE) out_ += "null";
        else out_ += std::to_string(value);
    }
    void whole(std::uint64_t value) { out_ += std::to_string(value); }
    void number(double value) { append_json_number(out_, value); }
    void boolean(bool value) { out_ += value ? "true" : "false"; }
    void text(std::string_view value) { append_json_string(out_, value); }
    void str(Str value) { text(trace_.str(value)); }

    template <class List, class Item>
    void array(const List& list, Item item) {
        out_ += '[';
        bool first = true;
        for (const auto& element : list) {
            if (!first) out_ += ',';
            first = false;
            item(element);
        }
        out_ += ']';
    }

    void callback_or_null(const QueuedHandle& h) {
        if (h.handle == NONE) out_ += "null";
        else str(h.callback);
    }

    void callbacks(const std::vector<PendingCallback>& list) {
        array(list, [&](const PendingCallback& c) { str(c.callback); });
    }

    void handle(const QueuedHandle& h, bool with_when) {
        out_ += '{';
        key("handle", true); whole(h.handle);
        key("callback"); str(h.callback);
        if (with_when) {
            key("when");
            number(h.when);
        }
        key("cancelled"); boolean(h.cancelled);
        out_ += '}';
    }

    void task(const TaskInfo& t, bool curio) {
        out_ += '{';
        key("task", true); whole(t.task);
        key("name"); str(t.name);
        key("coro"); str(t.coro);
        key("state"); text(status_name(t.status));
        key("waiting_on"); id(t.waiting_on);
        key("chain"); array(trace_.strs(t.chain), [&](Str frame) { str(frame); });
        key("outcome");
        if (t.outcome) text(outcome_name(*t.outcome));
        else out_ += "null";
        key("steps"); whole(t.steps);
        key("callbacks"); callbacks(t.callbacks);
        if (curio) {  // what the kernel parked it on (a curio task has no future to wait on)
            key("parked_on");
            if (t.parked_on) str(t.parked_on);
            else out_ += "null";
        }
        out_ += '}';
    }

    void future(const FutureInfo& f) {
        out_ += '{';
        key("future", true); whole(f.future);
        key("label"); str(f.label);
        key("state"); text(status_name(f.status));
        key("callbacks"); callbacks(f.callbacks);
        out_ += '}';
    }

    void fd(const FdWatch& w) {
        out_ += '{';
        key("fd", true); whole(w.fd);
        key("reader");
        callback_or_null(w.reader);
        key("writer");
        callback_or_null(w.writer);
        out_ += '}';
    }

    void state(const LoopState& s) {
        out_ += '{';
        key("seq", true); whole(s.seq);
        key("tick"); whole(s.tick);
        key("t"); number(s.t);
        key("ready"); array(s.ready, [&](const QueuedHandle& h) { handle(h, false); });
        key("timers"); array(s.timers, [&](const QueuedHandle& h) { handle(h, true); });
        key("tasks"); array(s.tasks, [&](const TaskInfo& t) { task(t, s.curio); });
        key("futures"); array(s.futures, [&](const FutureInfo& f) { future(f); });
        key("fds"); array(s.fds, [&](const FdWatch& w) { fd(w); });
        if (s.curio) {
            key("ready_tasks"); array(s.ready_tasks, [&](std::uint64_t id) { whole(id); });
        }
        key("current");
        out_ += '{';
        key("handle", true); id(s.current_handle);
        key("task"); id(s.current_task);
        out_ += "}}";
    }

private:
    std::string& out_;
    const TraceEvents& trace_;
};

}  // namespace

void append_state_json(std::string& out, const LoopState& state, const TraceEvents& trace) {
    StateWriter(out, trace).state(state);
}

}  // namespace coolio::tracer

#include "coolio/tracer/causes.hpp"

#include <algorithm>

namespace coolio::tracer {

namespace {

// The handle an event queues, if it queues exactly this one.
bool queues(const TraceEvents& trace, const Event& event, std::uint64_t handle) {
    switch (event.kind()) {
        case EventKind::call_soon: return event.as<ev::CallSoon>().handle == handle;
        case EventKind::timer_due: return event.as<ev::TimerDue>().handle == handle;
        case EventKind::io_ready: {
            auto ids = trace.ids(event.as<ev::IoReady>().handles);
            return std::find(ids.begin(), ids.end(), handle) != ids.end();
        }
        default: return false;
    }
}

// The latest event before `before` of kind K whose handle is `handle`.
template <class K>
std::optional<std::uint64_t> last_with_handle(const TraceEvents& trace, std::uint64_t handle, std::uint64_t before) {
    for (std::uint64_t seq = before; seq-- > 0;) {
        const Event& event = trace.events[seq];
        if (std::holds_alternative<K>(event.payload) && event.as<K>().handle == handle) return seq;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> queued_by(const TraceEvents& trace, std::uint64_t handle, std::uint64_t before) {
    for (std::uint64_t seq = std::min<std::uint64_t>(before, trace.events.size()); seq-- > 0;)
        if (queues(trace, trace.events[seq], handle)) return seq;
    return std::nullopt;
}

std::optional<std::uint64_t> reason_of(const TraceEvents& trace, std::uint64_t seq) {
    const Event& event = trace.events.at(seq);
    if (event.cause) return *event.cause;
    switch (event.kind()) {
        case EventKind::handle_run: return queued_by(trace, event.as<ev::HandleRun>().handle, seq);
        case EventKind::handle_skip: return queued_by(trace, event.as<ev::HandleSkip>().handle, seq);
        case EventKind::timer_due: return last_with_handle<ev::CallAt>(trace, event.as<ev::TimerDue>().handle, seq);
        case EventKind::io_ready: {
            auto ids = trace.ids(event.as<ev::IoReady>().handles);
            if (ids.empty()) return std::nullopt;
            return last_with_handle<ev::IoWatch>(trace, ids.front(), seq);
        }
        default: return std::nullopt;
    }
}

std::vector<std::uint64_t> causal_chain(const TraceEvents& trace, std::uint64_t seq, std::size_t limit) {
    std::vector<std::uint64_t> chain{seq};
    while (chain.size() < limit) {
        std::optional<std::uint64_t> reason = reason_of(trace, chain.back());
        if (!reason) break;
        chain.push_back(*reason);
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
}

}  // namespace coolio::tracer

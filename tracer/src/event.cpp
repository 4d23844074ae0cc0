#include "coolio/tracer/event.hpp"

#include <unordered_map>

#include "coolio/tracer/event_kinds.hpp"

namespace coolio::tracer {

// EventKind follows the order of event_kinds(), so the table gives the names.
std::string_view kind_name(EventKind kind) { return event_kinds()[static_cast<std::size_t>(kind)].kind; }

std::optional<EventKind> kind_from_name(std::string_view name) {
    // Asked once per line of every trace read, so a hash map rather than a search.
    static const std::unordered_map<std::string_view, EventKind> by_name = [] {
        std::unordered_map<std::string_view, EventKind> map;
        for (std::size_t i = 0; i < event_kinds().size(); ++i) map.emplace(event_kinds()[i].kind, static_cast<EventKind>(i));
        return map;
    }();
    auto found = by_name.find(name);
    if (found == by_name.end()) return std::nullopt;
    return found->second;
}

std::string_view outcome_name(FutureOutcome outcome) {
    switch (outcome) {
        case FutureOutcome::result: return "result";
        case FutureOutcome::exception: return "exception";
        case FutureOutcome::cancelled: return "cancelled";
    }
    return "?";
}

std::string_view reason_name(SuspendReason reason) {
    switch (reason) {
        case SuspendReason::future: return "future";
        case SuspendReason::yield_now: return "yield";
        case SuspendReason::bad_yield: return "bad_yield";
    }
    return "?";
}

}  // namespace coolio::tracer

#include "coolio/tracer/timeline.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace coolio::tracer {

Timeline::Timeline(TraceEvents trace, std::size_t interval) : trace_(std::move(trace)) {
    LoopState state;
    for (const Event& event : trace_.events) {
        apply_event(state, trace_, event);
        bool due = checkpoints_.empty() ||
                   event.seq - checkpoints_.back().seq >= std::max(interval, WEIGHT_FACTOR * state.weight());
        if (due) checkpoints_.push_back(state);
    }
    final_ = std::move(state);
}

LoopState Timeline::state_at(std::uint64_t seq) const {
    if (seq >= size()) throw std::out_of_range("no event " + std::to_string(seq) + " in " + trace_.name);
    // The last checkpoint at or before seq (checkpoints_[0] is at seq 0).
    auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), seq,
                                  [](std::uint64_t s, const LoopState& c) { return s < c.seq; });
    LoopState state = *std::prev(after);
    advance(state, seq);
    return state;
}

void Timeline::advance(LoopState& state, std::uint64_t seq) const {
    if (seq >= size()) throw std::out_of_range("no event " + std::to_string(seq) + " in " + trace_.name);
    if (seq < state.seq) throw std::invalid_argument("Timeline::advance cannot go backwards");
    for (std::uint64_t next = state.seq + 1; next <= seq; ++next) apply_event(state, trace_, trace_.events[next]);
}

std::string Timeline::future_name(std::uint64_t id) const {
    if (const TaskInfo* task = final_.task(id)) return std::string(trace_.str(task->name));
    return "Future-" + std::to_string(id);
}

std::string_view Timeline::future_label(std::uint64_t id) const {
    if (const FutureInfo* future = final_.future(id)) return trace_.str(future->label);
    return {};
}

std::uint64_t Timeline::task_id(std::string_view name) const {
    for (const TaskInfo& task : final_.tasks)
        if (trace_.str(task.name) == name) return task.task;
    return NONE;
}

}  // namespace coolio::tracer

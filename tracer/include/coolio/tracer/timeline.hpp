// timeline.hpp — the loop's state after any event of a trace, without replaying it all.
//
// Folding a million events takes a moment; doing it again for every jump of the
// stepper would not do. A Timeline folds the trace once, when it is opened (which
// also checks that every event fits the state: a malformed trace fails here, with
// FILE:LINE), and keeps a copy of the state every so often: a checkpoint. The state
// after event N is then the nearest checkpoint at or before N, plus a replay of the
// few events in between.
//
// How often? A checkpoint costs as much memory as the state it copies, and states
// grow (done tasks and futures stay listed). So a checkpoint is taken once at least
// `interval` events *and* at least four times as many events as the state has
// entries have passed since the last one: all checkpoints together then take less
// memory than the events, and a jump replays at most about four events per entry it
// copies (replaying an event is cheaper than copying an entry).
#pragma once

#include <cstdint>
#include <vector>

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

class Timeline {
public:
    /// The default least distance between checkpoints, in events.
    static constexpr std::size_t DEFAULT_INTERVAL = 1024;
    /// Checkpoints are at least this many times the state's weight() apart.
    static constexpr std::size_t WEIGHT_FACTOR = 4;

    /// Folds all of `trace` once, keeping checkpoints; TraceError "FILE:LINE: …" at the
    /// first event that contradicts the state.
    explicit Timeline(TraceEvents trace, std::size_t interval = DEFAULT_INTERVAL);

    const TraceEvents& trace() const noexcept { return trace_; }
    /// How many events the trace has (the last seq is size() - 1).
    std::size_t size() const noexcept { return trace_.events.size(); }
    const Event& event(std::uint64_t seq) const { return trace_.events.at(seq); }

    /// The state after event `seq` (std::out_of_range past the end).
    LoopState state_at(std::uint64_t seq) const;
    /// Folds the events after `state` up to and including `seq` into it (seq must not
    /// be before state.seq). Stepping forward by one costs one event.
    void advance(LoopState& state, std::uint64_t seq) const;

    /// "Task-2" for a task id, "Future-6" for a plain future's id (names never change).
    std::string future_name(std::uint64_t id) const;
    /// The label of a plain future ("sleep", "_wait.waiter"), or "" for a task.
    std::string_view future_label(std::uint64_t id) const;
    /// The id of the task called `name`, or NONE.
    std::uint64_t task_id(std::string_view name) const;
    /// How many checkpoints are kept (for the benchmark).
    std::size_t checkpoint_count() const noexcept { return checkpoints_.size(); }

private:
    TraceEvents trace_;
    std::vector<LoopState> checkpoints_;  // by seq, ascending; checkpoints_[0] is after event 0
    LoopState final_;                     // the state after the last event (names come from it)
};

}  // namespace coolio::tracer

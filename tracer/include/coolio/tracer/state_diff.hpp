// state_diff.hpp — what one event changed in the loop's state, in words.
//
// The stepper shows, under each event, the difference between the state before and
// after it: "ready: +Task-2.__wakeup(Future-6)", "timers: -…", "Task-2: suspended →
// running". Computing it from the two states (rather than from the event) means the
// lines can never disagree with what `info` shows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

/// One change. `sign` is '+' (something appeared), '-' (it went away) or '~' (it
/// changed); `text` reads on its own, e.g. {'+', "ready", "Task-2.__wakeup(Future-6)"}.
struct StateChange {
    char sign;
    std::string what;  ///< "ready", "timers", "Task-2", "Future-6", "fd 5", "current task", …
    std::string text;
};

/// The changes from `before` to `after` (two states of `trace`), in a fixed order:
/// ready, timers, tasks, futures, descriptors, then the current handle and task;
/// worded in `lang` ("en" or "zh", messages.hpp).
std::vector<StateChange> diff_states(const LoopState& before, const LoopState& after, const TraceEvents& trace,
                                     std::string_view lang = "en");

/// A task's status in words, in `lang`: "suspended" (挂起), "done" (已完成)…
std::string status_text(TaskStatus status, std::string_view lang);
/// A future's status (or a task's outcome) in words, in `lang`: "pending", "cancelled"…
std::string status_text(FutureStatus status, std::string_view lang);
std::string status_text(FutureOutcome outcome, std::string_view lang);

/// "ready: +Task-2.__wakeup(Future-6)" (in Chinese with a full-width colon).
std::string to_string(const StateChange& change, std::string_view lang = "en");

}  // namespace coolio::tracer

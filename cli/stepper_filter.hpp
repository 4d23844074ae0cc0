// stepper_filter.hpp — "which events?": the stepper's breakpoints and show's filters.
//
// One EventFilter is one condition: an event kind, a task, a range of ticks, or a
// text that is printed. `step` stops at the events a breakpoint matches (`break kind
// timer.due`); `show` lists the events its filters match (`--kind timer.due`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coolio/tracer/event.hpp"
#include "coolio/tracer/timeline.hpp"

namespace coolio::cli {

class EventFilter {
public:
    enum class Type { kind, task, tick, print };

    /// Parses one condition: `type` is "kind", "task", "tick" or "print"; `arg` is an
    /// event kind, a task name ("Task-2") or id, a tick ("5") or range ("3..7", "3..",
    /// "..7"), or a text. Throws UsageError with a message saying what is wrong.
    static EventFilter parse(std::string_view type, std::string_view arg, const tracer::Timeline& timeline);

    Type type() const noexcept { return type_; }
    /// "kind timer.due", "task Task-2", "tick 5", "print End".
    std::string describe() const;

    /// For listing: does `event` match? A kind filter matches events of that kind; a
    /// task filter, every event that involves the task (its steps, its callbacks, the
    /// handles that run its __step or __wakeup, what it prints, tasks awaiting it); a
    /// tick filter, every event of those ticks; a print filter, print events whose text
    /// contains the text.
    bool matches(const tracer::Event& event, const tracer::Timeline& timeline) const;
    /// For breakpoints: like matches, except that a tick breakpoint stops only at the
    /// first event of each tick (you break *into* a tick, not at each of its events).
    bool stops_at(const tracer::Event& event, const tracer::Timeline& timeline) const;

private:
    bool involves_task(const tracer::Event& event, const tracer::TraceEvents& trace) const;

    Type type_ = Type::kind;
    std::string text_;  // as given: the kind, task name, tick range or printed text
    tracer::EventKind kind_{};
    std::uint64_t task_ = tracer::NONE;
    std::string task_as_self_, task_as_arg_;  // "Task-2." and "(Task-2)", as callbacks name a task
    std::uint64_t first_tick_ = 0, last_tick_ = 0;
};

}  // namespace coolio::cli

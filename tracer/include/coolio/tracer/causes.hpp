// causes.hpp — why did this event happen? The chain of events that led to it.
//
// Most events carry a `cause` (the event in whose scope they happened: a print's
// cause is the task.step that printed it). A handle.run has none: the loop runs
// what is at the front of its ready queue. Its reason is the event that queued that
// handle (a call_soon, a timer.due, an io.ready), and a timer.due's is the call_at
// that set the timer. Following both kinds of links backwards gives the story an
// exercise shows after an answer: "this print, in this step, run by this handle,
// queued by this call_soon, because this future was resolved…".
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

/// The event that put handle `handle` in the ready queue most recently before event
/// `before` (a call_soon, timer.due or io.ready), or nullopt.
std::optional<std::uint64_t> queued_by(const TraceEvents& trace, std::uint64_t handle, std::uint64_t before);

/// The event before `seq` in its causal story: its `cause`; for a handle.run or
/// handle.skip, the event that queued the handle; for a timer.due, its call_at; for an
/// io.ready, the io.watch of its first handle. nullopt when the story starts here.
std::optional<std::uint64_t> reason_of(const TraceEvents& trace, std::uint64_t seq);

/// The causal story of event `seq`, earliest first and ending with `seq`: at most
/// `limit` events (the ones nearest to `seq` are kept).
std::vector<std::uint64_t> causal_chain(const TraceEvents& trace, std::uint64_t seq, std::size_t limit = 8);

}  // namespace coolio::tracer

// chrome_export.hpp — a coolio trace in the Chrome Trace Event Format.
//
// `coolio-trace export TRACE --format chrome` writes this JSON, which Perfetto
// (ui.perfetto.dev) and chrome://tracing open. It shows the same lanes as the web
// viewer (docs/viewer.md): the loop (ticks and the handles they run), the selector,
// the timer heap, and one lane per task (its steps and what it awaited between them),
// with flow arrows for "this scheduled that": call_soon → the handle's run, a due
// timer or a ready descriptor → the run of its handle, a handle's run → the task step
// it performs.
//
// Time. Under the virtual clock most events of a run share one loop time, so loop
// time cannot be the time axis: every slice would be zero wide. The exported `ts`
// counts events instead: event `seq` of tick `tick` is at
//     ts = 10 µs × seq + 40 µs × tick
// so each event owns a 10 µs slot, in the order they happened, and a 40 µs gap
// separates ticks. The loop time of each slice is in its args ("t"), and a counter
// track "loop time (s)" plots it.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "coolio/tracer/trace_reader.hpp"

namespace coolio::tracer {

/// The exported timestamp, in microseconds, of event `seq` in tick `tick` (see above).
inline constexpr std::uint64_t chrome_ts(std::uint64_t seq, std::uint64_t tick) { return 10 * seq + 40 * tick; }

/// The whole trace as a Chrome trace: {"traceEvents": [...], "displayTimeUnit": "ms",
/// "otherData": {...}}.
nlohmann::json chrome_trace(const Trace& trace);

}  // namespace coolio::tracer

// stepper_source.hpp — the TRACE|SCENARIO argument of `step` and `show`.
//
// The argument is a trace file if such a file exists (or it looks like a path);
// otherwise it names a built-in scenario, which is run first, on the virtual clock,
// with its trace kept in memory (or also written to a file with -o, like `run`).
#pragma once

#include <string>

#include "coolio/tracer/timeline.hpp"

namespace coolio::cli {

/// Opens `arg` as a Timeline (see above). `save_as`, if not empty, is where a
/// scenario's trace is written; `runtime` ("asyncio" or "curio") runs it. Warnings (a
/// trace cut short) go to stderr. Throws tracer::TraceError for a trace that cannot
/// be read, UsageError for a name that is neither a file nor a scenario, or a
/// scenario with no version for `runtime`.
tracer::Timeline open_trace_or_scenario(const std::string& arg, const std::string& save_as,
                                        const std::string& runtime = "asyncio");

}  // namespace coolio::cli

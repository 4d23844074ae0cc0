// narrate.hpp — tells the story of a run, tick by tick, from its trace.
//
// The narration is generated from the events alone (never from the runtime), so the
// same text comes from a live run and from a trace file read back later. Lines are
// indented by cause: what a handle's callback did sits under that handle's run.
#pragma once

#include <iosfwd>

#include "coolio/tracer/trace_reader.hpp"

namespace coolio::tracer {

/// Writes the narration of `trace` to `out`.
void narrate(const Trace& trace, std::ostream& out);

}  // namespace coolio::tracer

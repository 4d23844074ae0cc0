// narrate.hpp — tells the story of a run, tick by tick, from its trace.
//
// The narration is generated from the events alone (never from the runtime), so the
// same text comes from a live run and from a trace file read back later. Lines are
// indented by cause: what a handle's callback did sits under that handle's run.
#pragma once

#include <iosfwd>
#include <string_view>

#include "coolio/tracer/trace_reader.hpp"

namespace coolio::tracer {

/// Writes the narration of `trace` to `out`, in `lang` ("en" or "zh", messages.hpp).
void narrate(const Trace& trace, std::ostream& out, std::string_view lang = "en");

}  // namespace coolio::tracer

// fuzz_trace.cpp — libFuzzer target: arbitrary bytes through the trace readers and the
// state model (issue 10). Built only with -DCOOLIO_FUZZ=ON by clang; run by tools/fuzz.sh.
//
// Whatever the bytes, the readers must either accept them or throw a TraceError; any
// other exception, a crash, a sanitizer report, a leak or a hang is a bug. A trace that
// is accepted is also folded event by event into the loop's state, with the stepper's
// "what changed" lines between each two states, as `coolio-trace step` would.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/state_diff.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "coolio/tracer/trace_reader.hpp"

using namespace coolio::tracer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        TraceEvents trace = parse_trace_events(text, "fuzz");
        LoopState state;
        for (const Event& event : trace.events) {
            LoopState before = state;
            apply_event(state, trace, event);
            for (const StateChange& change : diff_states(before, state, trace)) (void)to_string(change);
        }
    } catch (const TraceError&) {
        // the answer for a bad trace: "FILE:LINE: what"
    }
    try {
        // The JSON-tree reader of export and diff, with the same checks.
        Trace trace = parse_trace(text, "fuzz", Checks::state);
        (void)trace.complete();
    } catch (const TraceError&) {
    }
    return 0;
}

// trace_events.hpp — a trace file read into compact events (event.hpp), fast.
//
// The counterpart of read_trace for big traces: it checks every line against the
// same rules (event_kinds(), docs/trace-format.md) and reports problems the same way,
// as a TraceError "FILE:LINE: what is wrong", but it parses each line with a small
// scanner straight into an Event instead of building a JSON tree. A million-event
// trace loads in a fraction of a second (bench/state_bench.cpp measures it).
//
// What is forgiven, with a warning in `warnings`: a trace without its trace.end (the
// run was stopped), and a last line that lacks only its final newline. A last line
// cut short in the middle of an event is an error: the file was damaged, not stopped
// (coolio's FileSink only ever writes whole lines).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/tracer/event.hpp"
#include "coolio/tracer/string_pool.hpp"
#include "coolio/tracer/trace_reader.hpp"  // TraceError

namespace coolio::tracer {

/// A whole trace, checked, as compact events.
struct TraceEvents {
    std::string name;                 ///< the file (or what stands for it) in messages
    std::vector<Event> events;        ///< events[i].seq == i; events[0] is trace.begin
    StringPool strings;               ///< every string the events refer to
    std::vector<std::uint64_t> id_pool;  ///< lists of ids (ListRef into it)
    std::vector<Str> str_pool;           ///< lists of strings (ListRef into it)
    std::vector<std::string> warnings;   ///< "FILE:LINE: …" for what was forgiven

    /// The text of a string of this trace.
    std::string_view str(Str id) const { return strings.view(id); }
    /// The ids of a list (tick.begin's dropped, io.ready's handles).
    std::span<const std::uint64_t> ids(ListRef list) const { return {id_pool.data() + list.begin, list.size}; }
    /// The strings of a list (task.suspend's chain).
    std::span<const Str> strs(ListRef list) const { return {str_pool.data() + list.begin, list.size}; }
    /// An await chain as people read it: "do_some_work → long_time_work → sleep".
    std::string chain_text(ListRef chain) const {
        std::string text;
        for (Str frame : strs(chain)) text += (text.empty() ? "" : " → ") + std::string(str(frame));
        return text;
    }
    /// The header event's fields.
    const ev::TraceBegin& header() const { return events.front().as<ev::TraceBegin>(); }
    /// True if the last event is trace.end.
    bool complete() const { return !events.empty() && events.back().kind() == EventKind::trace_end; }
    /// "FILE:LINE" of an event, for messages.
    std::string where(const Event& event) const { return name + ":" + std::to_string(event.line()); }
};

/// Called with the text of each line once it has passed every check (read_trace
/// builds its JSON objects with it).
using LineHook = std::function<void(std::string_view line)>;

/// Reads and checks the trace at `path`; TraceError naming the file (and line) on any
/// problem: missing file, not a coolio trace, bad JSON, unknown kind, newer version,
/// a line longer than 16 MiB (refused before more of it is read)…
TraceEvents read_trace_events(const std::string& path, const LineHook& each_line = {});
/// The same for a trace held in memory; `name` stands for the file in messages.
TraceEvents parse_trace_events(std::string_view text, std::string name, const LineHook& each_line = {});

}  // namespace coolio::tracer

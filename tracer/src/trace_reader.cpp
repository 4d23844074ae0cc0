#include "coolio/tracer/trace_reader.hpp"

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

TraceError::TraceError(const std::string& file, std::size_t line, const std::string& problem)
    : std::runtime_error(file + (line ? ":" + std::to_string(line) : std::string()) + ": " + problem),
      file_(file),
      line_(line) {}

namespace {

// The lines are checked once, by the compact reader (trace_events.cpp): the same
// rules and messages everywhere. Each line that passes is parsed again into JSON,
// which cannot fail then (the scanner accepts only valid JSON, nested at most 128 deep).
Trace to_json(const std::string& name, Checks checks,
              const std::function<TraceEvents(const LineHook&)>& read) {
    Trace trace;
    trace.name = name;
    TraceEvents events = read([&](std::string_view line) {
        nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
        if (event.is_discarded()) throw TraceError(name, trace.events.size() + 1, "not valid JSON");
        trace.events.push_back(std::move(event));
    });
    if (checks == Checks::state) check_state(events);
    trace.warnings = std::move(events.warnings);
    return trace;
}

}  // namespace

Trace parse_trace(std::string_view text, const std::string& name, Checks checks) {
    return to_json(name, checks, [&](const LineHook& hook) { return parse_trace_events(text, name, hook); });
}

Trace read_trace(const std::string& path, Checks checks) {
    return to_json(path, checks, [&](const LineHook& hook) { return read_trace_events(path, hook); });
}

}  // namespace coolio::tracer

// trace_reader.hpp — reads a trace file back, checking every line.
//
// A trace may come from anyone (a classmate's e-mail, a half-written file of a run
// that was killed), so nothing is trusted: each line must be a JSON object of a known
// kind with the fields docs/trace-format.md gives it, and seq must count 0, 1, 2, …
// A problem is reported as "FILE:LINE: what is wrong". A file cut short after a
// complete line is accepted, with a warning; one cut short inside an event is refused.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace coolio::tracer {

/// A trace that cannot be read; what() is "FILE:LINE: problem" (or "FILE: problem").
class TraceError : public std::runtime_error {
public:
    TraceError(const std::string& file, std::size_t line, const std::string& problem);
    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }  ///< 0: the file as a whole

private:
    std::string file_;
    std::size_t line_;
};

/// A trace read and checked. events[0] is the trace.begin header.
struct Trace {
    std::string name;                   ///< the file it came from
    std::vector<nlohmann::json> events; ///< every event, in seq order
    std::vector<std::string> warnings;  ///< "FILE:LINE: …" for what was forgiven
    /// The header line.
    const nlohmann::json& header() const { return events.front(); }
    /// True if the trace ends with a trace.end event.
    bool complete() const { return !events.empty() && events.back().value("kind", "") == "trace.end"; }
};

/// How much read_trace checks: each line alone (the format), or also that the events
/// agree with each other (the state model's fold, state.hpp: no run of a handle that
/// was never queued, no step of a task that was never created…).
enum class Checks { lines, state };

/// Reads and checks the trace at `path`; TraceError on any problem. The rules are
/// read_trace_events' (trace_events.hpp): one checker, the same messages.
Trace read_trace(const std::string& path, Checks checks = Checks::lines);
/// Checks a trace held in memory; `name` stands for the file in messages.
Trace parse_trace(std::string_view text, const std::string& name, Checks checks = Checks::lines);

}  // namespace coolio::tracer

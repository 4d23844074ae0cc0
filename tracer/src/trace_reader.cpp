#include "coolio/tracer/trace_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/tracer.hpp"

namespace coolio::tracer {

namespace {

bool is_whole(const nlohmann::json& v) { return v.is_number_unsigned() || (v.is_number_integer() && v.get<long long>() >= 0); }

bool has_type(const nlohmann::json& v, FieldType type) {
    switch (type) {
        case FieldType::integer: return is_whole(v);
        case FieldType::number: return v.is_number();
        case FieldType::number_or_null: return v.is_null() || v.is_number();
        case FieldType::integer_or_null: return v.is_null() || is_whole(v);
        case FieldType::string: return v.is_string();
        case FieldType::string_or_null: return v.is_null() || v.is_string();
        case FieldType::integer_array:
            if (!v.is_array()) return false;
            for (const auto& item : v)
                if (!is_whole(item)) return false;
            return true;
        case FieldType::string_array:
            if (!v.is_array()) return false;
            for (const auto& item : v)
                if (!item.is_string()) return false;
            return true;
    }
    return false;
}

// Checks one event; returns a problem, or "" if the event is well formed.
std::string check_event(const nlohmann::json& event, std::uint64_t expected_seq, std::uint64_t last_tick) {
    if (!event.is_object()) return "expected a JSON object";
    for (const char* common : {"seq", "tick", "kind"}) {
        if (!event.contains(common)) return std::string("missing field '") + common + "'";
    }
    if (!event.contains("t")) return "missing field 't'";
    if (!event["kind"].is_string()) return "field 'kind' must be a string";
    std::string kind = event["kind"].get<std::string>();
    const KindSpec* spec = find_kind(kind);
    if (!spec) return "unknown event kind '" + kind + "'";
    if (!is_whole(event["seq"])) return "field 'seq' must be a whole number";
    if (event["seq"].get<std::uint64_t>() != expected_seq)
        return "seq is " + event["seq"].dump() + ", expected " + std::to_string(expected_seq) +
               " (events must be numbered 0, 1, 2, … without gaps)";
    if (!is_whole(event["tick"])) return "field 'tick' must be a whole number";
    if (event["tick"].get<std::uint64_t>() < last_tick) return "tick goes backwards";
    if (!event["t"].is_number() && !event["t"].is_null()) return "field 't' must be a number";
    if (event.contains("cause")) {
        if (!is_whole(event["cause"])) return "field 'cause' must be a whole number";
        if (event["cause"].get<std::uint64_t>() >= expected_seq) return "field 'cause' must name an earlier event";
    }
    for (const FieldSpec& field : spec->fields) {
        auto found = event.find(std::string(field.name));
        if (found == event.end()) {
            if (field.required) return kind + " event lacks field '" + std::string(field.name) + "'";
            continue;
        }
        if (!has_type(*found, field.type))
            return kind + " field '" + std::string(field.name) + "' must be " +
                   std::string(field_type_name(field.type));
    }
    return "";
}

void check_header(const nlohmann::json& event, const std::string& name) {
    if (!event.is_object() || event.value("kind", "") != "trace.begin" ||
        event.value("format", "") != FORMAT_NAME)
        throw TraceError(name, 1, "not a coolio trace (the first line must be a trace.begin header with format \"coolio-trace\")");
    const auto& version = event.contains("version") ? event["version"] : nlohmann::json();
    if (!is_whole(version)) throw TraceError(name, 1, "the header's version must be a whole number");
    if (version.get<std::uint64_t>() > std::uint64_t(FORMAT_VERSION))
        throw TraceError(name, 1,
                         "trace format version " + version.dump() + " is newer than this coolio-trace reads (" +
                             std::to_string(FORMAT_VERSION) + "); update coolio");
}

}  // namespace

TraceError::TraceError(const std::string& file, std::size_t line, const std::string& problem)
    : std::runtime_error(file + (line ? ":" + std::to_string(line) : std::string()) + ": " + problem),
      file_(file),
      line_(line) {}

Trace parse_trace(std::string_view text, const std::string& name) {
    Trace trace;
    trace.name = name;
    if (text.empty()) throw TraceError(name, 0, "the file is empty, not a coolio trace");
    std::size_t line_no = 0;
    std::size_t pos = 0;
    std::uint64_t last_tick = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        bool cut_short = end == std::string_view::npos;  // no newline: the writer was stopped
        std::string_view line = text.substr(pos, cut_short ? std::string_view::npos : end - pos);
        pos = cut_short ? text.size() : end + 1;
        ++line_no;
        if (line.empty()) {
            if (cut_short) break;
            throw TraceError(name, line_no, "empty line");
        }
        nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
        if (event.is_discarded()) {
            // The same rule as read_trace_events: a line cut short is refused by name.
            if (cut_short && line_no > 1)
                throw TraceError(name, line_no,
                                 "the file ends in the middle of an event (the last line is cut short); "
                                 "delete that line to read the events before it");
            throw TraceError(name, line_no, line_no == 1 ? "not a coolio trace (the first line is not JSON)"
                                                         : "not valid JSON");
        }
        if (line_no == 1) check_header(event, name);
        std::string problem = check_event(event, trace.events.size(), last_tick);
        if (!problem.empty()) throw TraceError(name, line_no, problem);
        last_tick = event["tick"].get<std::uint64_t>();
        if (!trace.events.empty() && trace.events.back()["kind"] == "trace.end")
            throw TraceError(name, line_no, "event after trace.end");
        trace.events.push_back(std::move(event));
    }
    if (!trace.complete())
        trace.warnings.push_back(name + ": no trace.end event: the run was cut short; showing the " +
                                 std::to_string(trace.events.size()) + " events written");
    return trace;
}

Trace read_trace(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw TraceError(path, 0, "is a directory, not a trace file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError(path, 0, std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw TraceError(path, 0, "read error");
    return parse_trace(buffer.str(), path);
}

}  // namespace coolio::tracer

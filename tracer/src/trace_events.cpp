#include "coolio/tracer/trace_events.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/tracer.hpp"  // FORMAT_NAME, FORMAT_VERSION
#include "field_names.hpp"
#include "json_scan.hpp"
#include "trace_lines.hpp"

namespace coolio::tracer {

namespace {

using detail::Field;
using detail::JsonLineScanner;
using detail::JsonType;
using detail::JsonValue;

// A number the trace can use: JSON allows 1e400, which no double holds.
bool is_finite_number(const JsonValue& v) {
    return v.type == JsonType::whole || (v.type == JsonType::number && std::isfinite(v.number));
}

bool has_type(const JsonValue& v, FieldType type) {
    switch (type) {
        case FieldType::integer: return v.type == JsonType::whole;
        case FieldType::number: return is_finite_number(v);
        case FieldType::number_or_null: return v.type == JsonType::null || is_finite_number(v);
        case FieldType::integer_or_null: return v.type == JsonType::null || v.type == JsonType::whole;
        case FieldType::string: return v.type == JsonType::string;
        case FieldType::string_or_null: return v.type == JsonType::null || v.type == JsonType::string;
        case FieldType::integer_array: return v.type == JsonType::array && v.all_whole;
        case FieldType::string_array: return v.type == JsonType::array && v.all_strings;
    }
    return false;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// A time as JavaScript prints it (the viewer's reader says the same): 1.5, 2, 0.001.
std::string t_text(double t) {
    char buffer[32];
    for (int digits = 1; digits <= 17; ++digits) {  // the shortest form that reads back the same
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, t);
        if (std::strtod(buffer, nullptr) == t) break;
    }
    return buffer;
}

// Turns checked lines into Events, appending to one TraceEvents. These are the format's
// only checks: read_trace (trace_reader.cpp) goes through them too, and the viewer's
// trace.js repeats them with the same messages.
class EventReader {
public:
    explicit EventReader(TraceEvents& trace) : trace_(trace) {}

    JsonLineScanner scanner;

    /// After scanner.scan(): finds the line's fields by name, once. Returns a problem
    /// ("" if none).
    std::string map_fields() {
        for (Field field : mapped_) fields_[static_cast<std::size_t>(field)] = nullptr;  // forget the last line's
        mapped_.clear();
        if (!scanner.is_object()) return "expected a JSON object";
        for (const detail::JsonMember& member : scanner.members()) {
            std::optional<Field> field = detail::field_from_name(member.key);
            if (!field) continue;  // fields the format does not know are allowed, and ignored
            const JsonValue*& slot = fields_[static_cast<std::size_t>(*field)];
            if (slot) return "field " + quoted(member.key) + " appears twice";
            slot = &member.value;
            mapped_.push_back(*field);
        }
        return "";
    }

    /// The line's field, or null.
    const JsonValue* get(Field field) const { return fields_[static_cast<std::size_t>(field)]; }
    /// The line's field if it is a string, else "".
    std::string_view text_of(Field field) const {
        const JsonValue* v = get(field);
        return v && v->type == JsonType::string ? v->text : std::string_view();
    }

    /// Checks the line just mapped as event number `seq` and appends it; returns a
    /// problem ("" if none).
    std::string take(std::uint64_t seq) {
        std::string problem = check(seq);
        if (!problem.empty()) return problem;
        return build(seq);
    }

private:
    // Accessors for build(), once check() has made sure each field is there with its type.
    const JsonValue& field(Field f) const { return *get(f); }
    std::uint64_t whole(Field f) const { return field(f).whole; }
    double number(Field f) const { return field(f).number; }
    std::optional<double> number_or_null(Field f) const {
        const JsonValue& v = field(f);
        if (v.type == JsonType::null) return std::nullopt;
        return v.number;
    }
    std::uint64_t id_or_none(Field f) const {
        const JsonValue* v = get(f);
        return v && v->type == JsonType::whole ? v->whole : NONE;
    }
    Str str(Field f) { return trace_.strings.intern(text_of(f)); }
    ListRef ids(Field f) {
        auto items = scanner.wholes(field(f));
        ListRef list{static_cast<std::uint32_t>(trace_.id_pool.size()), static_cast<std::uint32_t>(items.size())};
        trace_.id_pool.insert(trace_.id_pool.end(), items.begin(), items.end());
        return list;
    }
    ListRef strs(Field f) {
        auto items = scanner.strings(field(f));
        ListRef list{static_cast<std::uint32_t>(trace_.str_pool.size()), static_cast<std::uint32_t>(items.size())};
        for (std::string_view item : items) trace_.str_pool.push_back(trace_.strings.intern(item));
        return list;
    }

    std::string check(std::uint64_t seq) {
        for (Field common : {Field::seq, Field::tick, Field::kind, Field::t})
            if (!get(common)) return "missing field " + quoted(detail::field_name(common));
        if (field(Field::kind).type != JsonType::string) return "field 'kind' must be a string";
        std::string_view kind_text = field(Field::kind).text;
        std::optional<EventKind> found = kind_from_name(kind_text);
        if (!found) return "unknown event kind " + quoted(kind_text);
        kind_ = *found;
        const JsonValue& seq_value = field(Field::seq);
        if (seq_value.type != JsonType::whole) return "field 'seq' must be a whole number";
        if (seq_value.whole != seq)
            return "seq is " + std::to_string(seq_value.whole) + ", expected " + std::to_string(seq) +
                   " (events must be numbered 0, 1, 2, … without gaps)";
        const JsonValue& tick = field(Field::tick);
        if (tick.type != JsonType::whole) return "field 'tick' must be a whole number";
        if (tick.whole < last_tick_) return "tick goes backwards";
        if (kind_ == EventKind::trace_begin && seq != 0)
            return "a second trace.begin header (a trace has one, on its first line)";
        const JsonValue& t = field(Field::t);
        if (t.type != JsonType::null && !is_finite_number(t)) return "field 't' must be a number";
        if (t.type != JsonType::null && t.number < last_t_)
            return "t goes backwards (" + t_text(t.number) + " after " + t_text(last_t_) + ")";
        if (const JsonValue* cause = get(Field::cause)) {
            if (cause->type != JsonType::whole) return "field 'cause' must be a whole number";
            if (cause->whole >= seq) return "field 'cause' must name an earlier event";
        }
        const KindSpec& spec = event_kinds()[static_cast<std::size_t>(kind_)];
        const std::vector<Field>& fields = detail::kind_fields(kind_);
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const JsonValue* value = get(fields[i]);
            const FieldSpec& field_spec = spec.fields[i];
            if (!value) {
                if (field_spec.required) return std::string(kind_text) + " event lacks field " + quoted(field_spec.name);
                continue;
            }
            if (!has_type(*value, field_spec.type))
                return std::string(kind_text) + " field " + quoted(field_spec.name) + " must be " +
                       std::string(field_type_name(field_spec.type));
        }
        if (!trace_.events.empty() && trace_.events.back().kind() == EventKind::trace_end)
            return "event after trace.end";
        return "";
    }

    // The fields whose text is one of a few words become enums; `index` is the word's.
    std::string word(Field f, std::initializer_list<std::string_view> words, std::size_t& index) {
        std::string_view text = field(f).text;
        index = 0;
        for (std::string_view w : words) {
            if (text == w) return "";
            ++index;
        }
        std::string allowed;
        for (std::string_view w : words) allowed += (allowed.empty() ? "\"" : ", \"") + std::string(w) + "\"";
        return std::string(kind_name(kind_)) + " field " + quoted(detail::field_name(f)) + " must be one of " + allowed +
               ", not \"" + std::string(text) + "\"";
    }

    std::string io_events(std::uint8_t& bits) {
        std::size_t index;
        std::string problem = word(Field::events, {"r", "w", "rw"}, index);
        bits = index == 0 ? IO_READ : index == 1 ? IO_WRITE : IO_READ | IO_WRITE;
        return problem;
    }

    std::string outcome(FutureOutcome& out, Str& value) {
        std::size_t index;
        std::string problem = word(Field::outcome, {"result", "exception", "cancelled"}, index);
        out = static_cast<FutureOutcome>(index);
        value = out == FutureOutcome::result ? str(Field::result) : out == FutureOutcome::exception ? str(Field::exception) : Str(0);
        return problem;
    }

    std::string build(std::uint64_t seq) {
        using F = Field;
        Event event;
        event.seq = seq;
        event.tick = last_tick_ = whole(F::tick);
        const JsonValue& t = field(F::t);
        event.t = t.type == JsonType::null ? std::nan("") : t.number;
        if (t.type != JsonType::null) last_t_ = t.number;
        if (const JsonValue* cause = get(F::cause)) event.cause = cause->whole;
        std::string problem;
        switch (kind_) {
            case EventKind::trace_begin:
                event.payload = ev::TraceBegin{whole(F::version), str(F::scenario), str(F::clock), str(F::runtime)};
                break;
            case EventKind::tick_begin:
                event.payload = ev::TickBegin{whole(F::ready), whole(F::scheduled), number_or_null(F::timeout), ids(F::dropped)};
                break;
            case EventKind::select: event.payload = ev::Select{number_or_null(F::timeout), whole(F::events)}; break;
            case EventKind::io_ready: {
                ev::IoReady e{whole(F::fd), 0, ids(F::handles)};
                problem = io_events(e.events);
                event.payload = e;
                break;
            }
            case EventKind::io_watch: {
                ev::IoWatch e{whole(F::fd), 0, whole(F::handle), str(F::callback)};
                problem = io_events(e.events);
                event.payload = e;
                break;
            }
            case EventKind::io_unwatch: {
                ev::IoUnwatch e{whole(F::fd), 0};
                problem = io_events(e.events);
                event.payload = e;
                break;
            }
            case EventKind::timer_due:
                event.payload = ev::TimerDue{whole(F::handle), str(F::callback), number(F::when)};
                break;
            case EventKind::call_soon: event.payload = ev::CallSoon{whole(F::handle), str(F::callback)}; break;
            case EventKind::call_at:
                event.payload = ev::CallAt{whole(F::handle), str(F::callback), number(F::when)};
                break;
            case EventKind::handle_run: event.payload = ev::HandleRun{whole(F::handle), str(F::callback)}; break;
            case EventKind::handle_skip: event.payload = ev::HandleSkip{whole(F::handle), str(F::callback)}; break;
            case EventKind::handle_cancel: event.payload = ev::HandleCancel{whole(F::handle), str(F::callback)}; break;
            case EventKind::task_new: event.payload = ev::TaskNew{whole(F::task), str(F::name), str(F::coro)}; break;
            case EventKind::task_step: {
                std::size_t mode;
                problem = word(F::mode, {"send", "throw"}, mode);
                bool thrown = mode == 1;
                event.payload = ev::TaskStep{whole(F::task), str(F::name), thrown, str(thrown ? F::exception : F::value)};
                break;
            }
            case EventKind::task_suspend: {
                std::size_t reason;
                problem = word(F::reason, {"future", "yield", "bad_yield"}, reason);
                auto why = reason == 0 ? SuspendReason::future : reason == 1 ? SuspendReason::yield_now : SuspendReason::bad_yield;
                event.payload = ev::TaskSuspend{whole(F::task), str(F::name), why, id_or_none(F::future), strs(F::chain)};
                break;
            }
            case EventKind::task_done: {
                ev::TaskDone e{whole(F::task), str(F::name), FutureOutcome::result, 0, whole(F::callbacks)};
                problem = outcome(e.outcome, e.value);
                event.payload = e;
                break;
            }
            case EventKind::future_new: event.payload = ev::FutureNew{whole(F::future), str(F::label)}; break;
            case EventKind::future_resolve: {
                ev::FutureResolve e{whole(F::future), FutureOutcome::result, 0, whole(F::callbacks)};
                problem = outcome(e.outcome, e.value);
                event.payload = e;
                break;
            }
            case EventKind::future_callback: {
                std::size_t op;
                problem = word(F::op, {"add", "remove"}, op);
                event.payload = ev::FutureCallback{whole(F::future), op == 0, whole(F::token), str(F::callback)};
                break;
            }
            case EventKind::print: event.payload = ev::Print{str(F::text), id_or_none(F::task), str(F::name)}; break;
            case EventKind::loop_exception:
                event.payload = ev::LoopException{str(F::message), str(F::exception), id_or_none(F::handle)};
                break;
            case EventKind::loop_stop: event.payload = ev::LoopStop{}; break;
            case EventKind::kernel_cycle:
                event.payload = ev::KernelCycle{whole(F::ready), whole(F::sleeping), number_or_null(F::timeout)};
                break;
            case EventKind::kernel_phase: {
                std::size_t phase;
                problem = word(F::phase, {"io", "time", "run"}, phase);
                event.payload = ev::KernelPhase{str(F::phase)};
                break;
            }
            case EventKind::trap:
                event.payload = ev::Trap{whole(F::task), str(F::name), str(F::trap), str(F::args)};
                break;
            case EventKind::task_resume: {
                std::size_t via, mode;
                problem = word(F::via, {"ready", "trap"}, via);
                if (problem.empty()) problem = word(F::mode, {"send", "throw"}, mode);
                bool thrown = problem.empty() && mode == 1;
                event.payload =
                    ev::TaskResume{whole(F::task), str(F::name), via == 1, thrown, str(thrown ? F::exception : F::value)};
                break;
            }
            case EventKind::task_park: {
                std::optional<double> until;
                if (get(F::until)) until = number(F::until);
                event.payload = ev::TaskPark{whole(F::task), str(F::name), str(F::state), str(F::on), until};
                break;
            }
            case EventKind::task_wake:
                event.payload = ev::TaskWake{whole(F::task), str(F::name), str(F::reason)};
                break;
            case EventKind::trace_end:
                event.payload = ev::TraceEnd{str(F::reason), str(F::error), whole(F::events)};
                break;
        }
        if (problem.empty()) trace_.events.push_back(std::move(event));
        return problem;
    }

    TraceEvents& trace_;
    std::array<const JsonValue*, detail::FIELD_COUNT> fields_{};  // this line's, by Field
    std::vector<Field> mapped_;                                    // which of them are set
    EventKind kind_ = EventKind::trace_begin;
    std::uint64_t last_tick_ = 0;
    double last_t_ = 0;  // the clock never goes back (a null t, unknown, is skipped)
};

// The first line decides whether this is a coolio trace at all, and of which version.
void check_header(const EventReader& reader, const std::string& name) {
    if (!reader.scanner.is_object() || reader.text_of(Field::kind) != "trace.begin" ||
        reader.text_of(Field::format) != FORMAT_NAME)
        throw TraceError(name, 1,
                         "not a coolio trace (the first line must be a trace.begin header with format \"coolio-trace\")");
    const JsonValue* version = reader.get(Field::version);
    if (!version || version->type != JsonType::whole)
        throw TraceError(name, 1, "the header's version must be a whole number");
    if (version->whole > std::uint64_t(FORMAT_VERSION))
        throw TraceError(name, 1,
                         "trace format version " + std::to_string(version->whole) +
                             " is newer than this coolio-trace reads (" + std::to_string(FORMAT_VERSION) +
                             "); update coolio");
}

// Takes a trace's lines one at a time, in order, and builds the TraceEvents: the
// part shared by parsing a text in memory and reading a file piece by piece.
class TraceBuilder {
public:
    TraceBuilder(std::string name, std::size_t size_hint, const LineHook& each_line)
        : reader_(trace_), each_line_(each_line) {
        trace_.name = std::move(name);
        // Lines are about 100-150 bytes (the hint is capped: a hostile file may be one huge line).
        trace_.events.reserve(std::min<std::size_t>(size_hint / 100, 1 << 20));
    }

    const std::string& name() const { return trace_.name; }

    /// One line, without its '\n'; `cut` is true for a last line that has none.
    void line(std::string_view text, bool cut) {
        const std::string& file = trace_.name;
        ++line_no_;
        if (text.empty()) throw TraceError(file, line_no_, "empty line");
        if (!reader_.scanner.scan(text)) {
            if (line_no_ == 1) throw TraceError(file, 1, "not a coolio trace (the first line is not JSON)");
            if (cut)
                throw TraceError(file, line_no_,
                                 "the file ends in the middle of an event (the last line is cut short); "
                                 "delete that line to read the events before it");
            throw TraceError(file, line_no_, "not valid JSON");
        }
        std::string problem = reader_.map_fields();
        if (line_no_ == 1) check_header(reader_, file);
        if (problem.empty()) problem = reader_.take(line_no_ - 1);
        if (!problem.empty()) throw TraceError(file, line_no_, problem);
        if (each_line_) each_line_(text);
        if (cut) trace_.warnings.push_back(file + ":" + std::to_string(line_no_) + ": the last line has no newline at its end");
    }

    TraceEvents finish() {
        if (line_no_ == 0) throw TraceError(trace_.name, 0, "the file is empty, not a coolio trace");
        if (!trace_.complete())
            trace_.warnings.push_back(trace_.name + ": no trace.end event: the run was cut short; showing the " +
                                      std::to_string(trace_.events.size()) + " events written");
        return std::move(trace_);
    }

private:
    TraceEvents trace_;
    EventReader reader_;
    const LineHook& each_line_;
    std::size_t line_no_ = 0;
};

}  // namespace

TraceEvents parse_trace_events(std::string_view text, std::string name, const LineHook& each_line) {
    TraceBuilder builder(std::move(name), text.size(), each_line);
    detail::split_lines(text, builder.name(), [&](std::string_view line, bool cut) { builder.line(line, cut); });
    return builder.finish();
}

TraceEvents read_trace_events(const std::string& path, const LineHook& each_line) {
    std::error_code ec;
    std::uintmax_t size = std::filesystem::file_size(path, ec);
    TraceBuilder builder(path, ec ? 0 : static_cast<std::size_t>(size), each_line);
    detail::read_lines(path, [&](std::string_view line, bool cut) { builder.line(line, cut); });
    return builder.finish();
}

}  // namespace coolio::tracer

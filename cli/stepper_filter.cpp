#include "stepper_filter.hpp"

#include <charconv>
#include <limits>

#include "commands.hpp"  // UsageError
#include "coolio/tracer/event_kinds.hpp"

namespace coolio::cli {

using namespace coolio::tracer;

namespace {

bool parse_whole(std::string_view text, std::uint64_t& value) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::string kind_names() {
    std::string names;
    for (const KindSpec& spec : event_kinds()) names += (names.empty() ? "" : ", ") + std::string(spec.kind);
    return names;
}

}  // namespace

bool EventFilter::involves_task(const Event& event, const TraceEvents& trace) const {
    std::uint64_t task = task_;
    // A handle's callback names the task as its object or its argument:
    // "Task-2.__step()", "_on_completion(Task-2)".
    auto names = [&](Str callback) {
        std::string_view text = trace.str(callback);
        return text.starts_with(task_as_self_) || text.find(task_as_arg_) != std::string_view::npos;
    };
    switch (event.kind()) {
        case EventKind::task_new: return event.as<ev::TaskNew>().task == task;
        case EventKind::task_step: return event.as<ev::TaskStep>().task == task;
        case EventKind::task_suspend: {
            const auto& e = event.as<ev::TaskSuspend>();
            return e.task == task || e.future == task;  // or a task that now awaits it
        }
        case EventKind::task_done: return event.as<ev::TaskDone>().task == task;
        case EventKind::future_callback: {
            const auto& e = event.as<ev::FutureCallback>();
            return e.future == task || (e.add && names(e.callback));
        }
        case EventKind::print: return event.as<ev::Print>().task == task;
        case EventKind::timer_due: return names(event.as<ev::TimerDue>().callback);
        case EventKind::call_soon: return names(event.as<ev::CallSoon>().callback);
        case EventKind::call_at: return names(event.as<ev::CallAt>().callback);
        case EventKind::handle_run: return names(event.as<ev::HandleRun>().callback);
        case EventKind::handle_skip: return names(event.as<ev::HandleSkip>().callback);
        case EventKind::handle_cancel: return names(event.as<ev::HandleCancel>().callback);
        // The curio kernel's events name their task.
        case EventKind::trap: return event.as<ev::Trap>().task == task;
        case EventKind::task_resume: return event.as<ev::TaskResume>().task == task;
        case EventKind::task_park: return event.as<ev::TaskPark>().task == task;
        case EventKind::task_wake: return event.as<ev::TaskWake>().task == task;
        default: return false;
    }
}

EventFilter EventFilter::parse(std::string_view type, std::string_view arg, const Timeline& timeline) {
    EventFilter filter;
    filter.text_ = std::string(arg);
    if (arg.empty()) throw usage_error("error.filter_needs_value", type);
    if (type == "kind") {
        filter.type_ = Type::kind;
        std::optional<EventKind> kind = kind_from_name(arg);
        if (!kind) throw usage_error("error.unknown_kind", arg, kind_names());
        filter.kind_ = *kind;
    } else if (type == "task") {
        filter.type_ = Type::task;
        std::uint64_t id = timeline.task_id(arg);
        if (id == NONE && parse_whole(arg, id)) {  // a task given by its id: "2"
            filter.text_ = timeline.future_name(id);
            if (timeline.task_id(filter.text_) != id) id = NONE;
        }
        if (id == NONE) throw usage_error("error.no_task", arg);
        filter.task_ = id;
        filter.task_as_self_ = filter.text_ + ".";
        filter.task_as_arg_ = "(" + filter.text_ + ")";
    } else if (type == "tick") {
        filter.type_ = Type::tick;
        std::size_t dots = arg.find("..");
        std::string_view first = dots == std::string_view::npos ? arg : arg.substr(0, dots);
        std::string_view last = dots == std::string_view::npos ? arg : arg.substr(dots + 2);
        filter.first_tick_ = 0;
        filter.last_tick_ = std::numeric_limits<std::uint64_t>::max();
        bool ok = (first.empty() || parse_whole(first, filter.first_tick_)) &&
                  (last.empty() || parse_whole(last, filter.last_tick_)) && !(first.empty() && last.empty());
        if (!ok || filter.first_tick_ > filter.last_tick_)
            throw usage_error("error.bad_tick", arg);
    } else if (type == "print") {
        filter.type_ = Type::print;
    } else {
        throw usage_error("error.bad_filter", type);
    }
    return filter;
}

std::string EventFilter::describe() const {
    switch (type_) {
        case Type::kind: return "kind " + text_;
        case Type::task: return "task " + text_;
        case Type::tick: return "tick " + text_;
        case Type::print: return "print " + text_;
    }
    return text_;
}

bool EventFilter::matches(const Event& event, const Timeline& timeline) const {
    switch (type_) {
        case Type::kind: return event.kind() == kind_;
        case Type::task: return involves_task(event, timeline.trace());
        case Type::tick: return event.tick >= first_tick_ && event.tick <= last_tick_;
        case Type::print:
            return event.kind() == EventKind::print &&
                   timeline.trace().str(event.as<ev::Print>().text).find(text_) != std::string_view::npos;
    }
    return false;
}

bool EventFilter::stops_at(const Event& event, const Timeline& timeline) const {
    if (!matches(event, timeline)) return false;
    if (type_ != Type::tick) return true;
    return event.seq == 0 || timeline.event(event.seq - 1).tick != event.tick;
}

}  // namespace coolio::cli

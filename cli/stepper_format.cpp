#include "stepper_format.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <ostream>

#include "coolio/repr.hpp"  // float_repr
#include "coolio/tracer/explain.hpp"
#include "coolio/tracer/messages.hpp"

namespace coolio::cli {

using namespace coolio::tracer;

namespace {

constexpr std::size_t WIDTH = 80;        // explanations are wrapped to this width
constexpr std::size_t LIST_LIMIT = 200;  // `info` shows at most this many entries per list

std::string time_text(double t) { return float_repr(t); }

std::string handle_text(std::uint64_t handle, Str callback, const TraceEvents& trace) {
    return fmt::format("h{} {}", handle, trace.str(callback));
}

std::string id_list(std::span<const std::uint64_t> ids, const char* prefix) {
    std::string text;
    for (std::uint64_t id : ids) text += fmt::format("{}{}{}", text.empty() ? "" : ",", prefix, id);
    return "[" + text + "]";
}

std::string io_text(std::uint8_t events) {
    return std::string(events & IO_READ ? "r" : "") + (events & IO_WRITE ? "w" : "");
}

// "Future-6 (sleep)" for a plain future, "Task-2" for a task.
std::string future_text(std::uint64_t id, const Timeline& timeline) {
    std::string_view label = timeline.future_label(id);
    return timeline.future_name(id) + (label.empty() ? "" : " (" + std::string(label) + ")");
}

std::string outcome_text(FutureOutcome outcome, Str value, const TraceEvents& trace) {
    if (outcome == FutureOutcome::cancelled) return "cancelled";
    return fmt::format("{} {}", outcome_name(outcome), trace.str(value));
}

std::string plural(std::uint64_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// A UTF-8 lead byte that starts a wide character (two columns on a terminal): CJK
// ideographs and punctuation (U+3000..U+9FFF) and full-width forms (U+F000..U+FFFF).
bool wide_lead(unsigned char c) { return (c >= 0xE3 && c <= 0xE9) || c == 0xEF; }

// Word-wraps `text` to WIDTH columns, every line after the first indented by `indent`.
// English breaks at spaces; Chinese, which has none, between any two characters.
std::string wrap(std::string_view text, std::size_t indent) {
    std::string out, line;
    std::size_t width = 0;  // of `line`, in columns
    std::size_t pos = 0;
    while (pos < text.size()) {
        bool space = false;
        while (pos < text.size() && text[pos] == ' ') space = true, ++pos;
        if (pos == text.size()) break;
        // The next unit: one wide character, or a run of anything else up to a space.
        std::size_t end = pos, columns = 0;
        if (wide_lead(static_cast<unsigned char>(text[pos]))) {
            end = std::min(text.size(), pos + 3);
            columns = 2;
        } else {
            while (end < text.size() && text[end] != ' ' && !wide_lead(static_cast<unsigned char>(text[end]))) {
                if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) ++columns;  // not a continuation byte
                ++end;
            }
        }
        std::size_t gap = space && !line.empty() ? 1 : 0;
        if (!line.empty() && indent + width + gap + columns > WIDTH) {
            out += line + "\n" + std::string(indent, ' ');
            line.clear();
            width = gap = 0;
        }
        line += std::string(gap, ' ') + std::string(text.substr(pos, end - pos));
        width += gap + columns;
        pos = end;
    }
    return out + line;
}

}  // namespace

// ---- Style -------------------------------------------------------------------------

Style Style::from_option(std::string_view mode) {
    if (mode == "always") return Style(true);
    if (mode == "never") return Style(false);
    const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org
    return Style(isatty(STDOUT_FILENO) && !(no_color && *no_color));
}

std::string Style::paint(const char* code, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("\033[{}m{}\033[0m", code, text);
}

std::string Style::kind(EventKind kind, std::string_view text) const {
    switch (kind) {
        case EventKind::trace_begin:
        case EventKind::trace_end:
        case EventKind::tick_begin: return paint("1;36", text);  // bold cyan: the loop's rhythm
        case EventKind::select:
        case EventKind::io_ready:
        case EventKind::io_watch:
        case EventKind::io_unwatch:
        case EventKind::timer_due: return paint("36", text);  // cyan: the loop's phases
        case EventKind::call_soon:
        case EventKind::call_at:
        case EventKind::handle_run:
        case EventKind::handle_skip:
        case EventKind::handle_cancel: return paint("33", text);  // yellow: handles
        case EventKind::task_new:
        case EventKind::task_step:
        case EventKind::task_suspend:
        case EventKind::task_done: return paint("32", text);  // green: tasks
        case EventKind::future_new:
        case EventKind::future_resolve:
        case EventKind::future_callback: return paint("35", text);  // magenta: futures
        case EventKind::print: return paint("1", text);
        case EventKind::loop_exception: return paint("1;31", text);
        case EventKind::loop_stop: return paint("1;33", text);
        case EventKind::kernel_cycle: return paint("1;36", text);  // the kernel's rhythm, as ticks
        case EventKind::kernel_phase: return paint("36", text);
        case EventKind::trap: return paint("33", text);  // yellow: the mechanism, as handles
        case EventKind::task_resume:
        case EventKind::task_park:
        case EventKind::task_wake: return paint("32", text);
    }
    return std::string(text);
}

std::string Style::change(char sign, std::string_view text) const {
    return paint(sign == '+' ? "32" : sign == '-' ? "31" : "33", text);
}
std::string Style::bold(std::string_view text) const { return paint("1", text); }
std::string Style::dim(std::string_view text) const { return paint("2", text); }

// ---- events --------------------------------------------------------------------------

std::string event_details(const Event& event, const Timeline& timeline) {
    const TraceEvents& trace = timeline.trace();
    auto s = [&](Str id) { return std::string(trace.str(id)); };
    switch (event.kind()) {
        case EventKind::trace_begin: {
            const auto& e = event.as<ev::TraceBegin>();
            return fmt::format("{} · {} clock · runtime {} · format {}", s(e.scenario), s(e.clock), s(e.runtime), e.version);
        }
        case EventKind::tick_begin: {
            const auto& e = event.as<ev::TickBegin>();
            std::string text = fmt::format("ready {} · timers {} · timeout {}", e.ready, e.scheduled,
                                           e.timeout ? time_text(*e.timeout) : "none");
            if (e.dropped.size) text += " · dropped " + id_list(trace.ids(e.dropped), "h");
            return text;
        }
        case EventKind::select: {
            const auto& e = event.as<ev::Select>();
            return fmt::format("timeout {} · {} ready", e.timeout ? time_text(*e.timeout) : "none",
                               plural(e.events, "descriptor"));
        }
        case EventKind::io_ready: {
            const auto& e = event.as<ev::IoReady>();
            return fmt::format("fd {} ({}) queues {}", e.fd, io_text(e.events), id_list(trace.ids(e.handles), "h"));
        }
        case EventKind::io_watch: {
            const auto& e = event.as<ev::IoWatch>();
            return fmt::format("fd {} ({}) → {}", e.fd, io_text(e.events), handle_text(e.handle, e.callback, trace));
        }
        case EventKind::io_unwatch: {
            const auto& e = event.as<ev::IoUnwatch>();
            return fmt::format("fd {} ({})", e.fd, io_text(e.events));
        }
        case EventKind::timer_due: {
            const auto& e = event.as<ev::TimerDue>();
            return handle_text(e.handle, e.callback, trace) + " when=" + time_text(e.when);
        }
        case EventKind::call_soon: {
            const auto& e = event.as<ev::CallSoon>();
            return handle_text(e.handle, e.callback, trace);
        }
        case EventKind::call_at: {
            const auto& e = event.as<ev::CallAt>();
            return handle_text(e.handle, e.callback, trace) + " when=" + time_text(e.when);
        }
        case EventKind::handle_run: return handle_text(event.as<ev::HandleRun>().handle, event.as<ev::HandleRun>().callback, trace);
        case EventKind::handle_skip: return handle_text(event.as<ev::HandleSkip>().handle, event.as<ev::HandleSkip>().callback, trace);
        case EventKind::handle_cancel:
            return handle_text(event.as<ev::HandleCancel>().handle, event.as<ev::HandleCancel>().callback, trace);
        case EventKind::task_new: {
            const auto& e = event.as<ev::TaskNew>();
            return fmt::format("{} for {}()", s(e.name), s(e.coro));
        }
        case EventKind::task_step: {
            const auto& e = event.as<ev::TaskStep>();
            return e.thrown ? fmt::format("{} throw({})", s(e.name), s(e.value)) : fmt::format("{} send({})", s(e.name), s(e.value));
        }
        case EventKind::task_suspend: {
            const auto& e = event.as<ev::TaskSuspend>();
            std::string chain = trace.chain_text(e.chain);
            switch (e.reason) {
                case SuspendReason::future: return fmt::format("{} on {} · {}", s(e.name), future_text(e.future, timeline), chain);
                case SuspendReason::yield_now: return fmt::format("{} yields · {}", s(e.name), chain);
                case SuspendReason::bad_yield: return fmt::format("{} bad yield · {}", s(e.name), chain);
            }
            return s(e.name);
        }
        case EventKind::task_done: {
            const auto& e = event.as<ev::TaskDone>();
            return fmt::format("{} {} · {}", s(e.name), outcome_text(e.outcome, e.value, trace), plural(e.callbacks, "callback"));
        }
        case EventKind::future_new: {
            const auto& e = event.as<ev::FutureNew>();
            return fmt::format("Future-{} ({})", e.future, s(e.label));
        }
        case EventKind::future_resolve: {
            const auto& e = event.as<ev::FutureResolve>();
            return fmt::format("{} {} · {}", future_text(e.future, timeline), outcome_text(e.outcome, e.value, trace),
                               plural(e.callbacks, "callback"));
        }
        case EventKind::future_callback: {
            const auto& e = event.as<ev::FutureCallback>();
            if (e.add) return fmt::format("{} add #{} {}", future_text(e.future, timeline), e.token, s(e.callback));
            return fmt::format("{} remove #{}", future_text(e.future, timeline), e.token);
        }
        case EventKind::print: {
            const auto& e = event.as<ev::Print>();
            return fmt::format("{}: {}", e.task == NONE ? "main" : s(e.name), s(e.text));
        }
        case EventKind::loop_exception: {
            const auto& e = event.as<ev::LoopException>();
            return fmt::format("{}: {}", s(e.message), s(e.exception));
        }
        case EventKind::loop_stop: return "";
        case EventKind::kernel_cycle: {
            const auto& e = event.as<ev::KernelCycle>();
            return fmt::format("ready {} · sleeping {} · timeout {}", e.ready, e.sleeping,
                               e.timeout ? time_text(*e.timeout) : "none");
        }
        case EventKind::kernel_phase: return s(event.as<ev::KernelPhase>().phase);
        case EventKind::trap: {
            const auto& e = event.as<ev::Trap>();
            return fmt::format("{} {}({})", s(e.name), s(e.trap), s(e.args));
        }
        case EventKind::task_resume: {
            const auto& e = event.as<ev::TaskResume>();
            return fmt::format("{} {}({}) via {}", s(e.name), e.thrown ? "throw" : "send", s(e.value),
                               e.after_trap ? "trap" : "ready queue");
        }
        case EventKind::task_park: {
            const auto& e = event.as<ev::TaskPark>();
            std::string text = fmt::format("{} {} on {}", s(e.name), s(e.state), s(e.on));
            if (e.until) text += " until " + time_text(*e.until);
            return text;
        }
        case EventKind::task_wake: {
            const auto& e = event.as<ev::TaskWake>();
            return fmt::format("{}: {}", s(e.name), s(e.reason));
        }
        case EventKind::trace_end: {
            const auto& e = event.as<ev::TraceEnd>();
            std::string text = fmt::format("{} · {} events", s(e.reason), e.events);
            if (e.error) text += " · " + s(e.error);
            return text;
        }
    }
    return "";
}

std::string event_line(const Event& event, const Timeline& timeline, const Style& style) {
    std::string_view kind = kind_name(event.kind());
    std::string padded = std::string(kind) + std::string(kind.size() < 16 ? 16 - kind.size() : 1, ' ');
    return fmt::format("{:>5}  tick {:<3} t={:<5} {}{}", event.seq, event.tick, time_text(event.t),
                       style.kind(event.kind(), padded), event_details(event, timeline));
}

void print_explanation(std::ostream& out, const Event& event, const Timeline& timeline, std::string_view lang,
                       const Style& style) {
    EventExplanation why = explain_event(event, timeline.trace(), lang);
    out << "  " << style.dim("asyncio") << "  " << why.asyncio << '\n';
    out << "  " << style.dim(std::string(message("step.why", lang))) << "  " << wrap(why.text, 11) << '\n';
}

void print_changes(std::ostream& out, const std::vector<StateChange>& changes, std::string_view lang,
                   const Style& style) {
    std::string heading(message("step.changed", lang));
    if (changes.empty()) {
        out << "  " << style.dim(heading) << "  " << message("step.nothing_changed", lang) << "\n";
        return;
    }
    for (const StateChange& change : changes) {
        out << "  " << style.dim(heading) << "  " << style.change(change.sign, to_string(change, lang)) << '\n';
        heading = "       ";
    }
}

// ---- states --------------------------------------------------------------------------

namespace {

template <class... Args>
std::string say(std::string_view lang, std::string_view key, const Args&... args) {
    return fmt::format(fmt::runtime(message(key, lang)), args...);
}

// The headings of `info`'s lists, in the order they are printed.
constexpr std::array<std::string_view, 6> HEADINGS = {"state.ready", "state.tasks", "state.timers",
                                                      "state.futures", "state.fds", "state.running"};

// Columns on a terminal: a wide character counts two.
std::size_t columns(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) == 0x80 ? 0 : wide_lead(c) ? 2 : 1;
    return n;
}

// Columns of the headings: the widest in `lang`, and a space (English: "running ").
std::size_t heading_width(std::string_view lang) {
    std::size_t width = 0;
    for (std::string_view key : HEADINGS) width = std::max(width, columns(message(key, lang)) + 1);
    return width;
}

// The heading `key` in `lang`, padded to heading_width().
std::string heading(std::string_view key, std::string_view lang) {
    std::string_view text = message(key, lang);
    return std::string(text) + std::string(heading_width(lang) - columns(text), ' ');
}

// Prints "  name   N  first entry" and the other entries under it, at most LIST_LIMIT.
template <class List, class Line>
void print_list(std::ostream& out, const Style& style, std::string_view lang, std::string_view key, const List& list,
                Line line) {
    const std::size_t width = heading_width(lang), indent = width + 7;  // "  " heading "NNN" "  "
    out << "  " << style.bold(heading(key, lang)) << fmt::format("{:>3}", list.size());
    if (list.empty()) {
        out << '\n';
        return;
    }
    std::size_t shown = 0;
    for (const auto& item : list) {
        if (shown == LIST_LIMIT) {
            out << std::string(indent, ' ') << say(lang, "state.more", list.size() - shown) << '\n';
            break;
        }
        out << (shown++ ? std::string(indent, ' ') : std::string("  ")) << line(item) << '\n';
    }
}

// "suspended on Future-6 (sleep)", and ", which is done" once that future is resolved
// but the task has not stepped yet (its wakeup is queued).
std::string task_status(const TaskInfo& task, const LoopState& state, const Timeline& timeline, std::string_view lang) {
    std::string text = status_text(task.status, lang);
    if (task.status == TaskStatus::suspended && task.waiting_on != NONE) {
        text = say(lang, "state.on", text, future_text(task.waiting_on, timeline));
        const FutureInfo* future = state.future(task.waiting_on);
        const TaskInfo* awaited = state.task(task.waiting_on);
        if ((future && future->status != FutureStatus::pending) || (awaited && awaited->status == TaskStatus::done))
            text += message("state.which_is_done", lang);
    }
    if (task.outcome) text = say(lang, "state.outcome", text, status_text(*task.outcome, lang));
    return text;
}

std::string callbacks_text(const std::vector<PendingCallback>& callbacks, const TraceEvents& trace) {
    std::string text;
    for (const PendingCallback& c : callbacks) text += (text.empty() ? "" : ", ") + std::string(trace.str(c.callback));
    return text;
}

}  // namespace

void print_state(std::ostream& out, const LoopState& state, const Timeline& timeline, const Style& style,
                 std::string_view lang) {
    const TraceEvents& trace = timeline.trace();
    const std::string cancelled = "  " + std::string(message("state.cancelled_tag", lang));
    out << style.bold(say(lang, "step.state_header", state.seq, state.tick, time_text(state.t))) << '\n';
    if (state.curio) {  // the kernel's ready queue holds tasks; it has no handles, timers or futures
        print_list(out, style, lang, "state.ready", state.ready_tasks,
                   [&](std::uint64_t task) { return timeline.future_name(task); });
    } else {
        print_list(out, style, lang, "state.ready", state.ready, [&](const QueuedHandle& h) {
            return handle_text(h.handle, h.callback, trace) + (h.cancelled ? cancelled : "");
        });
        print_list(out, style, lang, "state.timers", state.timers, [&](const QueuedHandle& h) {
            return handle_text(h.handle, h.callback, trace) + "  when=" + time_text(h.when) + (h.cancelled ? cancelled : "");
        });
    }
    print_list(out, style, lang, "state.tasks", state.tasks, [&](const TaskInfo& t) {
        std::string text = fmt::format("{} {}() · {} · {}", trace.str(t.name), trace.str(t.coro),
                                       task_status(t, state, timeline, lang),
                                       say(lang, t.steps == 1 ? "state.steps_one" : "state.steps", t.steps));
        if (t.chain.size) text += " · " + trace.chain_text(t.chain);
        if (t.parked_on) text += " · " + say(lang, "state.parked_on", trace.str(t.parked_on));
        if (!t.callbacks.empty()) text += " · " + say(lang, "state.callbacks_list", callbacks_text(t.callbacks, trace));
        return text;
    });
    if (!state.curio) print_list(out, style, lang, "state.futures", state.futures, [&](const FutureInfo& f) {
        std::string text = fmt::format("Future-{} ({}) · {}", f.future, trace.str(f.label), status_text(f.status, lang));
        if (!f.callbacks.empty()) text += " · " + say(lang, "state.callbacks_list", callbacks_text(f.callbacks, trace));
        return text;
    });
    print_list(out, style, lang, "state.fds", state.fds, [&](const FdWatch& w) {
        std::string text = fmt::format("fd {}", w.fd);
        if (w.reader.handle != NONE) text += " · reader " + handle_text(w.reader.handle, w.reader.callback, trace);
        if (w.writer.handle != NONE) text += " · writer " + handle_text(w.writer.handle, w.writer.callback, trace);
        return text;
    });
    const std::string none(message("state.none", lang));
    std::string handle = state.current_handle == NONE ? none : handle_text(state.current_handle, state.current_callback, trace);
    std::string task = state.current_task == NONE ? none : timeline.future_name(state.current_task);
    out << "  " << style.bold(heading("state.running", lang)) << "    "
        << say(lang, "state.running_now", handle, task) << '\n';
}

void print_where(std::ostream& out, const LoopState& state, const Timeline& timeline, const Style& style,
                 std::string_view lang) {
    const TraceEvents& trace = timeline.trace();
    if (const TaskInfo* task = state.task(state.current_task)) {
        std::string name(trace.str(task->name));
        // The name is bold: the sentence is split around it.
        std::string sentence = say(lang, "where.running", name, task->steps);
        out << style.bold(name) << sentence.substr(name.size());
        auto frames = trace.strs(task->chain);
        if (frames.empty()) {
            out << say(lang, "where.from_start", trace.str(task->coro)) << '\n';
            return;
        }
        out << message("where.from_last", lang) << '\n';
        for (std::size_t i = frames.size(); i-- > 0;)
            out << fmt::format("  #{} {}{}\n", frames.size() - 1 - i, trace.str(frames[i]),
                               i == 0 ? message("where.coroutine", lang) : "");
        return;
    }
    out << say(lang, "where.loop_working", state.seq) << '\n';
    bool any = false;
    for (const TaskInfo& task : state.tasks) {
        if (task.status != TaskStatus::suspended && task.status != TaskStatus::pending) continue;
        if (!any) out << message("where.waiting", lang) << '\n';
        any = true;
        std::string frames = task.chain.size ? trace.chain_text(task.chain) : say(lang, "where.not_started", trace.str(task.coro));
        out << fmt::format("  {:<8} {} · {}\n", trace.str(task.name), task_status(task, state, timeline, lang), frames);
    }
    if (!any) out << message("where.none_waiting", lang) << '\n';
}

}  // namespace coolio::cli

#include "exercise_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <sstream>

#include "commands.hpp"  // UsageError
#include "coolio/repr.hpp"  // float_repr
#include "coolio/tracer/causes.hpp"
#include "stepper_filter.hpp"
#include "stepper_source.hpp"

namespace coolio::cli {

using namespace coolio::tracer;

namespace {

/// Lower case (ASCII), runs of white space made one space, no space at either end,
/// and without quotes around the whole: how answers are compared.
std::string normalize(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (out.size() >= 2 && (out.front() == '"' || out.front() == '\'') && out.back() == out.front())
        out = out.substr(1, out.size() - 2);
    return out;
}

std::string letter(std::size_t index) { return std::string(1, static_cast<char>('a' + index)); }

// ---- finding events ------------------------------------------------------------------------

/// A stop point or an event, as a question gives it: "start", "end", or conditions
/// ("kind K", "task T", "tick N", "print TEXT"; print takes the rest of the line), all of
/// which must hold, optionally preceded by "#N" for the N-th such event.
class EventSpec {
public:
    EventSpec(const Located& spec, const Exercise& exercise, const Timeline& timeline)
        : spec_(spec), exercise_(exercise), timeline_(timeline) {
        std::istringstream words(spec.value);
        std::string word;
        while (words >> word) {
            if (word == "start" || word == "end") {
                edge_ = word;
                continue;
            }
            if (word.starts_with('#')) {
                auto [end, error] = std::from_chars(word.data() + 1, word.data() + word.size(), nth_);
                if (error != std::errc() || end != word.data() + word.size() || nth_ == 0)
                    fail("exercise.error.not_nth", word);
                continue;
            }
            std::string arg;
            if (word == "print") {
                std::getline(words, arg);
                arg = arg.substr(std::min(arg.size(), arg.find_first_not_of(' ')));
            } else {
                words >> arg;
            }
            try {
                filters_.push_back(EventFilter::parse(word, arg, timeline));
            } catch (const UsageError& e) {
                throw e.prefixed(fmt::format("{}:{}: ", exercise_.path, spec_.line));
            }
        }
        if (edge_.empty() && filters_.empty()) fail("exercise.error.which_event");
        if (!edge_.empty() && !filters_.empty()) fail("exercise.error.edge_alone", edge_);
    }

    /// The event, searching from `from` on; `what` (a message key) says what it is
    /// for, in the error.
    std::uint64_t find(std::uint64_t from, std::string_view what) const {
        if (edge_ == "start") return 0;
        if (edge_ == "end") return timeline_.size() - 1;
        std::uint64_t count = 0;
        for (std::uint64_t seq = from; seq < timeline_.size(); ++seq)
            if (matches(timeline_.event(seq)) && ++count == nth_) return seq;
        throw UsageError(msg("en", "exercise.error.no_match", spec_.value, from, message(what, "en")),
                         msg("zh", "exercise.error.no_match", spec_.value, from, message(what, "zh")))
            .prefixed(fmt::format("{}:{}: ", exercise_.path, spec_.line));
    }

    /// Every event from `from` on that the conditions accept (for counting: no
    /// start, end or #N, which pick one event).
    std::vector<std::uint64_t> find_all(std::uint64_t from) const {
        if (!edge_.empty() || nth_ != 1) fail("exercise.error.count_conditions");
        std::vector<std::uint64_t> found;
        for (std::uint64_t seq = from; seq < timeline_.size(); ++seq)
            if (matches(timeline_.event(seq))) found.push_back(seq);
        return found;
    }

private:
    template <class... Args>
    [[noreturn]] void fail(std::string_view key, const Args&... args) const {
        throw usage_error(key, args...).prefixed(fmt::format("{}:{}: ", exercise_.path, spec_.line));
    }
    bool matches(const Event& event) const {
        return std::all_of(filters_.begin(), filters_.end(), [&](const EventFilter& f) { return f.matches(event, timeline_); });
    }

    const Located& spec_;
    const Exercise& exercise_;
    const Timeline& timeline_;
    std::string edge_;
    std::uint64_t nth_ = 1;
    std::vector<EventFilter> filters_;
};

/// The first event after `stop` that `is` accepts, or the size of the trace.
std::uint64_t next_after(const Timeline& timeline, std::uint64_t stop, const std::function<bool(const Event&)>& is) {
    for (std::uint64_t seq = stop + 1; seq < timeline.size(); ++seq)
        if (is(timeline.event(seq))) return seq;
    return timeline.size();
}

bool is_kind(const Event& event, EventKind kind) { return event.kind() == kind; }

/// The event of `chain` nearest its end whose kind is one of `kinds`; else its last.
std::uint64_t pick(const Timeline& timeline, const std::vector<std::uint64_t>& chain, std::initializer_list<EventKind> kinds) {
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        if (std::find(kinds.begin(), kinds.end(), timeline.event(*it).kind()) != kinds.end()) return *it;
    return chain.back();
}

void add_sorted(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& more) {
    into.insert(into.end(), more.begin(), more.end());
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
}

// ---- resolving each kind of question -------------------------------------------------------

class Resolver {
public:
    Resolver(const Exercise& exercise, const Timeline& timeline) : exercise_(exercise), timeline_(timeline) {}

    Resolved resolve(const Question& q, std::uint64_t previous_stop, bool first) {
        Resolved r;
        r.stop = q.at ? EventSpec(*q.at, exercise_, timeline_).find(first ? 0 : previous_stop + 1, "exercise.error.the_stop")
                      : (first ? 0 : previous_stop);
        switch (q.kind) {
            case QuestionKind::next_print: next_print(q, r); break;
            case QuestionKind::next_task: next_task(q, r); break;
            case QuestionKind::ready_queue: ready_queue(r); break;
            case QuestionKind::time_of: time_of(q, r); break;
            case QuestionKind::ticks_until: ticks_until(q, r); break;
            case QuestionKind::print_order: print_order(q, r); break;
            case QuestionKind::how_many: how_many(q, r); break;
            case QuestionKind::next_trap: next_trap(q, r); break;
        }
        return r;
    }

private:
    template <class... Args>
    [[noreturn]] void fail(std::size_t line, std::string_view key, const Args&... args) const {
        throw usage_error(key, args...).prefixed(fmt::format("{}:{}: ", exercise_.path, line));
    }
    std::string_view str(Str id) const { return timeline_.trace().str(id); }

    void next_print(const Question& q, Resolved& r) {
        std::uint64_t print = next_after(timeline_, r.stop, [](const Event& e) { return is_kind(e, EventKind::print); });
        if (print == timeline_.size()) fail(q.line, "exercise.error.no_print_after", r.stop);
        r.expected = {std::string(str(timeline_.event(print).as<ev::Print>().text))};
        r.deciding = causal_chain(timeline_.trace(), print, 5);
        r.focus = pick(timeline_, r.deciding, {EventKind::handle_run});
    }

    // A task runs when asyncio steps it (task.step) or the curio kernel resumes it.
    void next_task(const Question& q, Resolved& r) {
        std::uint64_t step = next_after(timeline_, r.stop, [](const Event& e) {
            return is_kind(e, EventKind::task_step) || is_kind(e, EventKind::task_resume);
        });
        if (step == timeline_.size()) fail(q.line, "exercise.error.no_step_after", r.stop);
        const Event& event = timeline_.event(step);
        r.expected = {std::string(str(event.kind() == EventKind::task_step ? event.as<ev::TaskStep>().name
                                                                            : event.as<ev::TaskResume>().name))};
        r.deciding = causal_chain(timeline_.trace(), step, 4);
        r.focus = pick(timeline_, r.deciding, {EventKind::handle_run, EventKind::task_resume});
    }

    void how_many(const Question& q, Resolved& r) {
        std::vector<std::uint64_t> found = EventSpec(*q.event, exercise_, timeline_).find_all(r.stop + 1);
        r.expected = {std::to_string(found.size())};
        // The events counted (the first few), or, for none, the stop and the end.
        r.deciding.assign(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(found.size(), 8)));
        if (r.deciding.empty()) r.deciding = {r.stop, timeline_.size() - 1};
        r.focus = r.deciding.front();
    }

    // What the next trap asks the kernel for; the park (if it blocks) shows what for.
    void next_trap(const Question& q, Resolved& r) {
        std::uint64_t trap = next_after(timeline_, r.stop, [](const Event& e) { return is_kind(e, EventKind::trap); });
        if (trap == timeline_.size())
            fail(q.line, "exercise.error.no_trap_after", r.stop);
        r.expected = {std::string(str(timeline_.event(trap).as<ev::Trap>().trap))};
        r.deciding = {trap};
        if (trap + 1 < timeline_.size() && timeline_.event(trap + 1).kind() == EventKind::task_park) r.deciding.push_back(trap + 1);
        r.focus = trap;
    }

    void ready_queue(Resolved& r) {
        LoopState state = timeline_.state_at(r.stop);
        if (state.curio) return ready_tasks(state, r);
        for (const QueuedHandle& h : state.ready) {
            r.expected.push_back(std::string(str(h.callback)));
            if (auto queued = queued_by(timeline_.trace(), h.handle, r.stop + 1)) r.deciding.push_back(*queued);
        }
        std::sort(r.deciding.begin(), r.deciding.end());
        if (r.deciding.empty()) r.deciding = {r.stop};
        r.focus = r.deciding.back();
    }

    // curio's ready queue holds tasks, not handles: each got there by its task.new or
    // its last task.wake.
    void ready_tasks(const LoopState& state, Resolved& r) {
        for (std::uint64_t task : state.ready_tasks) {
            const TaskInfo* info = state.task(task);
            r.expected.push_back(info ? std::string(str(info->name)) : "Task?");
            for (std::uint64_t seq = r.stop + 1; seq-- > 0;) {
                const Event& e = timeline_.event(seq);
                if ((e.kind() == EventKind::task_wake && e.as<ev::TaskWake>().task == task) ||
                    (e.kind() == EventKind::task_new && e.as<ev::TaskNew>().task == task)) {
                    r.deciding.push_back(seq);
                    break;
                }
            }
        }
        std::sort(r.deciding.begin(), r.deciding.end());
        if (r.deciding.empty()) r.deciding = {r.stop};
        r.focus = r.deciding.back();
    }

    std::uint64_t target(const Question& q, const Resolved& r) const {
        return EventSpec(*q.event, exercise_, timeline_).find(r.stop + 1, "exercise.error.the_event");
    }

    void time_of(const Question& q, Resolved& r) {
        std::uint64_t event = target(q, r);
        r.expected = {float_repr(timeline_.event(event).t)};
        r.deciding = causal_chain(timeline_.trace(), event, 8);
        r.focus = pick(timeline_, r.deciding, {EventKind::call_at});
        // And the select that moved the clock to this time, if the clock moved.
        for (std::uint64_t seq = event; seq > r.stop; --seq) {
            if (timeline_.event(seq - 1).t != timeline_.event(seq).t) {
                add_sorted(r.deciding, {seq});
                break;
            }
        }
    }

    void ticks_until(const Question& q, Resolved& r) {
        std::uint64_t event = target(q, r);
        r.expected = {std::to_string(timeline_.event(event).tick - timeline_.event(r.stop).tick)};
        r.deciding = causal_chain(timeline_.trace(), event, 8);
        r.focus = pick(timeline_, r.deciding, {EventKind::call_soon, EventKind::call_at});
    }

    void print_order(const Question& q, Resolved& r) {
        std::vector<std::uint64_t> prints;  // the print event of each choice
        if (q.count) {
            std::size_t count = 0;
            auto [end, error] = std::from_chars(q.count->value.data(), q.count->value.data() + q.count->value.size(), count);
            if (error != std::errc() || end != q.count->value.data() + q.count->value.size() || count < 2 || count > 26)
                fail(q.count->line, "exercise.error.count_range");
            for (std::uint64_t seq = r.stop; prints.size() < count;) {
                seq = next_after(timeline_, seq, [](const Event& e) { return is_kind(e, EventKind::print); });
                if (seq == timeline_.size())
                    fail(q.count->line, "exercise.error.too_few_prints", count);
                prints.push_back(seq);
            }
            // Shown in alphabetical order (or the reverse, if that happens to be the answer).
            std::vector<std::uint64_t> shown = prints;
            auto text = [&](std::uint64_t seq) { return str(timeline_.event(seq).as<ev::Print>().text); };
            std::stable_sort(shown.begin(), shown.end(), [&](auto a, auto b) { return text(a) < text(b); });
            if (shown == prints) std::reverse(shown.begin(), shown.end());
            prints = shown;
        } else {
            if (q.lines.size() > 26) fail(q.line, "exercise.error.too_many_lines");
            for (const Located& line : q.lines) {
                std::uint64_t seq = next_after(timeline_, r.stop, [&](const Event& e) {
                    return is_kind(e, EventKind::print) &&
                           normalize(str(e.as<ev::Print>().text)) == normalize(line.value) &&
                           std::find(prints.begin(), prints.end(), e.seq) == prints.end();
                });
                if (seq == timeline_.size())
                    fail(line.line, "exercise.error.line_not_printed", line.value, r.stop);
                prints.push_back(seq);
            }
        }
        std::vector<std::size_t> order(prints.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return prints[a] < prints[b]; });
        bool shuffled = false;
        for (std::size_t i = 0; i < order.size(); ++i) shuffled |= order[i] != i;
        if (!shuffled) fail(q.line, "exercise.error.not_shuffled");
        for (std::uint64_t seq : prints) r.choices.push_back(std::string(str(timeline_.event(seq).as<ev::Print>().text)));
        for (std::size_t index : order) r.expected.push_back(letter(index));
        // Each line, and the handle whose run printed it: the order of those runs is the answer.
        for (std::uint64_t seq : prints)
            add_sorted(r.deciding, {seq, pick(timeline_, causal_chain(timeline_.trace(), seq, 3), {EventKind::handle_run})});
        r.focus = pick(timeline_, causal_chain(timeline_.trace(), *std::min_element(prints.begin(), prints.end()), 3),
                       {EventKind::handle_run});
    }

    const Exercise& exercise_;
    const Timeline& timeline_;
};

tracer::Timeline open_scenario(const Exercise& exercise) {
    const Located& scenario = exercise.scenario;
    std::string source = scenario.value;
    if (source.find('/') != std::string::npos || source.ends_with(".jsonl")) {  // a trace, next to the exercise
        if (exercise.runtime.line)
            throw usage_error("exercise.error.runtime_of_trace")
                .prefixed(fmt::format("{}:{}: ", exercise.path, exercise.runtime.line));
        source = (std::filesystem::path(exercise.path).parent_path() / source).string();
    }
    try {
        return open_trace_or_scenario(source, "", exercise.runtime.value);
    } catch (const UsageError& e) {
        throw e.prefixed(fmt::format("{}:{}: ", exercise.path, scenario.line));
    } catch (const TraceError& e) {  // the trace reader's messages are in English only
        throw UsageError(e.what(), e.what()).prefixed(fmt::format("{}:{}: ", exercise.path, scenario.line));
    }
}

/// The forms in which a ready-queue entry may be given: "Task-2.__step()" also as
/// "Task-2.__step"; "futures._set_result_unless_cancelled(Future-6)" also without its
/// module, its arguments, or both.
std::vector<std::string> callback_forms(std::string_view callback) {
    std::string full = normalize(callback);
    std::string bare = full.substr(0, full.find('('));
    std::vector<std::string> forms{full, bare};
    std::size_t dot = bare.find('.');
    if (dot != std::string::npos && !bare.starts_with("task-")) {
        forms.push_back(full.substr(dot + 1));
        forms.push_back(bare.substr(dot + 1));
    }
    return forms;
}

std::vector<std::string> split_list(std::string_view answer) {
    std::string text(answer);
    for (std::size_t at; (at = text.find("，")) != std::string::npos;) text.replace(at, std::string_view("，").size(), ",");
    std::vector<std::string> items;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) items.push_back(normalize(item));
    return items;
}

bool same_number(std::string_view answer, std::string_view expected) {
    std::string text = normalize(answer);
    if (text.starts_with("t=")) text = text.substr(2);
    if (text.ends_with('s')) text.pop_back();
    text = normalize(text);
    double given = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), given);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return false;
    return std::abs(given - std::stod(std::string(expected))) < 1e-9;
}

}  // namespace

CheckedExercise check_exercise(Exercise exercise) {
    tracer::Timeline timeline = open_scenario(exercise);
    CheckedExercise checked{std::move(exercise), std::move(timeline), {}};
    Resolver resolver(checked.exercise, checked.timeline);
    std::uint64_t stop = 0;
    for (std::size_t i = 0; i < checked.exercise.questions.size(); ++i) {
        checked.resolved.push_back(resolver.resolve(checked.exercise.questions[i], stop, i == 0));
        stop = checked.resolved.back().stop;
    }
    return checked;
}

std::string answer_text(const Question& question, const Resolved& resolved) {
    if (question.kind == QuestionKind::ready_queue && resolved.expected.empty()) return "empty";
    std::string text;
    for (const std::string& part : resolved.expected) text += (text.empty() ? "" : ", ") + part;
    return text;
}

bool is_right(const Question& question, const Resolved& resolved, std::string_view answer) {
    const std::vector<std::string>& expected = resolved.expected;
    switch (question.kind) {
        case QuestionKind::next_print: return normalize(answer) == normalize(expected[0]);
        case QuestionKind::next_task: {
            std::string given = normalize(answer), name = normalize(expected[0]);
            std::replace(given.begin(), given.end(), ' ', '-');
            return given == name || "task-" + given == name;
        }
        case QuestionKind::ready_queue: {
            std::string given = normalize(answer);
            if (expected.empty()) return given == "empty" || given == "nothing" || given == "none" || given == "-" || given == "[]" || given == "空";
            std::vector<std::string> items = split_list(answer);
            if (items.size() != expected.size()) return false;
            for (std::size_t i = 0; i < items.size(); ++i) {
                std::vector<std::string> forms = callback_forms(expected[i]);
                if (std::find(forms.begin(), forms.end(), items[i]) == forms.end()) return false;
            }
            return true;
        }
        case QuestionKind::time_of:
        case QuestionKind::ticks_until:
        case QuestionKind::how_many: return same_number(answer, expected[0]);
        case QuestionKind::next_trap: {
            // "trap_sleep", also without its prefix or with arguments: "sleep", "trap_sleep(1.0)".
            std::string given = normalize(answer);
            given = given.substr(0, given.find('('));
            return given == expected[0] || "trap_" + given == expected[0];
        }
        case QuestionKind::print_order: {
            std::vector<std::string> given;
            for (char c : normalize(answer)) {
                if (c >= 'a' && c <= 'z') given.push_back(std::string(1, c));
                else if (c >= '1' && c <= '9') given.push_back(letter(static_cast<std::size_t>(c - '1')));
                else if (c != ' ' && c != ',' && c != '-' && c != '>') return false;
            }
            return given == expected;
        }
    }
    return false;
}

}  // namespace coolio::cli

#include "stepper_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <istream>
#include <ostream>

#include "commands.hpp"  // UsageError
#include "coolio/tracer/messages.hpp"
#include "coolio/tracer/state_diff.hpp"

namespace coolio::cli {

using namespace coolio::tracer;

namespace {

constexpr std::uint64_t LIST_AROUND = 5;  // `list` shows this many events on each side

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (true) {
        pos = line.find_first_not_of(" \t\r", pos);
        if (pos == std::string_view::npos) break;
        std::size_t end = line.find_first_of(" \t\r", pos);
        if (end == std::string_view::npos) end = line.size();
        words.push_back(line.substr(pos, end - pos));
        pos = end;
    }
    return words;
}

std::uint64_t number_arg(std::string_view text, const char* what) {
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        throw usage_error("error.not_number", what, text);
    return value;
}

// The optional COUNT of n and b.
std::uint64_t count_arg(const std::vector<std::string_view>& args) {
    if (args.empty()) return 1;
    std::uint64_t count = number_arg(args[0], "COUNT");
    if (count == 0) throw usage_error("error.count_zero");
    return count;
}

}  // namespace

// The message `key` in the session's language, filled in with `args`.
template <class... Values>
std::string StepperSession::say(std::string_view key, Values&&... values) const {
    return fmt::format(fmt::runtime(message(key, lang_)), std::forward<Values>(values)...);
}

namespace {

std::string join(const std::vector<std::string_view>& words, std::size_t from) {
    std::string text;
    for (std::size_t i = from; i < words.size(); ++i) text += (text.empty() ? "" : " ") + std::string(words[i]);
    return text;
}

}  // namespace

const std::vector<StepperSession::Command>& StepperSession::commands() {
    static const std::vector<Command> table = {
        {{"next", "n"}, "[COUNT]", &StepperSession::next},
        {{"back", "b"}, "[COUNT]", &StepperSession::back},
        {{"goto", "g"}, "SEQ | tick N | start | end", &StepperSession::go},
        {{"continue", "c"}, "", &StepperSession::continue_},
        {{"break"}, "kind K | task T | tick N | print TEXT", &StepperSession::add_break},
        {{"breaks"}, "", &StepperSession::list_breaks},
        {{"delete", "d"}, "[N]", &StepperSession::delete_break},
        {{"info", "state", "i"}, "", &StepperSession::info},
        {{"where", "w", "bt"}, "", &StepperSession::where},
        {{"list", "l"}, "[SEQ]", &StepperSession::list},
        {{"help", "h", "?"}, "", &StepperSession::help},
        {{"quit", "q", "exit"}, "", nullptr},
    };
    return table;
}

StepperSession::StepperSession(const Timeline& timeline, std::ostream& out, Style style, std::string lang)
    : timeline_(timeline), out_(out), style_(style), lang_(std::move(lang)), state_(timeline.state_at(0)) {}

void StepperSession::run(std::istream& in, bool interactive) {
    const TraceEvents& trace = timeline_.trace();
    out_ << style_.bold(say("step.header", trace.name, timeline_.size(), trace.events.back().tick,
                            trace.str(trace.header().clock)))
         << "\n" << say("step.keys") << "\n\n";
    show_current();
    std::string line;
    while (true) {
        out_ << style_.bold("(coolio) ") << std::flush;
        if (!std::getline(in, line)) {
            out_ << '\n';  // end of input: leave cleanly, as after q
            return;
        }
        if (!interactive) out_ << line << '\n';  // a scripted session reads like a typed one
        if (!execute(line)) return;
    }
}

bool StepperSession::execute(std::string_view line) {
    std::vector<std::string_view> words = split(line);
    if (words.empty()) words.push_back("next");
    for (const Command& command : commands()) {
        if (std::find(command.names.begin(), command.names.end(), words[0]) == command.names.end()) continue;
        if (!command.run) return false;  // quit
        try {
            command.run(*this, Args(words.begin() + 1, words.end()));
        } catch (const UsageError& e) {
            out_ << fmt::format("{}: {}{}\n", words[0], e.in(lang_), say("error.usage", command.names[0], command.args));
        }
        return true;
    }
    out_ << say("step.unknown", words[0]) << "\n";
    return true;
}

// ---- moving ------------------------------------------------------------------------------

void StepperSession::move_to(std::uint64_t seq) {
    if (seq == cursor_ + 1) {  // the common case, one event forward: fold just that event
        before_ = state_;
        timeline_.advance(state_, seq);
    } else if (seq + 1 == cursor_) {  // one back: the state before becomes the state
        state_ = std::move(before_);
        before_ = seq == 0 ? LoopState{} : timeline_.state_at(seq - 1);
    } else if (seq != cursor_) {
        before_ = seq == 0 ? LoopState{} : timeline_.state_at(seq - 1);
        state_ = timeline_.state_at(seq);
    }
    cursor_ = seq;
    show_current();
}

void StepperSession::show_current() {
    const Event& event = timeline_.event(cursor_);
    out_ << event_line(event, timeline_, style_) << '\n';
    print_explanation(out_, event, timeline_, lang_, style_);
    print_changes(out_, diff_states(before_, state_, timeline_.trace(), lang_), lang_, style_);
}

void StepperSession::next(const Args& args) {
    if (cursor_ == last()) {
        out_ << say("step.last_event_next") << "\n";
        return;
    }
    std::uint64_t count = count_arg(args);
    std::uint64_t target = count >= last() - cursor_ ? last() : cursor_ + count;
    // Events skipped over get one line each, so nothing goes by unseen.
    for (std::uint64_t seq = cursor_ + 1; seq < target; ++seq)
        out_ << style_.dim(event_line(timeline_.event(seq), timeline_, Style(false))) << '\n';
    move_to(target);
}

void StepperSession::back(const Args& args) {
    if (cursor_ == 0) {
        out_ << say("step.first_event") << "\n";
        return;
    }
    std::uint64_t count = count_arg(args);
    move_to(count >= cursor_ ? 0 : cursor_ - count);
}

void StepperSession::go(const Args& args) {
    if (args.empty()) throw usage_error("error.goto_where");
    if (args[0] == "start") return move_to(0);
    if (args[0] == "end") return move_to(last());
    if (args[0] == "tick") {
        if (args.size() < 2) throw usage_error("error.which_tick");
        std::uint64_t tick = number_arg(args[1], "the tick");
        const auto& events = timeline_.trace().events;
        auto first = std::lower_bound(events.begin(), events.end(), tick, [](const Event& e, std::uint64_t t) { return e.tick < t; });
        if (first == events.end() || first->tick != tick)
            throw usage_error("error.no_tick", tick, events.back().tick);
        return move_to(first->seq);
    }
    std::uint64_t seq = number_arg(args[0], "the event number");
    if (seq > last()) throw usage_error("error.no_event", seq, last());
    move_to(seq);
}

void StepperSession::continue_(const Args&) {
    if (cursor_ == last()) {
        out_ << say("step.last_event") << "\n";
        return;
    }
    for (std::uint64_t seq = cursor_ + 1; seq <= last(); ++seq) {
        const Event& event = timeline_.event(seq);
        for (const Breakpoint& b : breakpoints_) {
            if (!b.filter.stops_at(event, timeline_)) continue;
            out_ << style_.bold(say("step.break_hit", b.number, b.filter.describe(), seq)) << '\n';
            return move_to(seq);
        }
    }
    out_ << say(breakpoints_.empty() ? "step.no_breakpoints_end" : "step.no_break_hit") << "\n";
    move_to(last());
}

// ---- breakpoints -------------------------------------------------------------------------

void StepperSession::add_break(const Args& args) {
    if (args.empty()) return list_breaks(args);
    EventFilter filter = EventFilter::parse(args[0], join(args, 1), timeline_);
    breakpoints_.push_back({next_breakpoint_++, filter});
    out_ << say("step.break_set", breakpoints_.back().number, filter.describe()) << "\n";
}

void StepperSession::list_breaks(const Args&) {
    if (breakpoints_.empty()) {
        out_ << say("step.no_breakpoints") << "\n";
        return;
    }
    for (const Breakpoint& b : breakpoints_) out_ << fmt::format("  {}  {}\n", b.number, b.filter.describe());
}

void StepperSession::delete_break(const Args& args) {
    if (args.empty()) {
        out_ << say("step.deleted_all", breakpoints_.size()) << "\n";
        breakpoints_.clear();
        return;
    }
    auto number = static_cast<int>(number_arg(args[0], "the breakpoint number"));
    auto found = std::find_if(breakpoints_.begin(), breakpoints_.end(), [&](const Breakpoint& b) { return b.number == number; });
    if (found == breakpoints_.end()) throw usage_error("error.no_breakpoint", number);
    out_ << say("step.deleted", number, found->filter.describe()) << "\n";
    breakpoints_.erase(found);
}

// ---- looking around ----------------------------------------------------------------------

void StepperSession::info(const Args&) { print_state(out_, state_, timeline_, style_, lang_); }

void StepperSession::where(const Args&) { print_where(out_, state_, timeline_, style_, lang_); }

void StepperSession::list(const Args& args) {
    std::uint64_t center = args.empty() ? cursor_ : std::min(last(), number_arg(args[0], "the event number"));
    std::uint64_t first = center > LIST_AROUND ? center - LIST_AROUND : 0;
    std::uint64_t end = std::min(last(), center + LIST_AROUND);
    for (std::uint64_t seq = first; seq <= end; ++seq)
        out_ << (seq == cursor_ ? style_.bold("->") : "  ") << event_line(timeline_.event(seq), timeline_, style_) << '\n';
}

void StepperSession::help(const Args&) {
    out_ << say("step.commands") << "\n";
    for (const Command& command : commands()) {
        std::string names;
        for (std::string_view name : command.names) names += (names.empty() ? "" : ", ") + std::string(name);
        out_ << fmt::format("  {:<46} {}\n", names + " " + std::string(command.args),
                            say("step.help." + std::string(command.names[0])));
    }
}

}  // namespace coolio::cli

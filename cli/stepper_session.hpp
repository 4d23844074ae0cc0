// stepper_session.hpp — the interactive stepper behind `coolio-trace step`.
//
// A cursor on one event of a Timeline and a prompt in the style of pdb and gdb. At
// every position it shows the event, why asyncio does this (explain.hpp) and what
// the event changed in the loop's state (state_diff.hpp). Commands come one a line
// from any stream, so a class handout can script a walk through a run.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/tracer/timeline.hpp"
#include "stepper_filter.hpp"
#include "stepper_format.hpp"

namespace coolio::cli {

class StepperSession {
public:
    /// A session on `timeline`, writing to `out`, explaining in `lang` ("en" or "zh").
    StepperSession(const tracer::Timeline& timeline, std::ostream& out, Style style, std::string lang = "en");

    /// Shows the first event, then reads and runs commands until `q` or the end of
    /// `in`. With `interactive` false (commands from a file or a pipe), each command is
    /// echoed after the prompt so that the output reads like a session.
    void run(std::istream& in, bool interactive);
    /// Runs one command line; false when it asks to quit. An empty line means `next`.
    bool execute(std::string_view line);

    std::uint64_t cursor() const noexcept { return cursor_; }

private:
    using Args = std::vector<std::string_view>;
    struct Command {
        std::vector<std::string_view> names;  // "next", "n"
        std::string_view args;                // "[COUNT]"
        // Its help text is the message "step.help.NAME" (tracer/messages.hpp).
        std::function<void(StepperSession&, const Args&)> run;
    };
    static const std::vector<Command>& commands();

    // The commands.
    void next(const Args& args);
    void back(const Args& args);
    void go(const Args& args);
    void continue_(const Args& args);
    void add_break(const Args& args);
    void list_breaks(const Args& args);
    void delete_break(const Args& args);
    void info(const Args& args);
    void where(const Args& args);
    void list(const Args& args);
    void help(const Args& args);

    /// Moves the cursor to `seq` and shows the event there.
    void move_to(std::uint64_t seq);
    /// The event at the cursor: its line, its explanation and what it changed.
    void show_current();
    std::uint64_t last() const { return timeline_.size() - 1; }
    /// The message `key` (tracer/messages.hpp) in the session's language.
    template <class... Values>
    std::string say(std::string_view key, Values&&... values) const;

    struct Breakpoint {
        int number;
        EventFilter filter;
    };

    const tracer::Timeline& timeline_;
    std::ostream& out_;
    Style style_;
    std::string lang_;
    std::uint64_t cursor_ = 0;
    tracer::LoopState before_;  // the state before the event at the cursor
    tracer::LoopState state_;   // and after it
    std::vector<Breakpoint> breakpoints_;
    int next_breakpoint_ = 1;
};

}  // namespace coolio::cli

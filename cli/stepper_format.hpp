// stepper_format.hpp — how `step` and `show` print events and states, in colour or not.
//
// Every line the stepper prints about an event or a state comes from here, so `show`
// and `step` describe events identically. Colour is only decoration: with it off
// (stdout is not a terminal, NO_COLOR is set, or --color never) the text is the same.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/state_diff.hpp"
#include "coolio/tracer/timeline.hpp"

namespace coolio::cli {

/// Colours, or none.
class Style {
public:
    /// `mode` is "auto" (colour if stdout is a terminal and NO_COLOR is unset or
    /// empty), "always" or "never".
    static Style from_option(std::string_view mode);
    explicit Style(bool color = false) : color_(color) {}
    bool color() const noexcept { return color_; }

    std::string kind(tracer::EventKind kind, std::string_view text) const;  ///< by family of kinds
    std::string change(char sign, std::string_view text) const;            ///< + green, - red, ~ yellow
    std::string bold(std::string_view text) const;
    std::string dim(std::string_view text) const;

private:
    std::string paint(const char* code, std::string_view text) const;
    bool color_;
};

/// One event on one line: "   48  tick 3  t=1.0  timer.due        h5 futures._set_…(Future-6) when=1.0".
std::string event_line(const tracer::Event& event, const tracer::Timeline& timeline, const Style& style);
/// The part of event_line after the kind: the event's own fields, compactly.
std::string event_details(const tracer::Event& event, const tracer::Timeline& timeline);

/// The asyncio functions and the explanation of `event`, wrapped and indented.
void print_explanation(std::ostream& out, const tracer::Event& event, const tracer::Timeline& timeline,
                       std::string_view lang, const Style& style);
/// What an event changed, one change a line ("nothing" if it changed nothing).
void print_changes(std::ostream& out, const std::vector<tracer::StateChange>& changes, std::string_view lang,
                   const Style& style);
/// The whole state: ready queue, timers, tasks, futures, descriptors, current.
void print_state(std::ostream& out, const tracer::LoopState& state, const tracer::Timeline& timeline,
                 const Style& style, std::string_view lang = "en");
/// The running task's await chain, innermost frame first; or, with no task running,
/// every suspended task's.
void print_where(std::ostream& out, const tracer::LoopState& state, const tracer::Timeline& timeline,
                 const Style& style, std::string_view lang = "en");

}  // namespace coolio::cli

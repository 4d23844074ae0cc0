// exercise_check.hpp — an exercise's answers, computed from its scenario's trace.
//
// Nothing in an exercise file says what the answer is: the file says where to stop
// and what to ask, and the answer is read from the trace and the state model. "What
// is printed next" is the text of the next print event after the stop; "what is in
// the ready queue" is the LoopState's ready queue after the stop event; "at what
// time" is the event's t; and so on. The same code gives the events that decide the
// answer, which are shown after the student has answered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/tracer/timeline.hpp"
#include "exercise.hpp"

namespace coolio::cli {

/// One question, resolved against the trace.
struct Resolved {
    std::uint64_t stop = 0;  ///< the trace is played up to and including this event
    /// The right answer, in its parts: the printed line; the task's name; the ready
    /// queue's callbacks, front first; the time; the number of ticks; the letters of
    /// the lines in print order.
    std::vector<std::string> expected;
    /// print_order: the lines as the student sees them, labelled a, b, c… in this order.
    std::vector<std::string> choices;
    /// The events that decide the answer, in trace order (shown after answering).
    std::vector<std::uint64_t> deciding;
    /// The deciding event whose explanation is printed in full.
    std::uint64_t focus = 0;
};

/// The exercise and its trace, every question resolved.
struct CheckedExercise {
    Exercise exercise;
    tracer::Timeline timeline;
    std::vector<Resolved> resolved;  ///< one per question
};

/// Runs (or reads) the exercise's scenario and resolves every question. Throws
/// UsageError "FILE:LINE: …" when a stop point or an event cannot be found, a line to
/// order is not printed, etc., and for a scenario that does not exist.
CheckedExercise check_exercise(Exercise exercise);

/// The answer as it is shown: "Waiting:  1", "Task-2", "h5 …, h6 …", "3.0", "b, a, c".
std::string answer_text(const Question& question, const Resolved& resolved);
/// Is `answer` (as the student typed it) right? Whitespace and letter case do not
/// matter; a ready queue is given front first, separated by commas ("empty" if it is
/// empty), each entry as its callback with or without its arguments.
bool is_right(const Question& question, const Resolved& resolved, std::string_view answer);

}  // namespace coolio::cli

// exercise.hpp — an exercise file: a scenario, stop points, questions, hints.
//
// A teacher writes exercises as small text files (exercises/README.md documents the
// format); nothing in them is C++. read_exercise() checks the file's form and says
// what is wrong as "FILE:LINE: …". It does not hold the answers: they come from the
// scenario's trace (exercise_check.hpp), so an exercise can never disagree with what
// the loop really does.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::cli {

/// A text in each language; "" where the file gives none.
struct Text {
    std::string en, zh;
    /// The text in `lang`, or the English one when that language has none.
    const std::string& in(std::string_view lang) const { return lang == "zh" && !zh.empty() ? zh : en; }
    bool empty() const { return en.empty(); }
};

/// A value and the line of the file it was on (for error messages).
struct Located {
    std::string value;
    std::size_t line = 0;
};

/// The question kinds, as the file names them.
enum class QuestionKind {
    next_print,   ///< what is printed next?
    next_task,    ///< which task runs (takes a step) next?
    ready_queue,  ///< what is in the ready queue now, front first?
    time_of,      ///< at what loop time does EVENT happen?
    ticks_until,  ///< how many ticks from now until EVENT?
    print_order,  ///< put these lines in the order they are printed
    how_many,     ///< how many EVENTs happen from now to the end of the run?
    next_trap,    ///< which trap does the kernel get next? (curio)
};
std::string_view kind_name(QuestionKind kind);

struct Question {
    QuestionKind kind = QuestionKind::next_print;
    std::size_t line = 0;           ///< the line of `question:`
    std::optional<Located> at;      ///< the stop point; none: the previous question's
    std::vector<std::string> show;  ///< what to show before asking: prints, state, events
    Text ask, hint, explain;
    std::optional<Located> event;   ///< time_of, ticks_until: which event; how_many: which events
    std::vector<Located> lines;     ///< print_order: the lines to order
    std::optional<Located> count;   ///< print_order: or the next COUNT printed lines
};

struct Exercise {
    std::string path;  ///< the file, as given
    std::string name;  ///< the file name without its directory and extension
    Text title, intro;
    Located scenario;    ///< a built-in scenario, or a trace file (relative to the exercise)
    Located runtime{"asyncio", 0};  ///< which runtime runs a built-in scenario: asyncio, or curio (dual scenarios)
    std::string program;  ///< the program as shown to the student (the `| ` lines)
    std::vector<Question> questions;

    /// The scenario as listings show it: "sleep_wait", "sleep_wait on curio".
    std::string source() const { return scenario.value + (runtime.value == "asyncio" ? "" : " on " + runtime.value); }
};

/// Reads and checks the form of the exercise file at `path`. Throws UsageError
/// "FILE:LINE: what is wrong" (or "FILE: …" for a file that cannot be read).
Exercise read_exercise(const std::string& path);
/// The same for text held in memory; `path` names it in messages.
Exercise parse_exercise(std::string_view text, const std::string& path);

/// The file extension of exercise files.
inline constexpr std::string_view EXERCISE_EXTENSION = ".exercise";

}  // namespace coolio::cli

// print.hpp — Python's print(), for coroutine programs.
//
// Scenario code prints through coolio::print rather than std::cout so that the line
// is written where the loop says (the terminal, or nowhere while a narration is being
// built) and so that the tracer records who printed what, and when.
#pragma once

#include <string>
#include <string_view>

#include "coolio/repr.hpp"

namespace coolio {

/// Writes one line: `text` and a newline, to the current loop's output (std::cout when
/// there is no loop), and reports it to the loop's observer with the current task.
void print_line(std::string_view text);

/// Python's print(*args): each argument's str(), separated by one space.
/// print("Waiting: ", 1) writes "Waiting:  1", just as Python does.
template <class... Args>
void print(const Args&... args) {
    std::string line;
    bool first = true;
    ((line += (first ? "" : " "), line += str(args), first = false), ...);
    print_line(line);
}

}  // namespace coolio

// warnings.hpp — Python's warnings module, reduced to what coolio itself emits.
//
// Some mistakes are not errors anyone can catch: a coroutine that is made and then
// dropped without ever running has nobody to raise to. Python reports it as a
// RuntimeWarning ("coroutine 'main' was never awaited") through the warnings module,
// which prints to stderr unless a program installs its own hook. coolio does the same:
// warn() hands the warning to this thread's handler, by default a line on stderr.
//
// Why not the loop's exception handler: a coroutine object belongs to no loop until a
// task runs it (it may be made before any loop exists, or on a loop's thread that has
// none), exactly as in Python, where such warnings never go through the loop either.
#pragma once

#include <functional>
#include <string>

namespace coolio {

/// One warning: its category ("RuntimeWarning") and its text.
struct Warning {
    const char* category;
    std::string message;
};

using WarningHandler = std::function<void(const Warning&)>;

/// Replaces this thread's warning handler (null: the default, which writes
/// "RuntimeWarning: <message>" to stderr, as Python's warnings.showwarning does).
/// Returns the handler it replaced. Per thread, like the running loop.
WarningHandler set_warning_handler(WarningHandler handler);

/// Emits a warning to this thread's handler. Never throws: a handler that throws is
/// ignored, since warnings are emitted from destructors.
void warn(const char* category, std::string message) noexcept;

}  // namespace coolio

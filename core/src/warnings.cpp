#include "coolio/warnings.hpp"

#include <iostream>
#include <utility>

namespace coolio {

namespace {
thread_local WarningHandler warning_handler;
}  // namespace

WarningHandler set_warning_handler(WarningHandler handler) {
    return std::exchange(warning_handler, std::move(handler));
}

void warn(const char* category, std::string message) noexcept {
    try {
        Warning warning{category, std::move(message)};
        if (warning_handler) warning_handler(warning);
        else std::cerr << warning.category << ": " << warning.message << std::endl;
    } catch (...) {
        // Called from destructors: a failing handler loses the warning, nothing more.
    }
}

}  // namespace coolio

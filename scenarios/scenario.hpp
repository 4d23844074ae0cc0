// scenario.hpp — the built-in programs that `coolio-trace run` knows by name.
//
// Each scenario is a small coroutine program written against coolio the way a
// student would write it against asyncio; scenarios/python/NAME.py holds the same
// program in Python, and a test checks that both print the same lines.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/base_events.hpp"
#include "coolio/tracer/sinks.hpp"

namespace coolio::scenarios {

/// One runnable program.
struct Scenario {
    std::string_view name;     ///< what `coolio-trace run NAME` takes
    std::string_view summary;  ///< one line for `coolio-trace list`
    void (*main)(EventLoop& loop);  ///< the program; `loop` is already the current loop
    /// Empty when the program steps its tasks exactly as its Python twin does on
    /// CPython; otherwise why it deliberately does not (it still prints the same).
    std::string_view differs_from_cpython = {};
};

/// Every built-in scenario, in the order `list` shows them.
const std::vector<Scenario>& all();
/// The scenario called `name`, or null.
const Scenario* find(std::string_view name);
/// "sleep_wait, call_soon_tasks, …" for error messages.
std::string names();

/// How to run a scenario.
struct RunOptions {
    std::string clock = "virtual";         ///< "virtual" or "real"
    tracer::Sink* sink = nullptr;          ///< where the trace goes; null: not traced
    std::ostream* output = nullptr;        ///< where print() writes; null: nowhere
};

/// How the run went.
struct RunResult {
    bool ok = true;
    std::string error;         ///< what the program raised, if it raised
    std::uint64_t events = 0;  ///< trace lines written
};

/// Runs `scenario` on a new loop (closed afterwards). The program's own errors are
/// caught and reported in the result and in the trace's trace.end event.
RunResult run(const Scenario& scenario, const RunOptions& options);

}  // namespace coolio::scenarios

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
#include "coolio/curio/kernel.hpp"
#include "coolio/tracer/sinks.hpp"

namespace coolio::scenarios {

/// One runnable program.
///
/// A *dual* scenario has a second version of the same program for the curio kernel,
/// written in the same file right under the asyncio version and as close to it line
/// for line as the two APIs allow. Both must print the same lines; `coolio-trace
/// compare NAME` shows what each runtime did to print them.
struct Scenario {
    std::string_view name;     ///< what `coolio-trace run NAME` takes
    std::string_view summary;  ///< one line for `coolio-trace list`
    void (*main)(EventLoop& loop);  ///< the program; `loop` is already the current loop
    /// Empty when the program steps its tasks exactly as its Python twin does on
    /// CPython; otherwise why it deliberately does not (it still prints the same).
    std::string_view differs_from_cpython = {};
    /// The same program on the curio kernel, or null if it has none.
    void (*curio_main)(curio::Kernel& kernel) = nullptr;

    bool is_dual() const noexcept { return curio_main != nullptr; }
};

/// The runtimes a scenario can run on.
inline constexpr std::string_view ASYNCIO = "asyncio";
inline constexpr std::string_view CURIO = "curio";

/// Every built-in scenario, in the order `list` shows them.
const std::vector<Scenario>& all();
/// The scenario called `name`, or null.
const Scenario* find(std::string_view name);
/// "sleep_wait, call_soon_tasks, …" for error messages.
std::string names();
/// The same, of the dual scenarios only.
std::string dual_names();

/// How to run a scenario.
struct RunOptions {
    std::string clock = "virtual";         ///< "virtual" or "real"
    tracer::Sink* sink = nullptr;          ///< where the trace goes; null: not traced
    std::ostream* output = nullptr;        ///< where print() writes; null: nowhere
    std::string runtime = "asyncio";       ///< "asyncio", or "curio" for a dual scenario
};

/// How the run went.
struct RunResult {
    bool ok = true;
    std::string error;         ///< what the program raised, if it raised
    std::uint64_t events = 0;  ///< trace lines written
};

/// Runs `scenario` on a new loop (closed afterwards), or on a new curio kernel when
/// options.runtime is "curio" (ValueError if the scenario has no curio version).
/// The program's own errors are caught and reported in the result and in the trace's
/// trace.end event.
RunResult run(const Scenario& scenario, const RunOptions& options);

}  // namespace coolio::scenarios

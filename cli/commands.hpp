// commands.hpp — the subcommands of coolio-trace, one file each.
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace coolio::cli {

/// A problem with what the user asked for (a name, a path, an option): printed as
/// one line "coolio-trace: …" and exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The scenario `name` for `runtime` ("asyncio" or "curio"); UsageError if there is
/// no such scenario or it has no version for that runtime. (cmd_run.cpp)
const scenarios::Scenario& find_scenario(const std::string& name, const std::string& runtime);
/// Where `run` writes a scenario's trace by default.
std::string default_trace_path(const std::string& scenario, const std::string& runtime);

/// Each add_* registers a subcommand on `app`; its callback does the work.
void add_list(CLI::App& app);
void add_run(CLI::App& app);
void add_diff(CLI::App& app);
void add_py(CLI::App& app);
void add_view(CLI::App& app);    // and the hidden web-data
void add_export(CLI::App& app);
void add_step(CLI::App& app);
void add_show(CLI::App& app);
void add_exercise(CLI::App& app);

/// Adds `--lang en|zh` to `cmd`; an empty `lang` afterwards means "not given" (then
/// tracer::default_language() decides, from LC_ALL, LC_MESSAGES or LANG).
void add_lang_option(CLI::App& cmd, std::string& lang);
void add_compare(CLI::App& app);

/// A trace to embed in a viewer page: its text and the file name it is shown under.
struct PageTrace {
    std::string text;
    std::string name;
};
/// Writes the self-contained viewer page holding `traces` (one, or two side by side)
/// to `output`; UsageError if it cannot be written. (cmd_view.cpp)
void write_view_page(const std::vector<PageTrace>& traces, const std::string& output);

}  // namespace coolio::cli

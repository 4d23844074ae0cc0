// commands.hpp — the subcommands of coolio-trace, one file each.
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace coolio::cli {

/// A problem with what the user asked for (a name, a path, an option): printed as
/// one line "coolio-trace: …" and exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

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

}  // namespace coolio::cli

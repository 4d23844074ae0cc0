// commands.hpp — the subcommands of coolio-trace, one file each.
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>
#include <string_view>

#include "coolio/tracer/messages.hpp"
#include "scenario.hpp"

namespace coolio::cli {

/// The message `key` of the messages table (tracer/messages.hpp) in `lang`, filled in
/// with `args`.
template <class... Args>
std::string msg(std::string_view lang, std::string_view key, const Args&... args) {
    return fmt::format(fmt::runtime(tracer::message(key, lang)), args...);
}

/// A problem with what the user asked for (a name, a path, an option): printed as
/// one line "coolio-trace: …" and exit code 2, in the command's language. It holds
/// the line in every language: the language is known only once the whole command
/// line has been parsed, and some errors are found while parsing it.
class UsageError : public std::runtime_error {
public:
    UsageError(std::string en, std::string zh) : std::runtime_error(en), zh_(std::move(zh)) {}
    /// The message in `lang` (what() is the English one).
    std::string in(std::string_view lang) const { return lang == "zh" ? zh_ : what(); }
    /// The same error with `prefix` ("FILE:LINE: ") before it in every language.
    UsageError prefixed(const std::string& prefix) const { return UsageError(prefix + what(), prefix + zh_); }

private:
    std::string zh_;
};

/// The UsageError of message `key` filled in with `args`: throw usage_error("error.…", …).
template <class... Args>
UsageError usage_error(std::string_view key, const Args&... args) {
    return UsageError(msg("en", key, args...), msg("zh", key, args...));
}

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

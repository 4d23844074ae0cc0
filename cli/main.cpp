// coolio-trace — run coroutine programs on coolio and look at what the loop did.
#include <iostream>

#include "commands.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/tracer/messages.hpp"
#include "coolio/tracer/trace_reader.hpp"

namespace {

// The language of the command that ran: its --lang if it has one and it was given
// (in a subcommand of a subcommand too: exercise run …), else from the environment.
std::string command_language(const CLI::App& app) {
    for (const CLI::App* sub : app.get_subcommands()) {
        const CLI::Option* lang = sub->get_option_no_throw("--lang");
        if (lang && lang->count() > 0) return lang->as<std::string>();
        std::string nested = command_language(*sub);
        if (!nested.empty()) return nested;
    }
    return app.get_parent() ? "" : coolio::tracer::default_language();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"coolio-trace: watch an asyncio-style event loop work, one event at a time"};
    app.set_version_flag("--version", "coolio-trace 0.1.0 (trace format 1)");
    app.require_subcommand(1);
    coolio::cli::add_list(app);
    coolio::cli::add_run(app);
    coolio::cli::add_diff(app);
    coolio::cli::add_py(app);
    coolio::cli::add_view(app);
    coolio::cli::add_export(app);
    coolio::cli::add_step(app);
    coolio::cli::add_show(app);
    coolio::cli::add_exercise(app);
    coolio::cli::add_compare(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::RuntimeError& e) {
        return e.get_exit_code();  // the command already said what went wrong
    } catch (const CLI::ParseError& e) {
        std::cerr << "coolio-trace: " << e.what() << " (see coolio-trace --help)\n";
        return 2;
    } catch (const coolio::cli::UsageError& e) {
        std::cerr << "coolio-trace: " << e.in(command_language(app)) << "\n";
        return 2;
    } catch (const coolio::tracer::TraceError& e) {
        std::cerr << "coolio-trace: " << e.what() << "\n";
        return 2;
    } catch (const coolio::OSError& e) {
        std::cerr << "coolio-trace: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

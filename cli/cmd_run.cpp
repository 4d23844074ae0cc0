#include <fmt/format.h>

#include <cstring>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/tracer/messages.hpp"
#include "coolio/tracer/narrate.hpp"
#include "coolio/tracer/trace_reader.hpp"
#include "scenario.hpp"

namespace coolio::cli {

namespace {

struct RunArgs {
    std::string scenario;
    std::string output;
    std::string clock = "virtual";
    std::string runtime = "asyncio";
    bool quiet = false;
    std::string lang;
};

// The disk filled up or a file size limit was hit while the trace was being written.
// The path itself was fine (opening it worked), so this is not a usage error: exit 1.
// The run was stopped at the next tick; the file holds whole lines only.
[[noreturn]] void report_write_error(const std::exception_ptr& error, const std::string& path) {
    int err = 0;
    try {
        std::rethrow_exception(error);
    } catch (const OSError& e) {
        err = e.error_number();
    }
    std::cerr << "coolio-trace: writing the trace to '" << path << "' failed: " << std::strerror(err)
              << " (the run was stopped; the file keeps its complete lines)\n";
    throw CLI::RuntimeError(1);
}

void run_command(const RunArgs& args) {
    const scenarios::Scenario& scenario = find_scenario(args.scenario, args.runtime);
    std::string path = args.output.empty() ? default_trace_path(args.scenario, args.runtime) : args.output;

    std::unique_ptr<tracer::FileSink> sink;
    try {
        sink = std::make_unique<tracer::FileSink>(path);
    } catch (const OSError& e) {
        throw usage_error("error.cannot_write_trace", path, std::strerror(e.error_number()));
    }
    // With --quiet the program prints as it runs, like `python3 program.py`; otherwise
    // its lines are shown inside the narration, where they happened.
    scenarios::RunResult result =
        scenarios::run(scenario, {args.clock, sink.get(), args.quiet ? &std::cout : nullptr, args.runtime});
    std::exception_ptr write_error = sink->error();
    sink.reset();  // close the file before reading it back
    if (write_error) report_write_error(write_error, path);

    std::string lang = args.lang.empty() ? tracer::default_language() : args.lang;
    if (!args.quiet) {
        tracer::narrate(tracer::read_trace(path), std::cout, lang);
        std::cout << "\n" << msg(lang, "run.written", path, result.events) << "\n";
    }
    if (!result.ok) {
        std::cerr << "coolio-trace: " << msg(lang, "error.program_raised", result.error) << "\n";
        throw CLI::RuntimeError(1);
    }
}

}  // namespace

const scenarios::Scenario& find_scenario(const std::string& name, const std::string& runtime) {
    const scenarios::Scenario* scenario = scenarios::find(name);
    if (!scenario)
        throw usage_error("error.unknown_scenario", name, scenarios::names());
    if (runtime == scenarios::CURIO && !scenario->is_dual())
        throw usage_error("error.no_curio_version", name, scenarios::dual_names());
    return *scenario;
}

std::string default_trace_path(const std::string& scenario, const std::string& runtime) {
    return runtime == scenarios::CURIO ? scenario + ".curio.trace.jsonl" : scenario + ".trace.jsonl";
}

void add_run(CLI::App& app) {
    auto args = std::make_shared<RunArgs>();
    CLI::App* run = app.add_subcommand("run", "Run a scenario, write its trace and narrate it tick by tick");
    run->add_option("scenario", args->scenario, "Scenario name (see coolio-trace list)")->required();
    run->add_option("-o,--output", args->output,
                    "Trace file to write (default: SCENARIO.trace.jsonl, SCENARIO.curio.trace.jsonl for curio)");
    run->add_option("--runtime", args->runtime,
                    "asyncio: the event loop; curio: the trap-based kernel (dual scenarios only, see list)")
        ->check(CLI::IsMember({"asyncio", "curio"}))
        ->capture_default_str();
    run->add_option("--clock", args->clock, "virtual: sleeps cost no time and runs repeat exactly; real: wall clock")
        ->check(CLI::IsMember({"virtual", "real"}))
        ->capture_default_str();
    run->add_flag("-q,--quiet", args->quiet, "Print only the program's own output, no narration");
    add_lang_option(*run, args->lang);
    run->callback([args] { run_command(*args); });
}

}  // namespace coolio::cli

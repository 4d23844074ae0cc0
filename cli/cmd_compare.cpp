// coolio-trace compare SCENARIO: the same program on asyncio's loop and curio's kernel.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/tracer/trace_compare.hpp"
#include "coolio/tracer/trace_reader.hpp"

namespace coolio::cli {

namespace {

struct CompareArgs {
    std::string scenario;
};

// Runs the scenario on `runtime` with its trace in memory, and reads the trace back.
tracer::Trace traced_run(const scenarios::Scenario& scenario, const std::string& runtime) {
    tracer::MemorySink sink;
    scenarios::RunResult result = scenarios::run(scenario, {"virtual", &sink, nullptr, runtime});
    if (!result.ok) std::cerr << "coolio-trace: on " << runtime << " the program raised " << result.error << "\n";
    return tracer::parse_trace(sink.text(), std::string(scenario.name) + " (" + runtime + ")");
}

void compare_command(const CompareArgs& args) {
    const scenarios::Scenario& scenario = find_scenario(args.scenario, "curio");
    tracer::Comparison comparison =
        tracer::compare_runtimes(traced_run(scenario, "asyncio"), traced_run(scenario, "curio"));
    tracer::write_comparison(comparison, args.scenario, std::cout);
    if (!comparison.same_prints()) throw CLI::RuntimeError(1);
}

}  // namespace

void add_compare(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    CLI::App* compare = app.add_subcommand(
        "compare", "Run a dual scenario on asyncio and on curio; show both side by side (exit 1 if the prints differ)");
    compare->add_option("scenario", args->scenario, "A dual scenario (see coolio-trace list)")->required();
    compare->callback([args] { compare_command(*args); });
}

}  // namespace coolio::cli

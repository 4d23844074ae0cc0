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
    std::string view;  // --view PAGE: also write the viewer page of both traces
};

// Runs the scenario on `runtime` with its trace in memory; returns the trace's text.
std::string traced_run(const scenarios::Scenario& scenario, const std::string& runtime) {
    tracer::MemorySink sink;
    scenarios::RunResult result = scenarios::run(scenario, {"virtual", &sink, nullptr, runtime});
    if (!result.ok) std::cerr << "coolio-trace: on " << runtime << " the program raised " << result.error << "\n";
    return sink.text();
}

void compare_command(const CompareArgs& args) {
    const scenarios::Scenario& scenario = find_scenario(args.scenario, "curio");
    const std::string name(scenario.name);
    const std::string asyncio_text = traced_run(scenario, "asyncio"), curio_text = traced_run(scenario, "curio");
    tracer::Comparison comparison = tracer::compare_runtimes(tracer::parse_trace(asyncio_text, name + " (asyncio)"),
                                                             tracer::parse_trace(curio_text, name + " (curio)"));
    // The same two runs in the viewer: two timelines on one time axis. (Written first,
    // so that a path that cannot be written is the only thing said.)
    if (!args.view.empty())
        write_view_page({{asyncio_text, name + ".trace.jsonl"}, {curio_text, name + ".curio.trace.jsonl"}}, args.view);
    tracer::write_comparison(comparison, args.scenario, std::cout);
    if (!args.view.empty()) std::cout << "\nWrote " << args.view << ": both traces side by side; open it in a web browser.\n";
    if (!comparison.same_prints()) throw CLI::RuntimeError(1);
}

}  // namespace

void add_compare(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    CLI::App* compare = app.add_subcommand(
        "compare", "Run a dual scenario on asyncio and on curio; show both side by side (exit 1 if the prints differ)");
    compare->add_option("scenario", args->scenario, "A dual scenario (see coolio-trace list)")->required();
    compare->add_option("--view", args->view, "Also write PAGE: the viewer with both traces side by side (one HTML file)");
    compare->callback([args] { compare_command(*args); });
}

}  // namespace coolio::cli

// cmd_export.cpp — `coolio-trace export TRACE --format chrome`: the trace for Perfetto.
//
// The Chrome Trace Event Format (tracer/include/coolio/tracer/chrome_export.hpp says
// how lanes, arrows and time are mapped) opens in ui.perfetto.dev and chrome://tracing.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/tracer/chrome_export.hpp"
#include "coolio/tracer/trace_reader.hpp"

namespace coolio::cli {

namespace {

struct ExportArgs {
    std::string trace;
    std::string format = "chrome";
    std::string output;
};

/// "run.trace.jsonl" → "run.chrome.json".
std::string default_output(const std::string& trace) {
    for (std::string_view suffix : {".trace.jsonl", ".jsonl"}) {
        if (trace.size() > suffix.size() && trace.ends_with(suffix))
            return trace.substr(0, trace.size() - suffix.size()) + ".chrome.json";
    }
    return trace + ".chrome.json";
}

void export_command(const ExportArgs& args) {
    // FILE:LINE and exit 2 if broken, or if its events contradict each other (as step,
    // show and view refuse it: one trace, one answer).
    tracer::Trace trace = tracer::read_trace(args.trace, tracer::Checks::state);
    for (const std::string& warning : trace.warnings) std::cerr << "coolio-trace: warning: " << warning << "\n";
    std::string text = tracer::chrome_trace(trace).dump();
    text += '\n';

    if (args.output == "-") {
        std::cout << text;
        return;
    }
    std::string output = args.output.empty() ? default_output(args.trace) : args.output;
    std::ofstream out(output, std::ios::binary);
    if (!out || !out.write(text.data(), std::streamsize(text.size())) || !out.flush())
        throw usage_error("error.cannot_write", output, std::strerror(errno));
    std::cout << "Wrote " << output << ": open it in ui.perfetto.dev or chrome://tracing.\n";
}

}  // namespace

void add_export(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App* cmd = app.add_subcommand("export", "Convert TRACE for other tools (chrome: Perfetto, chrome://tracing)");
    cmd->add_option("trace", args->trace, "The trace file (*.trace.jsonl)")->required();
    cmd->add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"chrome"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", args->output, "File to write, - for standard output (default: TRACE → .chrome.json)");
    cmd->callback([args] { export_command(*args); });
}

}  // namespace coolio::cli

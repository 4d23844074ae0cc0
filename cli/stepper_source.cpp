#include "stepper_source.hpp"

#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/tracer/sinks.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "scenario.hpp"

namespace coolio::cli {

namespace {

bool looks_like_path(const std::string& arg) {
    return arg.find('/') != std::string::npos || arg.ends_with(".jsonl") || arg.ends_with(".json");
}

tracer::TraceEvents run_scenario(const scenarios::Scenario& scenario, const std::string& save_as,
                                 const std::string& runtime) {
    // The program's own output is not printed: its print events are in the trace.
    if (save_as.empty()) {
        tracer::MemorySink sink;
        scenarios::run(scenario, {"virtual", &sink, nullptr, runtime});
        return tracer::parse_trace_events(sink.text(), "scenario " + std::string(scenario.name));
    }
    {
        std::unique_ptr<tracer::FileSink> sink;
        try {
            sink = std::make_unique<tracer::FileSink>(save_as);
        } catch (const OSError& e) {
            throw usage_error("error.cannot_write_trace", save_as, std::strerror(e.error_number()));
        }
        scenarios::run(scenario, {"virtual", sink.get(), nullptr, runtime});
    }  // the sink is closed here, before the file is read back
    return tracer::read_trace_events(save_as);
}

}  // namespace

tracer::Timeline open_trace_or_scenario(const std::string& arg, const std::string& save_as, const std::string& runtime) {
    std::error_code ec;
    tracer::TraceEvents trace;
    const scenarios::Scenario* scenario = scenarios::find(arg);
    if (std::filesystem::exists(arg, ec) || (looks_like_path(arg) && !scenario)) {
        trace = tracer::read_trace_events(arg);  // a missing file: TraceError "FILE: cannot open: …"
    } else if (scenario) {
        trace = run_scenario(find_scenario(arg, runtime), save_as, runtime);
    } else {
        throw usage_error("error.not_trace_or_scenario", arg, scenarios::names());
    }
    // Fold it before warning: a trace that is also malformed gets one message, its error.
    tracer::Timeline timeline(std::move(trace));
    for (const std::string& warning : timeline.trace().warnings) std::cerr << "coolio-trace: warning: " << warning << "\n";
    return timeline;
}

}  // namespace coolio::cli

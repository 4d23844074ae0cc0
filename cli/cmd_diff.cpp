#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/tracer/trace_diff.hpp"

namespace coolio::cli {

void add_diff(CLI::App& app) {
    struct Args {
        std::string a, b;
        bool lines_only = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "diff", "Compare two traces: printed lines, the order of task steps, and their ticks (exit 1 if they differ)");
    cmd->add_option("a", args->a, "First trace (.trace.jsonl)")->required();
    cmd->add_option("b", args->b, "Second trace")->required();
    cmd->add_flag("--lines-only", args->lines_only,
                  "Check each line, not that the events agree with each other (CPython's traces of I/O "
                  "scenarios run selector callbacks that no io.watch registered)");
    cmd->callback([args] {
        // Both checked as step and view check them: a broken one is exit 2, not a diff.
        auto checks = args->lines_only ? tracer::Checks::lines : tracer::Checks::state;
        tracer::Trace a = tracer::read_trace(args->a, checks);
        tracer::Trace b = tracer::read_trace(args->b, checks);
        for (const auto* warnings : {&a.warnings, &b.warnings})
            for (const std::string& warning : *warnings) std::cerr << "coolio-trace: warning: " << warning << "\n";
        tracer::TraceDiff diff = tracer::diff_traces(a, b);
        tracer::write_diff_report(diff, args->a, args->b, std::cout);
        // As diff(1): 0 when the same, 1 when different (2 is kept for bad input).
        if (!diff.same_prints() || !diff.same_steps() || !diff.same_ticks()) throw CLI::RuntimeError(1);
    });
}

}  // namespace coolio::cli

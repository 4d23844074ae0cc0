// cmd_step.cpp — `coolio-trace step TRACE|SCENARIO`: walk through a run, event by event.
//
// The session itself is StepperSession (stepper_session.hpp); this file only turns
// the command line into one. Commands are read from stdin, so a walk can be scripted:
//   printf 'n\nn\nstate\n' | coolio-trace step sleep_wait
#include <unistd.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/tracer/messages.hpp"
#include "stepper_session.hpp"
#include "stepper_source.hpp"

namespace coolio::cli {

namespace {

struct StepArgs {
    std::string trace;
    std::string output;
    std::string color = "auto";
    std::string lang;
};

void step_command(const StepArgs& args) {
    tracer::Timeline timeline = open_trace_or_scenario(args.trace, args.output);
    StepperSession session(timeline, std::cout, Style::from_option(args.color),
                           args.lang.empty() ? tracer::default_language() : args.lang);
    session.run(std::cin, isatty(STDIN_FILENO));
}

}  // namespace

void add_step(CLI::App& app) {
    auto args = std::make_shared<StepArgs>();
    CLI::App* cmd = app.add_subcommand("step", "Step through a trace (or a scenario's run), forward and back, with the loop's state");
    cmd->add_option("trace", args->trace, "A trace file, or a scenario name (see coolio-trace list) to run first")->required();
    cmd->add_option("-o,--output", args->output, "When running a scenario: also write its trace to this file");
    cmd->add_option("--color", args->color, "auto: colour when stdout is a terminal and NO_COLOR is unset")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    add_lang_option(*cmd, args->lang);
    cmd->callback([args] { step_command(*args); });
}

}  // namespace coolio::cli

// cmd_show.cpp — `coolio-trace show TRACE|SCENARIO`: the events, one a line, filtered.
//
// With --states, each selected event gives instead one JSON line: the loop's state
// just after it (the shape is in state_json.hpp and docs/state-model.md). The
// browser viewer's state model is tested against these lines.
#include <iostream>
#include <map>
#include <memory>

#include "commands.hpp"
#include "coolio/tracer/state_json.hpp"
#include "stepper_filter.hpp"
#include "stepper_format.hpp"
#include "stepper_source.hpp"

namespace coolio::cli {

namespace {

struct ShowArgs {
    std::string trace;
    std::string output;
    std::vector<std::string> kinds, tasks, ticks, prints;
    bool states = false;
    std::string color = "auto";
};

// Filters of one type are alternatives (--kind A --kind B: either kind); filters of
// different types must all hold (--kind A --task T: events of kind A involving T).
class Selection {
public:
    Selection(const ShowArgs& args, const tracer::Timeline& timeline) {
        add("kind", args.kinds, timeline);
        add("task", args.tasks, timeline);
        add("tick", args.ticks, timeline);
        add("print", args.prints, timeline);
    }
    bool selects(const tracer::Event& event, const tracer::Timeline& timeline) const {
        for (const auto& [type, alternatives] : by_type_) {
            bool any = false;
            for (const EventFilter& filter : alternatives) any = any || filter.matches(event, timeline);
            if (!any) return false;
        }
        return true;
    }

private:
    void add(std::string_view type, const std::vector<std::string>& values, const tracer::Timeline& timeline) {
        for (const std::string& value : values) {
            EventFilter filter = EventFilter::parse(type, value, timeline);
            by_type_[filter.type()].push_back(filter);
        }
    }
    std::map<EventFilter::Type, std::vector<EventFilter>> by_type_;
};

void show_command(const ShowArgs& args) {
    tracer::Timeline timeline = open_trace_or_scenario(args.trace, args.output);
    Selection selection(args, timeline);
    Style style = Style::from_option(args.color);
    std::string out;  // written in large pieces: a million lines should not mean a million writes
    auto flush = [&] {
        std::cout << out;
        out.clear();
    };
    tracer::LoopState state = timeline.state_at(0);
    for (const tracer::Event& event : timeline.trace().events) {
        if (args.states && event.seq > 0) timeline.advance(state, event.seq);
        if (!selection.selects(event, timeline)) continue;
        if (args.states) tracer::append_state_json(out, state, timeline.trace());
        else out += event_line(event, timeline, style);
        out += '\n';
        if (out.size() > (1 << 16)) flush();
    }
    flush();
    std::cout.flush();
}

}  // namespace

void add_show(CLI::App& app) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand("show", "List the events of a trace (or a scenario's run), one a line, filtered");
    cmd->add_option("trace", args->trace, "A trace file, or a scenario name (see coolio-trace list) to run first")->required();
    cmd->add_option("--kind", args->kinds, "Only events of this kind (repeatable)");
    cmd->add_option("--task", args->tasks, "Only events involving this task, by name or id (repeatable)");
    cmd->add_option("--tick", args->ticks, "Only events of these ticks: N, A..B, A.. or ..B (repeatable)");
    cmd->add_option("--print", args->prints, "Only print events whose text contains this (repeatable)");
    cmd->add_flag("--states", args->states, "Print the loop's state after each event, as one JSON line");
    cmd->add_option("-o,--output", args->output, "When running a scenario: also write its trace to this file");
    cmd->add_option("--color", args->color, "auto: colour when stdout is a terminal and NO_COLOR is unset")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    cmd->callback([args] { show_command(*args); });
}

}  // namespace coolio::cli

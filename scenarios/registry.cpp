#include <optional>

#include "coolio/coolio.hpp"
#include "coolio/tracer/tracer.hpp"
#include "scenario.hpp"

namespace coolio::scenarios {

// Each scenario's main lives in its own file.
void sleep_wait(EventLoop& loop);
void call_soon_tasks(EventLoop& loop);
void sleep0_round_robin(EventLoop& loop);
void gather_error(EventLoop& loop);

const std::vector<Scenario>& all() {
    static const std::vector<Scenario> scenarios = {
        {"sleep_wait", "the doc's walkthrough: three do_some_work tasks sleep 1, 2, 3 s under wait()", sleep_wait},
        {"call_soon_tasks", "plain call_soon callbacks interleaved with a task's steps", call_soon_tasks},
        {"sleep0_round_robin", "three tasks take turns with sleep(0), one step per tick", sleep0_round_robin},
        {"gather_error", "gather with a failing task, with and without return_exceptions", gather_error},
    };
    return scenarios;
}

const Scenario* find(std::string_view name) {
    for (const Scenario& scenario : all())
        if (scenario.name == name) return &scenario;
    return nullptr;
}

std::string names() {
    std::string out;
    for (const Scenario& scenario : all()) out += (out.empty() ? "" : ", ") + std::string(scenario.name);
    return out;
}

RunResult run(const Scenario& scenario, const RunOptions& options) {
    RunResult result;
    EventLoop loop(make_clock(options.clock));
    loop.set_output(options.output);
    set_event_loop(&loop);
    std::optional<tracer::Tracer> tracer;
    if (options.sink) tracer.emplace(loop, *options.sink, tracer::TraceHeader{std::string(scenario.name)});
    try {
        scenario.main(loop);
    } catch (const InternalError&) {
        set_event_loop(nullptr);
        throw;  // a bug in coolio, not in the program: let it be seen
    } catch (...) {
        result = {false, exception_repr(std::current_exception())};
    }
    if (tracer) {
        tracer->finish(result.ok ? "complete" : "error", result.error);
        result.events = tracer->events();
    }
    set_event_loop(nullptr);
    return result;
}

}  // namespace coolio::scenarios

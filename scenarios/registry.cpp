#include <optional>

#include "coolio/coolio.hpp"
#include "coolio/tracer/crash_guard.hpp"
#include "coolio/tracer/tracer.hpp"
#include "scenario.hpp"

namespace coolio::scenarios {

// Each scenario's main lives in its own file.
void sleep_wait(EventLoop& loop);
void call_soon_tasks(EventLoop& loop);
void sleep0_round_robin(EventLoop& loop);
void gather_error(EventLoop& loop);
void queue_producer_consumer(EventLoop& loop);
void lock_event(EventLoop& loop);
void echo(EventLoop& loop);
void http_get(EventLoop& loop);
void timeout_read(EventLoop& loop);
void nested_awaits(EventLoop& loop);
void wait_modes(EventLoop& loop);
void wait_for_hit_miss(EventLoop& loop);
void cancel_before_start(EventLoop& loop);
void cancel_sleeping(EventLoop& loop);
void cancel_awaiting_task(EventLoop& loop);
void cancel_swallowed(EventLoop& loop);
void shield_cancel(EventLoop& loop);
void as_completed_order(EventLoop& loop);
void semaphore_limit(EventLoop& loop);
void condition_notify(EventLoop& loop);
void never_retrieved(EventLoop& loop);
void timeout_block(EventLoop& loop);
// ...and the curio versions of the dual ones, in the same files.
void sleep_wait_curio(curio::Kernel& kernel);
void sleep0_round_robin_curio(curio::Kernel& kernel);
void queue_producer_consumer_curio(curio::Kernel& kernel);
void cancel_sleeping_curio(curio::Kernel& kernel);
void echo_curio(curio::Kernel& kernel);


const std::vector<Scenario>& all() {
    static const std::vector<Scenario> scenarios = {
        {"sleep_wait", "the doc's walkthrough: three do_some_work tasks sleep 1, 2, 3 s under wait()", sleep_wait, {},
         sleep_wait_curio},
        {"call_soon_tasks", "plain call_soon callbacks interleaved with a task's steps", call_soon_tasks},
        {"sleep0_round_robin", "three tasks take turns with sleep(0), one step per tick", sleep0_round_robin, {},
         sleep0_round_robin_curio},
        {"gather_error", "gather with a failing task, with and without return_exceptions", gather_error},
        {"queue_producer_consumer", "a bounded Queue: put() waits for room, get() for items, join() for task_done()",
         queue_producer_consumer, {}, queue_producer_consumer_curio},
        {"lock_event", "an Event starts three workers; a fair Lock lets them in one at a time", lock_event},
        {"echo", "a TCP echo server and two clients on 127.0.0.1: sock_accept, sock_recv, sock_sendall", echo, {},
         echo_curio},
        {"http_get", "a minimal HTTP/1.0 server and client with streams (start_server, open_connection)", http_get},
        {"timeout_read", "wait_for cancels a slow read; the cancelled sock_recv removes its reader", timeout_read},
        {"nested_awaits", "a coroutine awaits a coroutine that awaits sleep: one task, one await chain", nested_awaits},
        {"wait_modes", "wait() with FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and a timeout", wait_modes},
        {"wait_for_hit_miss", "wait_for in time, and too late: the inner task is cancelled and cleans up", wait_for_hit_miss},
        {"cancel_before_start", "a task cancelled before its first step never runs its body", cancel_before_start},
        {"cancel_sleeping", "cancelling a sleeping task cancels its sleep's future and timer", cancel_sleeping, {},
         cancel_sleeping_curio},
        {"cancel_awaiting_task", "cancelling a task that awaits another task cancels both", cancel_awaiting_task},
        {"cancel_swallowed", "a task catches its CancelledError, uncancel()s, and finishes", cancel_swallowed},
        {"shield_cancel", "shield keeps a cancellation away from the task it guards", shield_cancel},
        {"as_completed_order", "as_completed gives results in the order tasks finish; a timeout ends the wait", as_completed_order},
        {"semaphore_limit", "Semaphore(2): five downloads run two at a time, first come first served", semaphore_limit},
        {"condition_notify", "consumers wait on a Condition; each notify() wakes the oldest", condition_notify},
        {"never_retrieved", "a failed task nobody awaits is reported when freed: 'Task exception was never retrieved'", never_retrieved},
        {"timeout_block", "asyncio.timeout: a deadline on a block in the current task, moved with reschedule()", timeout_block},
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

std::string dual_names() {
    std::string out;
    for (const Scenario& scenario : all())
        if (scenario.is_dual()) out += (out.empty() ? "" : ", ") + std::string(scenario.name);
    return out;
}

namespace {

// A trace going to a file is made crash-safe: SIGINT, SIGTERM, SIGHUP and abort()
// still end it with trace.end (crash_guard.hpp). Traces kept in memory need no guard.
void guard_trace_file(std::optional<tracer::CrashGuard>& guard, std::optional<tracer::Tracer>& tracer,
                      const RunOptions& options) {
    if (auto* file = dynamic_cast<tracer::FileSink*>(options.sink)) guard.emplace(*tracer, *file);
}

// The curio half of run(): the same steps on a kernel.
RunResult run_curio(const Scenario& scenario, const RunOptions& options) {
    RunResult result;
    curio::Kernel kernel(make_clock(options.clock));
    kernel.set_output(options.output);
    std::optional<tracer::Tracer> tracer;
    if (options.sink) tracer.emplace(kernel, *options.sink, tracer::TraceHeader{std::string(scenario.name)});
    std::optional<tracer::CrashGuard> guard;
    guard_trace_file(guard, tracer, options);
    try {
        scenario.curio_main(kernel);
    } catch (const InternalError&) {
        throw;
    } catch (...) {
        result = {false, exception_repr(std::current_exception())};
    }
    if (tracer) {
        tracer->finish(result.ok ? "complete" : "exception", result.error);
        result.events = tracer->events();
    }
    return result;
}

}  // namespace

RunResult run(const Scenario& scenario, const RunOptions& options) {
    if (options.runtime == CURIO) {
        if (!scenario.is_dual()) throw ValueError("scenario '" + std::string(scenario.name) + "' has no curio version");
        return run_curio(scenario, options);
    }
    if (options.runtime != ASYNCIO) throw ValueError("unknown runtime '" + options.runtime + "'");
    RunResult result;
    EventLoop loop(make_clock(options.clock));
    loop.set_output(options.output);
    set_event_loop(&loop);
    std::optional<tracer::Tracer> tracer;
    if (options.sink) tracer.emplace(loop, *options.sink, tracer::TraceHeader{std::string(scenario.name)});
    std::optional<tracer::CrashGuard> guard;
    guard_trace_file(guard, tracer, options);
    try {
        scenario.main(loop);
    } catch (const InternalError&) {
        set_event_loop(nullptr);
        throw;  // a bug in coolio, not in the program: let it be seen
    } catch (...) {
        result = {false, exception_repr(std::current_exception())};
    }
    if (tracer) {
        tracer->finish(result.ok ? "complete" : "exception", result.error);
        result.events = tracer->events();
    }
    set_event_loop(nullptr);
    return result;
}

}  // namespace coolio::scenarios

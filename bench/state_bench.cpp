// state_bench.cpp — how fast does a million-event trace open, and a jump land?
//
// The stepper promises that opening a trace of a million events and jumping to its
// last event takes under a second. This program makes such a trace with the real
// runtime (100 tasks taking turns with sleep(0) and short sleeps, so the state keeps
// growing: every sleep leaves a done future behind), then times each part:
//   read    read_trace_events: the file into compact events (every line checked)
//   fold    Timeline: one fold of all events, keeping checkpoints
//   last    state_at(last event)
//   jumps   state_at(random events), and one step back from the end
// and, with --json, what read_trace (a JSON tree per line) takes on the same file.
// Each figure is wall time, with the CPU time the process used in brackets: on a
// busy machine the second is the fairer one. It measures only; nothing here fails on
// a slow machine.
//
//   build/bin/state_bench [--events N] [--trace FILE] [--json]
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

#include "coolio/coolio.hpp"
#include "coolio/tracer/timeline.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "coolio/tracer/trace_reader.hpp"
#include "coolio/tracer/tracer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The CPU time this process has used, in seconds.
double cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

long peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;  // Linux reports kilobytes
}

coolio::Coro<void> worker(int id, const coolio::tracer::Tracer& tracer, std::uint64_t target) {
    for (int round = 0; tracer.events() < target; ++round) {
        if (round % 3 == 0) co_await coolio::sleep(0.001 * (id % 7 + 1));
        else co_await coolio::sleep(0);
        if (round % 50 == 0) coolio::print("worker", id, "round", round);
    }
}

coolio::Coro<void> workers(const coolio::tracer::Tracer& tracer, std::uint64_t target) {
    std::vector<coolio::Coro<void>> all;
    for (int id = 0; id < 100; ++id) all.push_back(worker(id, tracer, target));
    co_await coolio::gather(std::move(all));
}

// Runs the workers until the trace has about `target` events.
void make_trace(const std::string& path, std::uint64_t target) {
    coolio::EventLoop loop;
    loop.set_output(nullptr);
    coolio::set_event_loop(&loop);
    coolio::tracer::FileSink sink(path);
    coolio::tracer::Tracer tracer(loop, sink, {"state_bench"});
    loop.run_until_complete(workers(tracer, target));
    tracer.finish();
    coolio::set_event_loop(nullptr);
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t target = 1'000'000;
    std::string path;
    bool compare_json = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--events" && i + 1 < argc) target = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--trace" && i + 1 < argc) path = argv[++i];
        else if (arg == "--json") compare_json = true;
        else {
            std::fprintf(stderr, "usage: state_bench [--events N] [--trace FILE] [--json]\n");
            return 2;
        }
    }
    bool temporary = path.empty();
    if (temporary) path = (std::filesystem::temp_directory_path() / "coolio-state-bench.trace.jsonl").string();

    if (temporary || !std::filesystem::exists(path)) {
        auto start = Clock::now();
        make_trace(path, target);
        std::printf("made %s (%.0f MB) in %.2f s\n", path.c_str(), double(std::filesystem::file_size(path)) / 1e6,
                    seconds_since(start));
    }

    auto start = Clock::now();
    double cpu_start = cpu_seconds();
    coolio::tracer::TraceEvents trace = coolio::tracer::read_trace_events(path);
    double read = seconds_since(start), read_cpu = cpu_seconds() - cpu_start;
    std::size_t events = trace.events.size();

    auto fold_start = Clock::now();
    double fold_cpu_start = cpu_seconds();
    coolio::tracer::Timeline timeline(std::move(trace));
    double fold = seconds_since(fold_start), fold_cpu = cpu_seconds() - fold_cpu_start;

    auto last_start = Clock::now();
    double last_cpu_start = cpu_seconds();
    coolio::tracer::LoopState last = timeline.state_at(events - 1);
    double jump_last = seconds_since(last_start), last_cpu = cpu_seconds() - last_cpu_start;
    double total = seconds_since(start), total_cpu = cpu_seconds() - cpu_start;

    std::printf("%zu events, %zu checkpoints; final state: %zu tasks, %zu futures, %zu timers\n", events,
                timeline.checkpoint_count(), last.tasks.size(), last.futures.size(), last.timers.size());
    std::printf("read    %.3f s (cpu %.3f s)\n", read, read_cpu);
    std::printf("fold    %.3f s (cpu %.3f s)\n", fold, fold_cpu);
    std::printf("last    %.4f s (cpu %.4f s)\n", jump_last, last_cpu);
    std::printf("open + jump to the last event: %.3f s (cpu %.3f s)\n", total, total_cpu);

    std::mt19937_64 random(42);
    const int jumps = 200;
    double worst = 0, sum = 0;
    for (int i = 0; i < jumps; ++i) {
        auto jump_start = Clock::now();
        coolio::tracer::LoopState state = timeline.state_at(random() % events);
        double took = seconds_since(jump_start);
        sum += took;
        worst = std::max(worst, took);
    }
    auto back_start = Clock::now();
    coolio::tracer::LoopState back = timeline.state_at(events - 2);
    double step_back = seconds_since(back_start);
    std::printf("random jump: %.2f ms on average, %.2f ms at worst (%d jumps); one step back from the end: %.2f ms\n",
                1e3 * sum / jumps, 1e3 * worst, jumps, 1e3 * step_back);
    std::printf("peak memory: %ld MB\n", peak_rss_mb());

    if (compare_json) {
        auto json_start = Clock::now();
        coolio::tracer::Trace tree = coolio::tracer::read_trace(path);
        std::printf("for comparison, read_trace (a JSON tree per line): %.3f s, peak memory %ld MB\n",
                    seconds_since(json_start), peak_rss_mb());
    }
    if (temporary) std::filesystem::remove(path);
    return 0;
}

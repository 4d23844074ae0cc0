// coolio_bench.cpp — the seven workloads of docs/performance.md, on coolio.
//
// Each run does one workload N times over and prints one JSON line:
//   {"runtime":"coolio","workload":"tasks","n":100000,"seconds":0.041,
//    "ops_per_sec":2.4e6,"traced":false,"events":0,"peak_rss_kb":12345}
// bench/peers.py runs the same workloads, with the same N and the same line, on
// CPython's asyncio and on uvloop; bench/compare runs both in turns and writes the
// table. The last field, cpu_seconds, is the CPU time of the whole workload (set-up
// included): on a busy machine it is the fairer figure. Only the part named "timed" below is timed: setting up (and, for
// callbacks, queuing the N callbacks) is not. With --trace FILE every event of the
// run is written to FILE as JSON Lines, and "events" counts the lines.
//
// The workloads:
//   callbacks        N callbacks queued with call_soon before the loop starts
//   callbacks-chain  each callback call_soon's the next: one ready handle per tick
//   tasks            N tasks, each awaits sleep(0) once and returns; gathered
//   pingpong         two tasks pass a token N times through futures
//   timers           N call_later timers, delays spread over 0..50 ms (seeded)
//   sleepers         N tasks, each sleeps a random 0..10 ms (seeded); gathered
//   echo             N round trips of 64 bytes over 127.0.0.1 (sock_* calls)
//   sink             not a workload: N trace events straight into the JSONL file
//                    sink, to measure what the tracer alone sustains
// Every loop runs on the real (monotonic) clock, like asyncio's.
//
//   build/bin/coolio-bench WORKLOAD [--n N] [--trace FILE]
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coolio/coolio.hpp"
#include "coolio/tracer/sinks.hpp"
#include "coolio/tracer/tracer.hpp"

namespace {

using namespace coolio;
using Stopwatch = std::chrono::steady_clock;

double seconds_since(Stopwatch::time_point start) {
    return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

/// splitmix64: a tiny seeded generator that bench/peers.py repeats bit for bit, so
/// that the timers and sleepers workloads draw the same delays in both runtimes.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    /// A number in [0, 1).
    double uniform() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return double(z >> 11) * 0x1.0p-53;
    }

private:
    std::uint64_t state_;
};
constexpr std::uint64_t SEED = 42;

// Each workload gets a fresh loop and N, and returns the seconds its timed part took.
using Workload = std::function<double(EventLoop&, std::uint64_t)>;

// ---- callbacks ----

// What the callbacks of callbacks and timers share: each callback captures one
// pointer to it, which a handle's Callback keeps in place. (A closure capturing the
// loop, a counter and N by reference is three pointers, too big for that: every
// callback would then cost a heap block of its own, made and later read from
// somewhere else in memory.)
struct Countdown {
    EventLoop& loop;
    std::uint64_t left;
    void tick() {
        if (--left == 0) loop.stop();
    }
};

double callbacks(EventLoop& loop, std::uint64_t n) {
    Countdown countdown{loop, n};
    for (std::uint64_t i = 0; i < n; ++i) loop.call_soon([&countdown] { countdown.tick(); }, "callback");
    auto start = Stopwatch::now();  // timed: run_forever until the last one stops it
    loop.run_forever();
    return seconds_since(start);
}

// ---- callbacks-chain ----

struct Chain {
    EventLoop& loop;
    std::uint64_t left;
    void next() {
        if (--left == 0) loop.stop();
        else loop.call_soon([this] { next(); }, "chain");
    }
};

double callbacks_chain(EventLoop& loop, std::uint64_t n) {
    Chain chain{loop, n};
    auto start = Stopwatch::now();  // timed: the first call_soon to the last callback
    loop.call_soon([&] { chain.next(); }, "chain");
    loop.run_forever();
    return seconds_since(start);
}

// ---- tasks ----

Coro<void> child() { co_await coolio::sleep(0); }

Coro<void> spawn_and_gather(std::uint64_t n) {
    std::vector<Coro<void>> children;
    children.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) children.push_back(child());
    co_await gather(std::move(children));
}

double tasks(EventLoop& loop, std::uint64_t n) {
    auto start = Stopwatch::now();  // timed: making the tasks, running them, gathering
    loop.run_until_complete(spawn_and_gather(n));
    return seconds_since(start);
}

// ---- pingpong ----

// Two players, each with an inbox future. A player waits for the token in its inbox,
// puts a fresh future there for the next pass, and drops token + 1 into the other's
// inbox. The pass that makes the token reach N is the last.
struct Table {
    EventLoop& loop;
    std::uint64_t n;
    FuturePtr<std::uint64_t> inbox[2];
};

Coro<void> player(Table& table, int me) {
    while (true) {
        std::uint64_t token = co_await table.inbox[me];
        if (token >= table.n) co_return;
        table.inbox[me] = table.loop.create_future<std::uint64_t>();
        table.inbox[1 - me]->set_result(token + 1);
        if (token + 1 >= table.n) co_return;
    }
}

Coro<void> pingpong_match(Table& table) {
    co_await gather(player(table, 0), player(table, 1));
}

double pingpong(EventLoop& loop, std::uint64_t n) {
    Table table{loop, n, {loop.create_future<std::uint64_t>(), loop.create_future<std::uint64_t>()}};
    auto start = Stopwatch::now();  // timed: the first serve to the last pass
    table.inbox[0]->set_result(0);
    loop.run_until_complete(pingpong_match(table));
    return seconds_since(start);
}

// ---- timers ----

double timers(EventLoop& loop, std::uint64_t n) {
    Random random(SEED);
    Countdown countdown{loop, n};
    auto start = Stopwatch::now();  // timed: scheduling them all until the last fired
    for (std::uint64_t i = 0; i < n; ++i)
        loop.call_later(0.050 * random.uniform(), [&countdown] { countdown.tick(); }, "timer");
    loop.run_forever();
    return seconds_since(start);
}

// ---- sleepers ----

Coro<void> sleeper(double delay) { co_await coolio::sleep(delay); }

Coro<void> sleep_and_gather(std::uint64_t n) {
    Random random(SEED);
    std::vector<Coro<void>> all;
    all.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) all.push_back(sleeper(0.010 * random.uniform()));
    co_await gather(std::move(all));
}

double sleepers(EventLoop& loop, std::uint64_t n) {
    auto start = Stopwatch::now();  // timed: making the tasks until the last woke
    loop.run_until_complete(sleep_and_gather(n));
    return seconds_since(start);
}

// ---- echo ----

constexpr std::size_t MESSAGE_SIZE = 64;

Coro<void> echo_server(Socket& listener) {
    auto [conn, address] = co_await sock_accept(listener);
    while (true) {
        std::string data = co_await sock_recv(conn, MESSAGE_SIZE);
        if (data.empty()) break;
        co_await sock_sendall(conn, std::move(data));
    }
}

Coro<void> echo_client(int port, std::uint64_t n) {
    Socket sock = Socket::tcp();
    co_await sock_connect(sock, {"127.0.0.1", port});
    const std::string message(MESSAGE_SIZE, 'x');
    for (std::uint64_t i = 0; i < n; ++i) {
        co_await sock_sendall(sock, message);
        std::size_t received = 0;
        while (received < MESSAGE_SIZE) {
            std::string part = co_await sock_recv(sock, MESSAGE_SIZE - received);
            if (part.empty()) throw RuntimeError("echo: the server closed early");
            received += part.size();
        }
    }
    sock.close();
}

Coro<void> echo_session(std::uint64_t n) {
    Socket listener = Socket::tcp();
    listener.bind({"127.0.0.1", 0});
    listener.listen(1);
    int port = listener.getsockname().port;
    co_await gather(echo_server(listener), echo_client(port, n));
}

double echo(EventLoop& loop, std::uint64_t n) {
    auto start = Stopwatch::now();  // timed: connecting, N round trips, closing
    loop.run_until_complete(echo_session(n));
    return seconds_since(start);
}

// ---- the tracer alone ----

// N call_soon events of a typical handle ("Task-1.__wakeup(Future-2)"), written
// through the tracer into its file sink: the cost of formatting and writing a line.
double sink(EventLoop& loop, std::uint64_t n) {
    auto* tracer = dynamic_cast<tracer::Tracer*>(loop.observer());
    if (!tracer) throw RuntimeError("the sink workload needs --trace FILE");
    auto self = loop.create_future<None>();
    auto arg = loop.create_future<None>();
    Handle handle(loop, 1, [] {}, CallbackInfo{"__wakeup", self, arg});
    auto start = Stopwatch::now();
    for (std::uint64_t i = 0; i < n; ++i) tracer->on_handle_scheduled(handle);
    return seconds_since(start);
}

const std::map<std::string, Workload>& workloads() {
    static const std::map<std::string, Workload> all{
        {"callbacks", callbacks}, {"callbacks-chain", callbacks_chain}, {"tasks", tasks},
        {"pingpong", pingpong},   {"timers", timers},                   {"sleepers", sleepers},
        {"echo", echo},           {"sink", sink},
    };
    return all;
}

double cpu_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

long peak_rss_kb() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // Linux counts kilobytes
}

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr, "coolio-bench: %s\n", problem.c_str());
    std::fprintf(stderr, "usage: coolio-bench WORKLOAD [--n N] [--trace FILE]\nworkloads:");
    for (const auto& [name, run] : workloads()) std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, "\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) usage("no workload given");
    std::string name = argv[1];
    auto found = workloads().find(name);
    if (found == workloads().end()) usage("unknown workload '" + name + "'");
    std::uint64_t n = 100'000;
    std::string trace_path;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) usage("option '" + arg + "' needs a value");
        std::string value = argv[++i];
        if (arg == "--n") {
            char* end = nullptr;
            n = std::strtoull(value.c_str(), &end, 10);
            if (*end != '\0' || n == 0) usage("--n must be a positive whole number, not '" + value + "'");
        } else if (arg == "--trace") {
            trace_path = value;
        } else {
            usage("unknown option '" + arg + "'");
        }
    }

    EventLoop loop(std::make_unique<MonotonicClock>());
    loop.set_output(nullptr);
    set_event_loop(&loop);
    std::optional<tracer::FileSink> file;
    std::optional<tracer::Tracer> trace;
    double seconds = 0;
    double cpu_start = cpu_seconds();
    try {
        if (!trace_path.empty()) {
            file.emplace(trace_path);
            trace.emplace(loop, *file, tracer::TraceHeader{"coolio-bench " + name, "coolio"});
        }
        seconds = found->second(loop, n);
        if (trace) {
            // Writing the last buffered lines is part of tracing: time it too.
            auto start = Stopwatch::now();
            trace->finish();
            seconds += seconds_since(start);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "coolio-bench %s: %s\n", name.c_str(), e.what());
        return 1;
    }
    double cpu = cpu_seconds() - cpu_start;
    loop.close();
    set_event_loop(nullptr);

    std::printf(
        "{\"runtime\":\"coolio\",\"workload\":\"%s\",\"n\":%llu,\"seconds\":%.6f,\"ops_per_sec\":%.1f,"
        "\"traced\":%s,\"events\":%llu,\"peak_rss_kb\":%ld,\"cpu_seconds\":%.6f}\n",
        name.c_str(), static_cast<unsigned long long>(n), seconds, double(n) / seconds, trace ? "true" : "false",
        static_cast<unsigned long long>(trace ? trace->events() : 0), peak_rss_kb(), cpu);
    return 0;
}

// echo_bench.cpp — how many echo round trips per second does one loop carry?
//
// N clients connect to one echo server over 127.0.0.1, all in one loop and one
// thread, and each sends M messages of S bytes, waiting for each echo before sending
// the next (a ping-pong: every message is a full trip through the selector on both
// sides). Every echoed byte is compared with what was sent. Two ways to write it:
//   streams  start_server / open_connection, readexactly + write + drain (default)
//   sock     sock_accept / sock_connect, sock_recv + sock_sendall, one task per side
// With --trace the run is also traced (into a sink that discards the lines), to see
// what watching costs. Figures are wall time, with the process's CPU time in brackets;
// it measures only, and fails only if a byte comes back wrong.
//
//   build/bin/echo_bench [--clients N] [--messages M] [--size S] [--mode streams|sock] [--trace]
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "coolio/coolio.hpp"
#include "coolio/tracer/sinks.hpp"
#include "coolio/tracer/tracer.hpp"

namespace {

using namespace coolio;
using WallClock = std::chrono::steady_clock;

double cpu_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

struct Options {
    int clients = 1000;
    int messages = 100;
    std::size_t size = 32;
    std::string mode = "streams";
    bool trace = false;
};

// Message `number` of client `client`: `size` bytes that differ from every other's.
std::string message(int client, int number, std::size_t size) {
    std::string text = std::to_string(client) + ":" + std::to_string(number) + ":";
    text.resize(size, char('a' + (client + number) % 26));
    return text;
}

// ---- streams ----

Coro<void> stream_echo(StreamReader reader, StreamWriter writer, std::size_t size) {
    while (true) {
        std::string data;
        try {
            data = co_await reader.readexactly(size);
        } catch (const IncompleteReadError& e) {
            if (!e.partial().empty()) throw;
            break;  // the client has closed, between two messages
        }
        writer.write(data);
        co_await writer.drain();
    }
    writer.close();
}

// Clients connect in waves of 50 a tick, so that the server's listen queue (at most
// net.core.somaxconn, 128 on older kernels) never overflows and costs a SYN retry.
Coro<void> wait_for_wave(int client) {
    for (int wave = 0; wave < client / 50; ++wave) co_await coolio::sleep(0);
}

Coro<std::size_t> stream_client(int port, int client, Options options) {
    co_await wait_for_wave(client);
    auto [reader, writer] = co_await open_connection("127.0.0.1", port);
    std::size_t verified = 0;
    for (int i = 0; i < options.messages; ++i) {
        std::string sent = message(client, i, options.size);
        writer.write(sent);
        co_await writer.drain();
        if (co_await reader.readexactly(options.size) != sent) throw RuntimeError("wrong echo");
        verified += sent.size();
    }
    writer.close();
    co_await writer.wait_closed();
    co_return verified;
}

Coro<std::size_t> run_streams(Options options) {
    StreamOptions server_options;
    server_options.backlog = options.clients;
    std::size_t size = options.size;
    Server server = co_await start_server(
        [size](StreamReader r, StreamWriter w) { return stream_echo(std::move(r), std::move(w), size); }, "127.0.0.1",
        0, server_options);
    std::vector<TaskPtr<std::size_t>> clients;
    for (int c = 0; c < options.clients; ++c)
        clients.push_back(create_task(stream_client(server.address().port, c, options)));
    std::size_t total = 0;
    for (const auto& client : clients) total += co_await client;
    server.close();
    co_await server.wait_closed();
    co_return total;
}

// ---- sock_* ----

Coro<void> sock_echo(Socket conn, std::size_t size) {
    while (true) {
        std::string data = co_await sock_recv(conn, size);
        if (data.empty()) break;
        co_await sock_sendall(conn, data);
    }
}

Coro<void> sock_server(Socket& listener, int clients, std::size_t size) {
    std::vector<TaskPtr<void>> handlers;
    for (int c = 0; c < clients; ++c) {
        auto [conn, address] = co_await sock_accept(listener);
        handlers.push_back(create_task(sock_echo(std::move(conn), size)));
    }
    for (const auto& handler : handlers) co_await handler;
}

Coro<std::size_t> sock_client(int port, int client, Options options) {
    co_await wait_for_wave(client);
    Socket sock = Socket::tcp();
    co_await sock_connect(sock, {"127.0.0.1", port});
    std::size_t verified = 0;
    for (int i = 0; i < options.messages; ++i) {
        std::string sent = message(client, i, options.size);
        co_await sock_sendall(sock, sent);
        std::string echoed;
        while (echoed.size() < sent.size()) {
            std::string part = co_await sock_recv(sock, sent.size() - echoed.size());
            if (part.empty()) throw RuntimeError("the server closed early");
            echoed += part;
        }
        if (echoed != sent) throw RuntimeError("wrong echo");
        verified += sent.size();
    }
    co_return verified;
}

Coro<std::size_t> run_sock(Options options) {
    Socket listener = Socket::tcp();
    listener.bind({"127.0.0.1", 0});
    listener.listen(options.clients);
    auto server = create_task(sock_server(listener, options.clients, options.size));
    std::vector<TaskPtr<std::size_t>> clients;
    for (int c = 0; c < options.clients; ++c)
        clients.push_back(create_task(sock_client(listener.getsockname().port, c, options)));
    std::size_t total = 0;
    for (const auto& client : clients) total += co_await client;
    co_await server;
    co_return total;
}

bool parse(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (arg == "--trace") options.trace = true;
        else if (arg == "--clients" && value) options.clients = std::atoi(argv[++i]);
        else if (arg == "--messages" && value) options.messages = std::atoi(argv[++i]);
        else if (arg == "--size" && value) options.size = std::size_t(std::atol(argv[++i]));
        else if (arg == "--mode" && value) options.mode = argv[++i];
        else return false;
    }
    return options.clients > 0 && options.messages > 0 && options.size > 0 &&
           (options.mode == "streams" || options.mode == "sock");
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse(argc, argv, options)) {
        std::fprintf(stderr, "usage: echo_bench [--clients N] [--messages M] [--size S] [--mode streams|sock] [--trace]\n");
        return 2;
    }
    // Each connection takes two descriptors (client and server side).
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }

    EventLoop loop;
    set_event_loop(&loop);
    tracer::NullSink sink;
    std::optional<tracer::Tracer> tracer;
    if (options.trace) tracer.emplace(loop, sink, tracer::TraceHeader{"echo_bench"});

    auto start = WallClock::now();
    double cpu_start = cpu_seconds();
    std::size_t bytes = 0;
    try {
        bytes = options.mode == "streams" ? loop.run_until_complete(run_streams(options))
                                          : loop.run_until_complete(run_sock(options));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "echo_bench: %s\n", e.what());
        return 1;
    }
    double wall = std::chrono::duration<double>(WallClock::now() - start).count();
    double cpu = cpu_seconds() - cpu_start;
    if (tracer) tracer->finish("complete");
    loop.close();
    set_event_loop(nullptr);

    double trips = double(options.clients) * options.messages;
    std::printf("%s%s: %d clients x %d messages of %zu bytes\n", options.mode.c_str(), options.trace ? " (traced)" : "",
                options.clients, options.messages, options.size);
    std::printf("  %.2f s (%.2f s CPU), %.0f round trips/s, %.1f MB/s echoed, all %zu bytes verified\n", wall, cpu,
                trips / wall, double(bytes) / wall / 1e6, bytes);
    if (tracer) std::printf("  %llu trace events\n", static_cast<unsigned long long>(tracer->events()));
    return 0;
}

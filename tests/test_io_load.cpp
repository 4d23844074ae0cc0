// Load and faults: many connections in one loop, and errors that must stay in the task
// they belong to.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <chrono>

#include "support.hpp"

using namespace coolio;
using coolio::testing::Reported;
using coolio::testing::open_descriptors;

namespace {

/// Raises the soft limit on open descriptors to the hard limit; returns the limit.
rlim_t raise_descriptor_limit() {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
    }
    return limit.rlim_cur;
}

/// The python_name of what a finished task raised, or "ok".
std::string outcome(const FutureBase& task) {
    if (task.cancelled()) return "cancelled";
    std::exception_ptr error = task.exception();
    if (!error) return "ok";
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.python_name();
    } catch (...) {
        return "?";
    }
}

// ---- the echo protocol of the load test: fixed-size messages, echoed back ----

constexpr std::size_t MESSAGE_SIZE = 32;

std::string message(int client, int number) {
    std::string text = "client " + std::to_string(client) + " message " + std::to_string(number) + " ";
    text.resize(MESSAGE_SIZE - 1, '.');
    return text + "\n";
}

// Echoes fixed-size messages until the client closes its side between two of them.
Coro<void> echo_messages(StreamReader reader, StreamWriter writer) {
    while (true) {
        std::string data;
        try {
            data = co_await reader.readexactly(MESSAGE_SIZE);
        } catch (const IncompleteReadError& e) {
            if (!e.partial().empty()) throw;  // cut off in the middle of a message
            break;                            // a clean end, between two messages
        }
        writer.write(data);
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
}

/// Counts connected clients, to look at the descriptors when all are connected.
struct Connections {
    int expected = 0;
    int connected = 0;
    int peak_descriptors = 0;
};

Coro<std::size_t> echo_client(int port, int client, int messages, Connections* connections = nullptr) {
    // Connect in waves of 50 a tick: the server accepts between two waves, so its
    // listen queue (at most net.core.somaxconn, 128 on older kernels) never overflows;
    // an overflow drops the SYN and costs the client a retry a second later.
    for (int wave = 0; wave < client / 50; ++wave) co_await coolio::sleep(0);
    auto [reader, writer] = co_await open_connection("127.0.0.1", port);
    if (connections && ++connections->connected == connections->expected)
        connections->peak_descriptors = open_descriptors();
    std::size_t verified = 0;
    for (int i = 0; i < messages; ++i) {
        std::string sent = message(client, i);
        writer.write(sent);
        co_await writer.drain();
        std::string echoed = co_await reader.readexactly(MESSAGE_SIZE);
        if (echoed != sent) throw RuntimeError("client " + std::to_string(client) + " got " + repr(echoed));
        verified += echoed.size();
    }
    writer.close();
    co_await writer.wait_closed();
    co_return verified;
}

}  // namespace

TEST_SUITE("io load") {
    TEST_CASE("1000 clients send 100 messages each through one echo server; all bytes verified; no fd left") {
        int clients = 1000;
        const int messages = 100;
        rlim_t limit = raise_descriptor_limit();
        if (rlim_t(2 * clients + 64) > limit) {
            clients = int(limit - 64) / 2;
            MESSAGE("RLIMIT_NOFILE is " << limit << ": running with " << clients << " clients");
        }
        int before = open_descriptors();
        auto start = std::chrono::steady_clock::now();
        std::size_t verified = 0;
        Connections connections{clients};
        {
            EventLoop loop;  // untraced, virtual clock
            set_event_loop(&loop);
            auto body = [&]() -> Coro<std::size_t> {
                StreamOptions options;
                options.backlog = clients;  // every client connects in the same tick
                Server server = co_await start_server(echo_messages, "127.0.0.1", 0, options);
                std::vector<TaskPtr<std::size_t>> tasks;
                for (int c = 0; c < clients; ++c)
                    tasks.push_back(create_task(echo_client(server.address().port, c, messages, &connections)));
                std::size_t total = 0;
                for (const auto& task : tasks) total += co_await task;
                server.close();
                co_await server.wait_closed();
                co_return total;
            };
            verified = loop.run_until_complete(body());
            loop.close();
            set_event_loop(nullptr);
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        MESSAGE(clients << " clients x " << messages << " messages: " << verified << " bytes echoed and verified in "
                        << seconds << " s; descriptors: " << before << " before, " << connections.peak_descriptors
                        << " with all connected, "
                        << open_descriptors() << " after");
        CHECK(verified == std::size_t(clients) * messages * MESSAGE_SIZE);
        CHECK(connections.peak_descriptors >= before + 2 * clients);  // all open at once
        CHECK(open_descriptors() == before);
        CHECK(seconds < 20);
    }
}

TEST_SUITE("io faults") {
    TEST_CASE("a client that disconnects mid-message fails only its own handler") {
        testing::TracedLoop t;
        Reported reported;
        reported.attach(t.loop);
        auto quitter = [](int port) -> Coro<void> {
            auto [reader, writer] = co_await open_connection("127.0.0.1", port);
            writer.write(message(99, 0).substr(0, 10));  // a third of a message, then gone
            writer.close();
            co_await writer.wait_closed();
        };
        auto body = [&]() -> Coro<std::vector<std::string>> {
            Server server = co_await start_server(echo_messages, "127.0.0.1", 0);
            int port = server.address().port;
            auto good1 = create_task(echo_client(port, 1, 20));
            auto bad = create_task(quitter(port));
            auto good2 = create_task(echo_client(port, 2, 20));
            std::size_t echoed = co_await good1 + co_await good2;
            co_await bad;
            server.close();
            co_await server.wait_closed();
            co_return std::vector<std::string>{outcome(*good1), outcome(*bad), outcome(*good2), std::to_string(echoed)};
        };
        CHECK(t.loop.run_until_complete(body()) == std::vector<std::string>{"ok", "ok", "ok", "1280"});
        CHECK(reported.lines ==
              std::vector<std::string>{"Unhandled exception in client_connected_cb: IncompleteReadError('10 bytes read "
                                       "on a total of 32 expected bytes')"});
    }

    TEST_CASE("a client that sends garbage to the HTTP server: its handler and itself fail, nobody else") {
        testing::TracedLoop t;
        Reported reported;
        reported.attach(t.loop);
        // A strict little HTTP/1.0 server: a request line it cannot parse is an error.
        auto http = [](StreamReader reader, StreamWriter writer) -> Coro<void> {
            std::string line = co_await reader.readuntil("\r\n");
            if (!line.starts_with("GET /") || line.find(" HTTP/1.") == std::string::npos)
                throw ValueError("bad request line " + repr(line));
            while ((co_await reader.readuntil("\r\n")) != "\r\n") {
            }
            writer.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
            writer.close();
            co_await writer.wait_closed();
        };
        auto get = [](int port, std::string request) -> Coro<std::string> {
            auto [reader, writer] = co_await open_connection("127.0.0.1", port);
            writer.write(request);
            co_await writer.drain();
            std::string status = co_await reader.readuntil("\r\n");  // IncompleteReadError if closed
            co_await reader.read();
            writer.close();
            co_return status;
        };
        auto body = [&]() -> Coro<std::vector<std::string>> {
            Server server = co_await start_server(http, "127.0.0.1", 0);
            int port = server.address().port;
            auto a = create_task(get(port, "GET / HTTP/1.0\r\n\r\n"));
            auto garbage = create_task(get(port, "\x16\x03\x01 not http at all\r\n\r\n"));
            auto b = create_task(get(port, "GET /index.html HTTP/1.0\r\nHost: x\r\n\r\n"));
            std::string status_a = co_await a;
            try {
                co_await garbage;
            } catch (const IncompleteReadError&) {
            }
            std::string status_b = co_await b;
            server.close();
            co_await server.wait_closed();
            co_return std::vector<std::string>{status_a, outcome(*garbage), status_b};
        };
        CHECK(t.loop.run_until_complete(body()) ==
              std::vector<std::string>{"HTTP/1.0 200 OK\r\n", "IncompleteReadError", "HTTP/1.0 200 OK\r\n"});
        REQUIRE(reported.lines.size() == 1);
        CHECK(reported.lines[0].starts_with("Unhandled exception in client_connected_cb: ValueError(\"bad request line"));
    }

    TEST_CASE("a server that closes while clients wait: each waiting client fails, the program goes on") {
        testing::TracedLoop t;
        Reported reported;
        reported.attach(t.loop);
        auto shutdown = t.loop.create_future<None>();
        // The handler reads a request and, instead of answering, waits for the shutdown.
        auto handler = [&](StreamReader reader, StreamWriter writer) -> Coro<void> {
            co_await reader.readline();
            co_await shutdown;
            writer.close();
            co_await writer.wait_closed();
        };
        auto client = [](int port) -> Coro<std::string> {
            auto [reader, writer] = co_await open_connection("127.0.0.1", port);
            writer.write("question\n");
            co_await writer.drain();
            std::string answer = co_await reader.readexactly(8);  // never comes
            co_return answer;
        };
        auto body = [&]() -> Coro<std::vector<std::string>> {
            Server server = co_await start_server(handler, "127.0.0.1", 0);
            int port = server.address().port;
            std::vector<TaskPtr<std::string>> waiting;
            for (int i = 0; i < 3; ++i) waiting.push_back(create_task(client(port)));
            co_await coolio::sleep(1);  // they all wait for their answer
            server.close();
            shutdown->set_result(none);
            co_await server.wait_closed();
            auto late = create_task(client(port));  // after the close: nobody listens
            std::vector<std::string> outcomes;
            for (auto& task : waiting) {
                try {
                    co_await task;
                } catch (const Error&) {
                }
                outcomes.push_back(outcome(*task));
            }
            try {
                co_await late;
            } catch (const Error&) {
            }
            outcomes.push_back(outcome(*late));
            co_return outcomes;
        };
        CHECK(t.loop.run_until_complete(body()) ==
              std::vector<std::string>{"IncompleteReadError", "IncompleteReadError", "IncompleteReadError",
                                       "ConnectionRefusedError"});
        CHECK(reported.lines.empty());  // the server's tasks all ended well
    }
}

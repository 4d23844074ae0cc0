// Streams: StreamReader, StreamWriter, open_connection, start_server.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.hpp"

using namespace coolio;
using coolio::testing::Reported;
using coolio::testing::TracedLoop;

namespace {

/// Sends `text` then closes, from a server callback: the client reads it all.
ClientConnectedCallback send_and_close(std::string text) {
    return [text](StreamReader, StreamWriter writer) -> Coro<void> {
        writer.write(text);
        co_await writer.drain();
        writer.close();
        co_await writer.wait_closed();
    };
}

/// An echo handler: every line comes back, until the client closes its side.
Coro<void> echo_lines(StreamReader reader, StreamWriter writer) {
    while (true) {
        std::string line = co_await reader.readline();
        if (line.empty()) break;
        writer.write(line);
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
}

/// A port on which nobody listens.
int unused_port() {
    Socket sock = Socket::tcp();
    sock.bind({"127.0.0.1", 0});
    return sock.getsockname().port;
}

/// Collects what the loop's exception handler is given, instead of printing it.
}  // namespace

TEST_SUITE("streams") {
    TEST_CASE("readline, readexactly and read() to the end over a real connection") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server server = co_await start_server(send_and_close("first line\nABCDEFrest of it"), "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            std::string line = co_await reader.readline();
            std::string six = co_await reader.readexactly(6);
            CHECK_FALSE(reader.at_eof());
            std::string rest = co_await reader.read();
            CHECK(reader.at_eof());
            std::string after = co_await reader.read();  // at the end: ""
            writer.close();
            co_await writer.wait_closed();
            server.close();
            co_await server.wait_closed();
            co_return line + "|" + six + "|" + rest + "|" + after + "|";
        };
        CHECK(t.loop.run_until_complete(body()) == "first line\n|ABCDEF|rest of it||");
        // A read that found its buffer empty waited on a future (_wait_for_data) that
        // the transport's reader callback, _read_ready, resolved with the data.
        bool waited_for_data = false;
        for (const auto& e : t.events())
            if (e["kind"] == "task.suspend" && e["chain"].back() == "_wait_for_data") waited_for_data = true;
        CHECK(waited_for_data);
        auto story = t.story({"io.watch", "io.unwatch"});
        CHECK(std::count(story.begin(), story.end(), "io.watch _read_ready()") == 2);  // client and server
        CHECK(std::count(story.begin(), story.end(), "io.watch _accept_connection()") == 1);
    }

    TEST_CASE("readexactly raises IncompleteReadError with the bytes read when the stream ends early") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server server = co_await start_server(send_and_close("only 10 b"), "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            std::string out;
            try {
                co_await reader.readexactly(100);
            } catch (const IncompleteReadError& e) {
                CHECK(e.expected() == std::optional<std::size_t>(100));
                out = e.partial() + " / " + e.what() + " / " + e.python_name();
            }
            server.close();
            co_return out;
        };
        CHECK(t.loop.run_until_complete(body()) ==
              "only 10 b / 9 bytes read on a total of 100 expected bytes / IncompleteReadError");
    }

    TEST_CASE("at the end readline returns the last line without \\n; readuntil raises") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server server = co_await start_server(send_and_close("a\nb;c"), "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            std::string a = co_await reader.readline();
            std::string b = co_await reader.readuntil(";");
            std::string error;
            try {
                co_await reader.readuntil(";");
            } catch (const IncompleteReadError& e) {
                CHECK_FALSE(e.expected().has_value());
                error = e.partial();
            }
            std::string last = co_await reader.readline();  // nothing left: ""
            server.close();
            co_return a + b + "|" + error + "|" + last + "|";
        };
        CHECK(t.loop.run_until_complete(body()) == "a\nb;|c||");
    }

    TEST_CASE("past the limit, readuntil raises LimitOverrunError and readline ValueError, dropping the line") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            std::string too_long(40, 'x');
            Server server = co_await start_server(send_and_close(too_long + "\nshort\n" + too_long + "\n"),
                                                  "127.0.0.1", 0);
            StreamOptions options;
            options.limit = 16;
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port, options);
            std::string out;
            try {
                co_await reader.readline();
            } catch (const ValueError& e) {
                out += std::string("ValueError: ") + e.what();
            }
            // What was buffered of the long line is dropped; its tail may still come.
            std::string line;
            for (int i = 0; i < 5 && line != "short\n"; ++i) line = co_await reader.readline();
            out += " | " + line;
            try {
                co_await reader.readuntil("\n");
            } catch (const LimitOverrunError& e) {
                out += std::string(" | ") + e.python_name();
            }
            server.close();
            co_return out;
        };
        CHECK(t.loop.run_until_complete(body()) ==
              "ValueError: Separator is found, but chunk is longer than limit | short\n | LimitOverrunError");
    }

    TEST_CASE("two coroutines waiting on one reader: the second gets RuntimeError") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server server = co_await start_server(echo_lines, "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            auto first = create_task(reader.readline());
            co_await coolio::sleep(0);
            std::string error;
            try {
                co_await reader.readline();
            } catch (const RuntimeError& e) {
                error = e.what();
            }
            writer.write("hi\n");
            std::string line = co_await first;
            writer.close();
            co_await writer.wait_closed();
            server.close();
            co_await server.wait_closed();
            co_return line + error;
        };
        CHECK(t.loop.run_until_complete(body()) ==
              "hi\nreaduntil() called while another coroutine is already waiting for incoming data");
    }

    TEST_CASE("drain() makes a fast writer wait until the kernel has taken most of the buffer") {
        EventLoop loop;
        set_event_loop(&loop);
        std::string data(8 << 20, '\0');
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = char('A' + i % 26);
        bool drain_waited = false;
        auto slow_reader = [](std::size_t size) -> ClientConnectedCallback {
            return [size](StreamReader reader, StreamWriter writer) -> Coro<void> {
                std::string got = co_await reader.readexactly(size);
                writer.write(std::to_string(got.size()) + " " + std::to_string(got[size - 1]) + "\n");
                writer.close();
            };
        };
        auto body = [&]() -> Coro<std::string> {
            Server server = co_await start_server(slow_reader(data.size()), "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            writer.write(data);  // far more than the kernel takes at once
            double before = get_running_loop().time();
            auto drained = create_task(writer.drain());
            co_await coolio::sleep(0);
            drain_waited = !drained->done();
            co_await drained;
            CHECK(get_running_loop().time() == before);
            std::string reply = co_await reader.readline();
            server.close();
            co_await server.wait_closed();
            co_return reply;
        };
        CHECK(loop.run_until_complete(body()) == std::to_string(data.size()) + " " + std::to_string(int(data.back())) + "\n");
        CHECK(drain_waited);
        set_event_loop(nullptr);
    }

    TEST_CASE("after close(): wait_closed returns, drain raises ConnectionResetError, a read ends") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server server = co_await start_server(echo_lines, "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            auto reading = create_task(reader.read(10));  // waits in sock_recv
            co_await coolio::sleep(0);
            CHECK_FALSE(writer.is_closing());
            writer.close();
            CHECK(writer.is_closing());
            co_await writer.wait_closed();
            std::string read = co_await reading;  // our own close ends the stream
            std::string out = "read '" + read + "'";
            try {
                co_await writer.drain();
            } catch (const ConnectionResetError& e) {
                out += std::string(" / ") + e.python_name();
            }
            writer.write("ignored");  // after close: dropped, as asyncio does
            server.close();
            co_await server.wait_closed();
            co_return out;
        };
        CHECK(t.loop.run_until_complete(body()) == "read '' / ConnectionResetError");
    }

    TEST_CASE("writing to a peer that reset the connection: drain raises ConnectionResetError") {
        TracedLoop t;
        Socket listener = Socket::tcp();
        listener.bind({"127.0.0.1", 0});
        listener.listen(4);
        auto body = [&]() -> Coro<std::string> {
            auto [reader, writer] = co_await open_connection("127.0.0.1", listener.getsockname().port);
            auto [conn, peer] = co_await sock_accept(listener);
            linger reset{1, 0};  // close() now sends RST instead of an orderly end
            REQUIRE(::setsockopt(conn.fileno(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset) == 0);
            conn.close();
            std::string out;
            try {
                writer.write("anyone there?\n");  // send() fails: the transport closes
                co_await writer.drain();
                out = "no error";
            } catch (const ConnectionResetError& e) {
                out = std::string(e.python_name()) + " " + errno_name(e.error_number()) + " " + e.call();
            }
            CHECK(writer.is_closing());
            // The error itself is kept by the reader: every read raises it.
            try {
                co_await reader.read(10);
            } catch (const ConnectionResetError& e) {
                out += std::string(" / read: ") + e.python_name() + " from " + e.call();
            }
            co_return out;
        };
        // As asyncio: drain() says the connection is lost; the reader has the cause.
        CHECK(t.loop.run_until_complete(body()) ==
              "ConnectionResetError ECONNRESET Connection lost / read: ConnectionResetError from send");
    }

    TEST_CASE("open_connection where nobody listens raises ConnectionRefusedError") {
        TracedLoop t;
        int port = unused_port();
        auto body = [port]() -> Coro<std::string> {
            try {
                co_await open_connection("127.0.0.1", port);
            } catch (const ConnectionRefusedError& e) {
                co_return std::string(e.python_name()) + " " + errno_name(e.error_number());
            }
            co_return "connected";
        };
        CHECK(t.loop.run_until_complete(body()) == "ConnectionRefusedError ECONNREFUSED");
    }

    TEST_CASE("start_server on an address in use raises OSError(EADDRINUSE) from bind") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server first = co_await start_server(echo_lines, "127.0.0.1", 0);
            std::string out;
            try {
                co_await start_server(echo_lines, "127.0.0.1", first.address().port);
            } catch (const OSError& e) {
                out = errno_name(e.error_number()) + " from " + e.call();
            }
            first.close();
            co_return out;
        };
        CHECK(t.loop.run_until_complete(body()) == "EADDRINUSE from bind");
    }

    TEST_CASE("a handler that raises is reported and its connection closed; other clients are served") {
        TracedLoop t;
        Reported reported;
        reported.attach(t.loop);
        auto picky = [](StreamReader reader, StreamWriter writer) -> Coro<void> {
            std::string line = co_await reader.readline();
            if (line != "hello\n") throw ValueError("unexpected greeting " + repr(line));
            writer.write("welcome\n");
            co_await writer.drain();
            writer.close();
        };
        auto client = [](int port, std::string greeting) -> Coro<std::string> {
            auto [reader, writer] = co_await open_connection("127.0.0.1", port);
            writer.write(greeting);
            co_await writer.drain();
            std::string reply = co_await reader.readline();
            writer.close();
            co_return reply.empty() ? "<closed>" : reply;
        };
        auto body = [&]() -> Coro<std::vector<std::string>> {
            Server server = co_await start_server(picky, "127.0.0.1", 0);
            int port = server.address().port;
            auto replies = co_await gather(client(port, "hello\n"), client(port, "garbage\n"), client(port, "hello\n"));
            server.close();
            co_await server.wait_closed();
            co_return replies;
        };
        CHECK(t.loop.run_until_complete(body()) == std::vector<std::string>{"welcome\n", "<closed>", "welcome\n"});
        CHECK(reported.lines == std::vector<std::string>{
                                    "Unhandled exception in client_connected_cb: ValueError(\"unexpected greeting "
                                    "'garbage\\\\n'\")"});
    }

    TEST_CASE("write_eof ends the stream for the peer, which can still answer") {
        TracedLoop t;
        auto summer = [](StreamReader reader, StreamWriter writer) -> Coro<void> {
            std::string all = co_await reader.read();  // everything, up to the client's EOF
            writer.write(std::to_string(all.size()) + " bytes\n");
            co_await writer.drain();
            writer.close();
        };
        auto body = [&]() -> Coro<std::string> {
            Server server = co_await start_server(summer, "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            writer.write("twelve bytes");
            writer.write_eof();
            CHECK_THROWS_AS(writer.write("more"), RuntimeError);
            std::string reply = co_await reader.readline();
            server.close();
            co_await server.wait_closed();
            co_return reply;
        };
        CHECK(t.loop.run_until_complete(body()) == "12 bytes\n");
    }

#ifdef COOLIO_UNDER_ASAN
    // Not under the sanitizers: with no descriptor left, their runtime cannot make the
    // pipe it probes memory with, and reports every virtual call as a bad one.
    constexpr bool no_spare_descriptor_breaks_the_sanitizers = true;
#else
    constexpr bool no_spare_descriptor_breaks_the_sanitizers = false;
#endif
    TEST_CASE("out of descriptors, a server reports it, pauses accepting for 1 s, then serves again" *
              doctest::skip(no_spare_descriptor_breaks_the_sanitizers)) {
        TracedLoop t;
        Reported reported;
        reported.attach(t.loop);
        rlimit saved{};
        REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
        auto body = [&]() -> Coro<std::string> {
            Server server = co_await start_server(echo_lines, "127.0.0.1", 0);
            Socket sock = Socket::tcp();
            // From here on no new descriptor can be made: every number below the
            // limit is taken. The connection completes in the kernel; accept() fails.
            int lowest_free = ::dup(0);
            REQUIRE(lowest_free >= 0);
            ::close(lowest_free);
            rlimit tight = saved;
            tight.rlim_cur = rlim_t(lowest_free);
            REQUIRE(::setrlimit(RLIMIT_NOFILE, &tight) == 0);
            co_await sock_connect(sock, {"127.0.0.1", server.address().port});
            co_await coolio::sleep(0.5);  // the failed accept happens meanwhile
            REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
            co_await sock_sendall(sock, "still there?\n");
            std::string reply = co_await sock_recv(sock, 100);  // served after the pause
            double at = get_running_loop().time();
            sock.close();
            server.close();
            co_await server.wait_closed();
            co_return reply + " at t=" + float_repr(at);
        };
        std::string result = t.loop.run_until_complete(body());
        ::setrlimit(RLIMIT_NOFILE, &saved);
        CHECK(result == "still there?\n at t=1.0");
        REQUIRE(reported.lines.size() == 1);
        CHECK(reported.lines[0].starts_with("socket.accept() out of system resource: OSError('accept: Too many open files"));
    }

    TEST_CASE("Server.wait_closed waits for the connections it accepted, not only for close()") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            Server server = co_await start_server(echo_lines, "127.0.0.1", 0);
            auto [reader, writer] = co_await open_connection("127.0.0.1", server.address().port);
            writer.write("one\n");
            co_await reader.readline();
            server.close();
            CHECK_FALSE(server.is_serving());
            auto closing = create_task(server.wait_closed());
            co_await coolio::sleep(0.5);
            bool waited = !closing->done();  // the connection is still open
            writer.close();                  // the handler sees the end and closes its side
            co_await closing;
            co_return waited ? "waited" : "did not wait";
        };
        CHECK(t.loop.run_until_complete(body()) == "waited");
    }
}

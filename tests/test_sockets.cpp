// Sockets, the sock_* coroutines on the selector, the clock while descriptors are
// watched, and wait_for.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>

#include "support.hpp"

using namespace coolio;
using coolio::testing::open_descriptors;
using coolio::testing::TracedLoop;

namespace {

/// A socket listening on 127.0.0.1, on a port the kernel chose.
Socket listening_socket(int backlog = 16) {
    Socket sock = Socket::tcp();
    sock.bind({"127.0.0.1", 0});
    sock.listen(backlog);
    return sock;
}

/// A port on which nobody listens (bound for a moment, then released).
int unused_port() {
    Socket sock = Socket::tcp();
    sock.bind({"127.0.0.1", 0});
    return sock.getsockname().port;
}

/// Makes close() send a reset (RST) instead of an orderly end of stream.
void reset_on_close(Socket& sock) {
    linger option{1, 0};
    REQUIRE(::setsockopt(sock.fileno(), SOL_SOCKET, SO_LINGER, &option, sizeof option) == 0);
}

/// The kinds of the events about descriptor `fd`, plus the handles run, in order.
std::vector<std::string> io_story(const TracedLoop& t) {
    std::vector<std::string> lines;
    for (const auto& e : t.events()) {
        std::string kind = e["kind"];
        if (kind == "io.watch" || kind == "handle.run" || kind == "handle.skip")
            lines.push_back(kind + " " + e["callback"].get<std::string>());
        else if (kind == "io.ready" || kind == "io.unwatch")
            lines.push_back(kind + " " + e["events"].get<std::string>());
    }
    return lines;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST_SUITE("sockets") {
    TEST_CASE("an Address is shown as Python's tuple, and only numeric IPv4 hosts are accepted") {
        CHECK(Address("127.0.0.1", 8080).repr() == "('127.0.0.1', 8080)");
        Socket sock = Socket::tcp();
        CHECK_THROWS_AS(sock.bind({"localhost", 0}), ValueError);
        CHECK_THROWS_AS(sock.bind({"127.0.0.1", 70000}), ValueError);
    }

    TEST_CASE("errnos become the OSError subclasses Python raises, with the call's name") {
        auto python_name = [](int err) {
            try {
                raise_os_error(err, "connect");
            } catch (const OSError& e) {
                CHECK(e.error_number() == err);
                CHECK(e.call() == "connect");
                return std::string(e.python_name());
            }
            return std::string("nothing raised");
        };
        CHECK(python_name(ECONNREFUSED) == "ConnectionRefusedError");
        CHECK(python_name(ECONNRESET) == "ConnectionResetError");
        CHECK(python_name(EPIPE) == "BrokenPipeError");
        CHECK(python_name(ECONNABORTED) == "ConnectionAbortedError");
        CHECK(python_name(EADDRINUSE) == "OSError");
        CHECK_THROWS_AS(raise_os_error(ECONNRESET, "recv"), ConnectionError);
        CHECK(errno_name(ECONNREFUSED) == "ECONNREFUSED");
        CHECK(exception_repr(make_os_error(ECONNREFUSED, "connect")) ==
              "ConnectionRefusedError('connect: Connection refused (errno 111)')");
    }

    TEST_CASE("a Socket owns its descriptor: moved, it follows; destroyed, it is closed") {
        int before = open_descriptors();
        {
            Socket a = Socket::tcp();
            int fd = a.fileno();
            CHECK(fd >= 0);
            CHECK(open_descriptors() == before + 1);
            Socket b = std::move(a);
            CHECK(a.is_closed());
            CHECK(b.fileno() == fd);
            Socket c = Socket::tcp();
            c = std::move(b);  // c's own descriptor is closed, b's moves in
            CHECK(c.fileno() == fd);
            CHECK(open_descriptors() == before + 1);
            c.close();
            c.close();  // harmless
            CHECK(c.repr() == "<socket [closed] fd=-1>");
            CHECK(open_descriptors() == before);
            CHECK_THROWS_AS(c.listen(1), OSError);
        }
        CHECK(open_descriptors() == before);
    }

    TEST_CASE("binding a port another socket listens on raises OSError(EADDRINUSE) from bind") {
        Socket first = listening_socket();
        Socket second = Socket::tcp();
        second.set_reuse_address(true);  // even so: the port is being listened on
        try {
            second.bind(first.getsockname());
            FAIL("bind succeeded");
        } catch (const OSError& e) {
            CHECK(e.error_number() == EADDRINUSE);
            CHECK(e.call() == "bind");
            CHECK(std::string(e.python_name()) == "OSError");
        }
    }
}

TEST_SUITE("selector_events") {
    TEST_CASE("sock_accept, sock_connect, sock_sendall and sock_recv carry a message over loopback") {
        TracedLoop t;
        Socket listener = listening_socket();
        Address address = listener.getsockname();
        auto server = [&]() -> Coro<std::string> {
            auto [conn, peer] = co_await sock_accept(listener);
            CHECK(peer.host == "127.0.0.1");
            std::string data = co_await sock_recv(conn, 100);
            co_await sock_sendall(conn, "echo: " + data);
            co_return data;
        };
        auto client = [&]() -> Coro<std::string> {
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, address);
            co_await sock_sendall(sock, "hello");
            std::string reply = co_await sock_recv(sock, 100);
            co_return reply;
        };
        auto main = [&]() -> Coro<std::string> {
            auto s = create_task(server());
            co_await coolio::sleep(0);  // the server waits in sock_accept before anyone connects
            std::string reply = co_await client();
            std::string received = co_await s;
            co_return received + " / " + reply;
        };
        CHECK(t.loop.run_until_complete(main()) == "hello / echo: hello");

        // The accept had to wait: the selector woke the loop, which ran the reader,
        // which resolved the future; its done-callback then removed the reader.
        std::vector<std::string> story = io_story(t);
        auto at = [&](const std::string& line) { return std::find(story.begin(), story.end(), line) - story.begin(); };
        REQUIRE(contains(story, "io.watch _sock_accept(Future-3)"));
        CHECK(at("io.watch _sock_accept(Future-3)") < at("io.ready r"));
        CHECK(at("io.ready r") < at("handle.run _sock_accept(Future-3)"));
        CHECK(at("handle.run _sock_accept(Future-3)") < at("handle.run _sock_read_done(Future-3)"));
        CHECK(at("handle.run _sock_read_done(Future-3)") < at("io.unwatch r"));
        // Every watch was undone.
        auto count = [&](const std::string& prefix) {
            return std::count_if(story.begin(), story.end(), [&](auto& l) { return l.rfind(prefix, 0) == 0; });
        };
        CHECK(count("io.watch") == count("io.unwatch"));
    }

    TEST_CASE("a call that can be done at once needs no future and no selector") {
        TracedLoop t;
        Socket listener = listening_socket();
        Socket client = Socket::tcp();
        REQUIRE_FALSE(client.connect(listener.getsockname()));  // under way
        auto body = [&]() -> Coro<std::string> {
            auto [conn, peer] = co_await sock_accept(listener);  // queued already: no wait
            co_await sock_sendall(client, "ready");               // room in the buffer: no wait
            std::string data = co_await sock_recv(conn, 100);     // arrived already: no wait
            co_return data;
        };
        CHECK(t.loop.run_until_complete(body()) == "ready");
        CHECK(t.story({"io.watch"}).empty());
        // sock_accept makes its future first, as asyncio does; sock_recv and
        // sock_sendall make none when the call succeeds at once.
        std::vector<std::string> labels;
        for (const auto& e : t.events())
            if (e["kind"] == "future.new") labels.push_back(e["label"]);
        CHECK(labels == std::vector<std::string>{"sock_accept"});
    }

    TEST_CASE("sock_recv_into fills the caller's buffer; sock_recv returns \"\" at end of stream") {
        TracedLoop t;
        Socket listener = listening_socket();
        auto body = [&]() -> Coro<std::string> {
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, listener.getsockname());
            auto [conn, peer] = co_await sock_accept(listener);
            char buffer[8];
            auto reader = create_task(sock_recv_into(conn, std::span<char>(buffer)));
            co_await coolio::sleep(0);  // the reader waits for data
            co_await sock_sendall(sock, "abc");
            std::size_t n = co_await reader;
            sock.close();
            std::string rest = co_await sock_recv(conn, 8);
            co_return std::string(buffer, n) + "|" + rest + "|";
        };
        CHECK(t.loop.run_until_complete(body()) == "abc||");
    }

    TEST_CASE("connecting where nobody listens raises ConnectionRefusedError into the coroutine") {
        TracedLoop t;
        int port = unused_port();
        auto body = [&]() -> Coro<std::string> {
            Socket sock = Socket::tcp();
            try {
                co_await sock_connect(sock, {"127.0.0.1", port});
            } catch (const ConnectionRefusedError& e) {
                CHECK(e.error_number() == ECONNREFUSED);
                CHECK(e.call() == "connect");
                co_return "refused";
            }
            co_return "connected";
        };
        CHECK(t.loop.run_until_complete(body()) == "refused");
    }

    TEST_CASE("a peer that resets the connection raises ConnectionResetError in the waiting sock_recv") {
        TracedLoop t;
        Socket listener = listening_socket();
        auto body = [&]() -> Coro<std::string> {
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, listener.getsockname());
            auto [conn, peer] = co_await sock_accept(listener);
            auto waiting = create_task(sock_recv(sock, 100));
            co_await coolio::sleep(0);
            reset_on_close(conn);
            conn.close();
            try {
                co_await waiting;
            } catch (const ConnectionResetError& e) {
                co_return std::string(e.python_name()) + " " + errno_name(e.error_number()) + " " + e.call();
            }
            co_return "no error";
        };
        CHECK(t.loop.run_until_complete(body()) == "ConnectionResetError ECONNRESET recv");
    }

    TEST_CASE("sock_sendall waits for room as often as needed; every byte arrives") {
        EventLoop loop;  // untraced: many ticks
        set_event_loop(&loop);
        Socket listener = listening_socket();
        std::string data(4 << 20, '\0');  // 4 MiB: far more than a socket buffer
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = char('a' + i % 23);
        auto body = [&]() -> Coro<bool> {
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, listener.getsockname());
            auto [conn, peer] = co_await sock_accept(listener);
            auto sender = create_task(sock_sendall(sock, data));
            std::string received;
            while (received.size() < data.size()) received += co_await sock_recv(conn, 65536);
            co_await sender;
            co_return received == data;
        };
        CHECK(loop.run_until_complete(body()));
        set_event_loop(nullptr);
    }

    TEST_CASE("a cancelled sock_recv removes its reader, and the socket can be read again") {
        TracedLoop t;
        Socket listener = listening_socket();
        auto body = [&]() -> Coro<std::string> {
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, listener.getsockname());
            auto [conn, peer] = co_await sock_accept(listener);
            auto waiting = create_task(sock_recv(conn, 100));
            co_await coolio::sleep(0);  // it registers its reader
            waiting->cancel();
            try {
                co_await waiting;
            } catch (const CancelledError&) {
            }
            co_await sock_sendall(sock, "again");
            std::string data = co_await sock_recv(conn, 100);  // no "already waiting" error
            co_return data;
        };
        CHECK(t.loop.run_until_complete(body()) == "again");
        CHECK(t.story({"io.watch", "io.unwatch", "handle.cancel"}) ==
              std::vector<std::string>{
                  "io.watch _sock_connect_cb(Future-2)",  // connect under way
                  "handle.cancel _sock_connect_cb(Future-2)", "io.unwatch ",
                  "io.watch _sock_recv(Future-5)",         // the read that is cancelled...
                  "handle.cancel _sock_recv(Future-5)", "io.unwatch ",  // ...removes its reader
              });
    }

    TEST_CASE("two coroutines reading one socket at once: the second gets RuntimeError") {
        TracedLoop t;
        Socket listener = listening_socket();
        auto body = [&]() -> Coro<std::string> {
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, listener.getsockname());
            auto [conn, peer] = co_await sock_accept(listener);
            auto first = create_task(sock_recv(conn, 100));
            co_await coolio::sleep(0);
            std::string error;
            try {
                co_await sock_recv(conn, 100);
            } catch (const RuntimeError& e) {
                error = e.what();
            }
            co_await sock_sendall(sock, "x");
            std::string data = co_await first;  // the first reader is not disturbed
            co_return data + " / " + error;
        };
        CHECK(t.loop.run_until_complete(body()) ==
              "x / sock_recv() called while another coroutine is already waiting for sock_recv() on this socket");
    }

    TEST_CASE("closing a socket wakes its waiting coroutine with OSError(EBADF) and unwatches it") {
        TracedLoop t;
        Socket listener = listening_socket();
        auto accept_one = [](Socket& l) -> Coro<void> { co_await sock_accept(l); };
        auto body = [&]() -> Coro<std::string> {
            auto waiting = create_task(accept_one(listener));
            co_await coolio::sleep(0);
            listener.close();
            try {
                co_await waiting;
            } catch (const OSError& e) {
                co_return errno_name(e.error_number()) + " " + e.call();
            }
            co_return "accepted?";
        };
        CHECK(t.loop.run_until_complete(body()) == "EBADF sock_accept");
        CHECK(t.story({"io.watch", "io.unwatch"}) ==
              std::vector<std::string>{"io.watch _sock_accept(Future-3)", "io.unwatch "});
    }

    TEST_CASE("nothing leaks: every descriptor is closed after errors, cancellations and the loop's end") {
        int before = open_descriptors();
        {
            EventLoop loop;
            set_event_loop(&loop);
            Socket listener = listening_socket();
            int port = unused_port();
            auto body = [&]() -> Coro<void> {
                Socket refused = Socket::tcp();
                try {
                    co_await sock_connect(refused, {"127.0.0.1", port});
                } catch (const ConnectionRefusedError&) {
                }
                auto reader = [&]() -> Coro<void> {
                    Socket sock = Socket::tcp();
                    co_await sock_connect(sock, listener.getsockname());
                    co_await sock_recv(sock, 10);  // nobody writes: cancelled below
                };
                auto task = create_task(reader());
                auto [conn, peer] = co_await sock_accept(listener);
                co_await coolio::sleep(0);
                task->cancel();
                try {
                    co_await task;
                } catch (const CancelledError&) {
                }
                // A task left waiting when the loop is closed: its frame (and socket)
                // is destroyed by close().
                auto forgotten = [](Socket& l) -> Coro<void> {
                    Socket extra = Socket::tcp();
                    co_await sock_accept(l);
                };
                create_task(forgotten(listener));
                co_await coolio::sleep(0);
            };
            loop.run_until_complete(body());
            loop.close();
            set_event_loop(nullptr);
        }
        CHECK(open_descriptors() == before);
    }
}

TEST_SUITE("clock with I/O") {
    TEST_CASE("the virtual clock still jumps to timers while a socket is watched") {
        // sleep(1) while a server waits in sock_accept: epoll finds nothing during a
        // short real wait, so the clock jumps by the timeout and the timer fires.
        TracedLoop t;
        Socket listener = listening_socket();
        auto accept_one = [](Socket& l) -> Coro<void> { co_await sock_accept(l); };
        auto body = [&]() -> Coro<double> {
            auto accepting = create_task(accept_one(listener));
            co_await coolio::sleep(1);
            co_await coolio::sleep(2);
            accepting->cancel();
            try {
                co_await accepting;
            } catch (const CancelledError&) {
            }
            co_return get_running_loop().time();
        };
        auto before = std::chrono::steady_clock::now();
        CHECK(t.loop.run_until_complete(body()) == 3.0);
        CHECK(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(500));
        // The selects that waited for the timers report their full timeouts.
        std::vector<double> waits;
        for (const auto& e : t.events())
            if (e["kind"] == "select" && e["timeout"].is_number() && e["timeout"].get<double>() > 0)
                waits.push_back(e["timeout"]);
        CHECK(waits == std::vector<double>{1.0, 2.0});
    }

    TEST_CASE("the virtual clock does not move while I/O arrives, only when the loop is idle") {
        TracedLoop t;
        Socket listener = listening_socket();
        auto body = [&]() -> Coro<double> {
            auto timer = create_task(coolio::sleep(5));  // a timer is pending all along
            Socket sock = Socket::tcp();
            co_await sock_connect(sock, listener.getsockname());
            auto [conn, peer] = co_await sock_accept(listener);
            for (int i = 0; i < 10; ++i) {
                co_await sock_sendall(sock, "x");
                co_await sock_recv(conn, 1);
            }
            double during = get_running_loop().time();
            co_await timer;
            CHECK(get_running_loop().time() == 5.0);
            co_return during;
        };
        CHECK(t.loop.run_until_complete(body()) == 0.0);
    }

    TEST_CASE("the real clock waits in epoll for the whole timeout") {
        EventLoop loop(std::make_unique<MonotonicClock>());
        set_event_loop(&loop);
        Socket listener = listening_socket();
        auto accept_one = [](Socket& l) -> Coro<void> { co_await sock_accept(l); };
        auto body = [&]() -> Coro<double> {
            auto accepting = create_task(accept_one(listener));
            double start = get_running_loop().time();
            co_await coolio::sleep(0.05);
            accepting->cancel();
            co_return get_running_loop().time() - start;
        };
        CHECK(loop.run_until_complete(body()) >= 0.05);
        set_event_loop(nullptr);
    }
}

TEST_SUITE("wait_for") {
    Coro<std::string> slow(double delay, std::string value) {
        co_await coolio::sleep(delay);
        co_return value;
    }

    TEST_CASE("wait_for returns the result when the awaitable finishes in time") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> { co_return co_await wait_for(slow(1, "quick"), 2.0); };
        CHECK(t.loop.run_until_complete(body()) == "quick");
        CHECK(t.loop.time() == 1.0);
        // The timeout's timer (it releases the waiter, Future-3) was cancelled, not
        // left to fire at t=2.
        CHECK(contains(t.story({"handle.cancel"}), "handle.cancel _release_waiter(Future-3)"));
    }

    TEST_CASE("on timeout wait_for cancels the task, waits for its end, and raises TimeoutError") {
        TracedLoop t;
        bool cleaned_up = false;
        auto inner = [&]() -> Coro<std::string> {
            try {
                co_await coolio::sleep(10);
            } catch (const CancelledError&) {
                cleaned_up = true;
                throw;
            }
            co_return "late";
        };
        auto body = [&]() -> Coro<std::string> {
            try {
                co_await wait_for(inner(), 1.0);
            } catch (const TimeoutError& e) {
                CHECK(cleaned_up);  // the inner task has finished before wait_for raised
                co_return exception_repr(std::current_exception());
            }
            co_return "no timeout";
        };
        CHECK(t.loop.run_until_complete(body()) == "TimeoutError()");
        CHECK(t.loop.time() == 1.0);
    }

    TEST_CASE("wait_for with no timeout awaits directly; with timeout <= 0 it cancels at once") {
        TracedLoop t;
        auto body = []() -> Coro<std::string> {
            std::string a = co_await wait_for(slow(1, "a"), std::nullopt);
            std::string b;
            try {
                co_await wait_for(slow(1, "b"), 0.0);
            } catch (const TimeoutError&) {
                b = "timeout";
            }
            co_return a + " " + b;
        };
        CHECK(t.loop.run_until_complete(body()) == "a timeout");
        CHECK(t.loop.time() == 1.0);
    }

    TEST_CASE("an error of the awaitable passes through wait_for; cancelling the caller cancels it") {
        TracedLoop t;
        auto failing = []() -> Coro<int> {
            co_await coolio::sleep(1);
            throw ValueError("inner failure");
        };
        bool inner_cancelled = false;
        auto endless = [&]() -> Coro<int> {
            try {
                co_await coolio::sleep(100);
            } catch (const CancelledError&) {
                inner_cancelled = true;
                throw;
            }
            co_return 0;
        };
        auto body = [&]() -> Coro<std::string> {
            std::string out;
            try {
                co_await wait_for(failing(), 5.0);
            } catch (const ValueError& e) {
                out = e.what();
            }
            auto caller = create_task(wait_for(endless(), 50.0));
            co_await coolio::sleep(1);
            caller->cancel();
            try {
                co_await caller;
            } catch (const CancelledError&) {
                out += " / caller cancelled";
            }
            co_return out;
        };
        CHECK(t.loop.run_until_complete(body()) == "inner failure / caller cancelled");
        CHECK(inner_cancelled);
    }

    TEST_CASE("wait_for a future that exists already cancels it on timeout") {
        TracedLoop t;
        auto future = t.loop.create_future<int>();
        auto body = [&]() -> Coro<bool> {
            try {
                co_await wait_for(future, 0.5);
            } catch (const TimeoutError&) {
                co_return future->cancelled();
            }
            co_return false;
        };
        CHECK(t.loop.run_until_complete(body()));
    }
}

// timeout_read — wait_for cancels a read that takes too long; its reader is removed.
//
// The server (streams) answers each request only after sleeping 2 s. The client
// (plain sock_* coroutines) first gives its sock_recv 0.5 s: wait_for runs the read in
// a task and starts a timer; the read finds nothing, registers the socket with the
// loop (io.watch _sock_recv) and waits. The timer fires first, so wait_for cancels the
// read's task. The cancellation reaches sock_recv's future, whose done-callback,
// _sock_read_done, removes the reader (io.unwatch): nothing is left watching the
// socket. The client then waits again, with 5 s to spare, and gets the answer at t=2.
//
// The server's sleep runs on the virtual clock while sockets are watched: when epoll
// has nothing to report, the clock jumps to the next timer (see docs/io.md).
#include <string_view>

#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

std::string strip(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    return std::string(text);
}

Coro<void> slow_handler(StreamReader reader, StreamWriter writer) {
    std::string request = strip(co_await reader.readline());
    print("server: got", repr(request), "- answering in 2 s");
    co_await sleep(2);
    writer.write("pong\n");
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    Server server = co_await start_server(slow_handler, "127.0.0.1", 0);
    Socket sock = Socket::tcp();
    co_await sock_connect(sock, {"127.0.0.1", server.address().port});
    co_await sock_sendall(sock, "ping\n");
    try {
        std::string reply = co_await wait_for(sock_recv(sock, 100), 0.5);
        print("client: got", repr(strip(reply)));
    } catch (const TimeoutError&) {
        print("client: no reply within 0.5 s, at t =", loop.time());
    }
    std::string reply = strip(co_await wait_for(sock_recv(sock, 100), 5.0));
    print("client: got", repr(reply), "at t =", loop.time());
    sock.close();
    server.close();
    co_await server.wait_closed();
    print("done");
}

}  // namespace

void timeout_read(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

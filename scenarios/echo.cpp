// echo — a TCP echo server and two clients, on the selector's sock_* coroutines.
//
// Everything here is one thread and one loop. The server task waits in sock_accept;
// each client task connects with sock_connect, sends with sock_sendall and waits for
// the echo in sock_recv. Whenever a call would block, the coroutine registers its
// descriptor with the loop (io.watch in the trace) and its task suspends; when epoll
// reports the descriptor ready (io.ready), the loop runs the callback (_sock_accept,
// _sock_recv, ...), which finishes the call and resolves the future, and the task
// steps again. Follow one message: a client's sock_sendall makes the server's
// connection readable, which wakes the server's sock_recv, whose sock_sendall makes
// the client's socket readable, which wakes the client.
//
// The curio version below is the same program on the kernel: each sock_* call tries
// the system call and, if it would block, traps with read_wait / write_wait: the task
// itself waits in the selector, and the kernel's I/O phase puts it back on the ready
// queue when its descriptor is ready. No reader handle, no future, no callback.
#include "coolio/coolio.hpp"
#include "coolio/curio/curio.hpp"

namespace coolio::scenarios {

namespace {

// One connection, served until the client closes its side (recv gives "").
Coro<void> handle_client(Socket conn, int number) {
    while (true) {
        std::string data = co_await sock_recv(conn, 100);
        if (data.empty()) break;
        print("server: echo", repr(data), "to client", number);
        co_await sock_sendall(conn, data);
    }
    print("server: client", number, "closed its side");
}  // `conn` is closed here, by its destructor

// Accepts `clients` connections, one task each, then waits for those tasks.
Coro<void> serve(Socket& listener, int clients) {
    std::vector<TaskPtr<void>> handlers;
    for (int number = 1; number <= clients; ++number) {
        auto [conn, address] = co_await sock_accept(listener);
        print("server: accepted client", number);
        handlers.push_back(create_task(handle_client(std::move(conn), number)));
    }
    for (const TaskPtr<void>& handler : handlers) co_await handler;
}

Coro<void> client(std::string name, int port, std::vector<std::string> messages) {
    Socket sock = Socket::tcp();
    co_await sock_connect(sock, {"127.0.0.1", port});
    print(name, "connected");
    for (const std::string& message : messages) {
        co_await sock_sendall(sock, message);
        std::string reply = co_await sock_recv(sock, 100);
        print(name, "got", repr(reply));
    }
    sock.close();  // the server's sock_recv now returns ""
}

Coro<void> main_coro() {
    Socket listener = Socket::tcp();
    listener.bind({"127.0.0.1", 0});  // port 0: the kernel picks a free port
    listener.listen(8);
    int port = listener.getsockname().port;
    auto server = create_task(serve(listener, 2));
    // (The lists are built first: GCC 12 cannot pass a braced list to a coroutine.)
    std::vector<std::string> a_says{"hello", "world"}, b_says{"ping", "pong", "bye"};
    auto a = create_task(client("A", port, a_says));
    auto b = create_task(client("B", port, b_says));
    co_await a;
    co_await b;
    co_await server;
    listener.close();
    print("echo done");
}

}  // namespace

void echo(EventLoop& loop) { loop.run_until_complete(main_coro()); }

// ---- the same program on the curio kernel ----

namespace {
namespace on_curio {  // internal, like the asyncio version above

curio::Coro<void> handle_client(Socket conn, int number) {
    while (true) {
        std::string data = co_await curio::sock_recv(conn, 100);
        if (data.empty()) break;
        print("server: echo", repr(data), "to client", number);
        co_await curio::sock_sendall(conn, data);
    }
    print("server: client", number, "closed its side");
}

curio::Coro<void> serve(Socket& listener, int clients) {
    std::vector<curio::TaskPtr<void>> handlers;
    for (int number = 1; number <= clients; ++number) {
        auto [conn, address] = co_await curio::sock_accept(listener);
        print("server: accepted client", number);
        handlers.push_back(co_await curio::spawn(handle_client(std::move(conn), number)));
    }
    for (const curio::TaskPtr<void>& handler : handlers) co_await curio::join(handler);
}

curio::Coro<void> client(std::string name, int port, std::vector<std::string> messages) {
    Socket sock = Socket::tcp();
    co_await curio::sock_connect(sock, {"127.0.0.1", port});
    print(name, "connected");
    for (const std::string& message : messages) {
        co_await curio::sock_sendall(sock, message);
        std::string reply = co_await curio::sock_recv(sock, 100);
        print(name, "got", repr(reply));
    }
    sock.close();
}

curio::Coro<void> main_task() {
    Socket listener = Socket::tcp();
    listener.bind({"127.0.0.1", 0});
    listener.listen(8);
    int port = listener.getsockname().port;
    auto server = co_await curio::spawn(serve(listener, 2));
    std::vector<std::string> a_says{"hello", "world"}, b_says{"ping", "pong", "bye"};
    auto a = co_await curio::spawn(client("A", port, a_says));
    auto b = co_await curio::spawn(client("B", port, b_says));
    co_await curio::join(a);
    co_await curio::join(b);
    co_await curio::join(server);
    listener.close();
    print("echo done");
}

}  // namespace on_curio
}  // namespace

void echo_curio(curio::Kernel& kernel) { kernel.run(on_curio::main_task()); }

}  // namespace coolio::scenarios

#include "coolio/selector_events.hpp"

#include "coolio/tasks.hpp"

namespace coolio {

std::string AcceptedConnection::repr() const {
    return "(" + (conn ? conn->repr() : std::string("None")) + ", " + address.repr() + ")";
}

namespace {

// The callbacks below run as handles on the loop whenever the descriptor is ready.
// They capture the descriptor's number, not the Socket: the socket may be moved while
// a coroutine waits, but its number stays; and closing the socket removes the callback
// (Socket::close) before the number can be given to anyone else.

// _sock_read_done / _sock_write_done: the future is done, so stop watching the
// descriptor. Unless our handle is no longer the one watching it: then the reader was
// removed (the socket was closed) or replaced, and the descriptor is not ours to touch.
FutureBase::DoneCallback stop_watching(int fd, std::uint32_t event, const HandlePtr& handle) {
    // The handle's id, not the handle: holding the handle would make a reference cycle
    // (handle -> callback -> future -> done-callback -> handle).
    return [fd, event, id = handle->id()](FutureBase& future) {
        EventLoop& loop = future.get_loop();
        const Handle* watching = loop.fd_handle(fd, event);
        if (!watching || watching->id() != id) return;
        if (event == EVENT_READ) loop.remove_reader(fd);
        else loop.remove_writer(fd);
    };
}

// A level-triggered selector may report a descriptor ready and the call still find
// nothing to do (another reader was quicker): then the callback simply returns and
// the loop calls it again at the next readiness. Every callback also returns at once
// if its future is done already: cancelled in this same tick, after the loop had
// queued the callback but before it ran.

void _sock_recv(Future<std::string>& future, int fd, std::size_t n) {
    if (future.done()) return;
    std::optional<std::string> data;
    try {
        data = try_recv(fd, n);
        if (!data) return;  // not yet: we stay registered
    } catch (...) {
        future.set_exception(std::current_exception());
        return;
    }
    future.set_result(std::move(*data));
}

void _sock_recv_into(Future<std::size_t>& future, int fd, std::span<char> buffer) {
    if (future.done()) return;
    std::size_t got = 0;
    try {
        std::optional<std::size_t> n = try_recv(fd, buffer.data(), buffer.size());
        if (!n) return;
        got = *n;
    } catch (...) {
        future.set_exception(std::current_exception());
        return;
    }
    future.set_result(got);
}

/// What _sock_sendall needs between two calls: the data and how much has gone.
struct PendingSend {
    std::string data;
    std::size_t sent;
};

void _sock_sendall(Future<None>& future, int fd, PendingSend& pending) {
    if (future.done()) return;
    try {
        std::string_view rest = std::string_view(pending.data).substr(pending.sent);
        std::optional<std::size_t> n = try_send(fd, rest);
        if (!n) return;
        pending.sent += *n;
    } catch (...) {
        future.set_exception(std::current_exception());
        return;
    }
    if (pending.sent == pending.data.size()) future.set_result(none);
}

void _sock_connect_cb(Future<None>& future, int fd) {
    if (future.done()) return;
    try {
        // Writable means the handshake has ended; SO_ERROR tells how.
        if (int err = pending_socket_error(fd)) raise_os_error(err, "connect");
    } catch (...) {
        future.set_exception(std::current_exception());
        return;
    }
    future.set_result(none);
}

void _sock_accept(Future<AcceptedConnection>& future, int fd) {
    if (future.done()) return;
    AcceptedConnection accepted;
    try {
        std::optional<std::pair<int, Address>> got = try_accept(fd);
        if (!got) return;
        accepted = {std::make_shared<Socket>(got->first), std::move(got->second)};
    } catch (...) {
        future.set_exception(std::current_exception());
        return;
    }
    future.set_result(std::move(accepted));
}

}  // namespace

// =====================================================================================
// The coroutines
// =====================================================================================

Coro<std::string> sock_recv(Socket& sock, std::size_t n) {
    if (std::optional<std::string> data = try_recv(sock.fileno(), n)) co_return *data;  // 1. try at once
    EventLoop& loop = get_running_loop();  // 2. would block: wait until readable
    FuturePtr<std::string> future = loop.create_future<std::string>("sock_recv");
    int fd = sock.fileno();
    sock.set_waiter(EVENT_READ, future, "sock_recv");
    HandlePtr handle = loop.add_reader(
        fd, [future, fd, n] { _sock_recv(*future, fd, n); }, CallbackInfo{"_sock_recv", nullptr, future});
    future->add_done_callback(stop_watching(fd, EVENT_READ, handle), "_sock_read_done");
    co_return co_await future;  // 3.
}

Coro<std::size_t> sock_recv_into(Socket& sock, std::span<char> buffer) {
    if (std::optional<std::size_t> got = sock.recv(buffer.data(), buffer.size())) co_return *got;
    EventLoop& loop = get_running_loop();
    FuturePtr<std::size_t> future = loop.create_future<std::size_t>("sock_recv_into");
    int fd = sock.fileno();
    sock.set_waiter(EVENT_READ, future, "sock_recv_into");
    HandlePtr handle = loop.add_reader(
        fd, [future, fd, buffer] { _sock_recv_into(*future, fd, buffer); },
        CallbackInfo{"_sock_recv_into", nullptr, future});
    future->add_done_callback(stop_watching(fd, EVENT_READ, handle), "_sock_read_done");
    co_return co_await future;
}

Coro<void> sock_sendall(Socket& sock, std::string data) {
    std::size_t sent = sock.send(data).value_or(0);  // whatever the kernel takes now
    if (sent == data.size()) co_return;
    EventLoop& loop = get_running_loop();  // the rest waits for room in the send buffer
    FuturePtr<None> future = loop.create_future<None>("sock_sendall");
    int fd = sock.fileno();
    sock.set_waiter(EVENT_WRITE, future, "sock_sendall");
    auto pending = std::make_shared<PendingSend>(PendingSend{std::move(data), sent});
    HandlePtr handle = loop.add_writer(
        fd, [future, fd, pending] { _sock_sendall(*future, fd, *pending); },
        CallbackInfo{"_sock_sendall", nullptr, future});
    future->add_done_callback(stop_watching(fd, EVENT_WRITE, handle), "_sock_write_done");
    co_await future;
}

Coro<void> sock_connect(Socket& sock, Address address) {
    // As asyncio: the future comes first, even when connect() succeeds at once.
    EventLoop& loop = get_running_loop();
    FuturePtr<None> future = loop.create_future<None>("sock_connect");
    try {
        if (sock.connect(address)) {
            future->set_result(none);
        } else {
            // Under way (always, for a non-blocking TCP connect): writable means done.
            int fd = sock.fileno();
            sock.set_waiter(EVENT_WRITE, future, "sock_connect");
            HandlePtr handle = loop.add_writer(
                fd, [future, fd] { _sock_connect_cb(*future, fd); }, CallbackInfo{"_sock_connect_cb", nullptr, future});
            future->add_done_callback(stop_watching(fd, EVENT_WRITE, handle), "_sock_write_done");
        }
    } catch (...) {
        future->set_exception(std::current_exception());
    }
    co_await future;
}

Coro<std::pair<Socket, Address>> sock_accept(Socket& sock) {
    EventLoop& loop = get_running_loop();
    FuturePtr<AcceptedConnection> future = loop.create_future<AcceptedConnection>("sock_accept");
    try {
        if (std::optional<std::pair<Socket, Address>> got = sock.accept()) {
            future->set_result({std::make_shared<Socket>(std::move(got->first)), std::move(got->second)});
        } else {
            int fd = sock.fileno();
            sock.set_waiter(EVENT_READ, future, "sock_accept");
            HandlePtr handle = loop.add_reader(
                fd, [future, fd] { _sock_accept(*future, fd); }, CallbackInfo{"_sock_accept", nullptr, future});
            future->add_done_callback(stop_watching(fd, EVENT_READ, handle), "_sock_read_done");
        }
    } catch (...) {
        future->set_exception(std::current_exception());
    }
    AcceptedConnection accepted = co_await future;
    // The connection leaves the future here; until now the future owned it, so a task
    // cancelled between the accept and this line still closes it.
    co_return std::pair{std::move(*accepted.conn), std::move(accepted.address)};
}

}  // namespace coolio

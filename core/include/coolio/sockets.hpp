// sockets.hpp — a socket descriptor with exactly one owner, as Python's socket.socket.
//
// The loop deals in file descriptors: small integers that the kernel hands out and
// takes back. An integer is easy to lose (a leak) or to use after it was closed (and
// maybe given to someone else). So coolio never passes raw descriptors around in
// programs: a Socket owns one, is move-only, and closes it in its destructor, whether
// the code leaves normally, by an exception, or by a task's cancellation.
//
// Closing a socket that the loop still watches would leave the loop believing it
// watches it (epoll forgets a closed descriptor by itself, and the number may be
// given to the next socket at once), and a coroutine waiting for ever. So
// Socket::close() first stops the loop watching the descriptor and fails the
// coroutine waiting on it, if any, with OSError(EBADF).
//
// This file also holds the pieces every socket call needs: IPv4 addresses, and the
// OSError subclasses that Python raises for connection errors
// (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, ...).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "coolio/exceptions.hpp"
#include "coolio/futures.hpp"

namespace coolio {

// =====================================================================================
// Errors: the OSError subclasses Python picks from the errno
// =====================================================================================

/// Python's ConnectionError: the base of the four below.
class ConnectionError : public OSError {
public:
    using OSError::OSError;
    const char* python_name() const noexcept override { return "ConnectionError"; }
};
/// EPIPE / ESHUTDOWN: writing to a connection the peer has closed.
class BrokenPipeError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
    const char* python_name() const noexcept override { return "BrokenPipeError"; }
};
/// ECONNABORTED: the connection was aborted before it could be accepted.
class ConnectionAbortedError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
    const char* python_name() const noexcept override { return "ConnectionAbortedError"; }
};
/// ECONNREFUSED: nobody listens at the address.
class ConnectionRefusedError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
    const char* python_name() const noexcept override { return "ConnectionRefusedError"; }
};
/// ECONNRESET: the peer reset the connection (it closed with unread data, or crashed).
class ConnectionResetError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
    const char* python_name() const noexcept override { return "ConnectionResetError"; }
};

/// The OSError Python would raise for `err` from `call`: one of the subclasses above
/// for the connection errnos, a plain OSError otherwise.
std::exception_ptr make_os_error(int err, const std::string& call);
/// Throws make_os_error(err, call).
[[noreturn]] void raise_os_error(int err, const std::string& call);
/// check_syscall for socket calls: throws the subclass Python would pick.
long check_socket_call(long result, const char* call);
/// The errno's symbolic name, as Python's errno.errorcode gives it ("ECONNREFUSED").
std::string errno_name(int err);

// =====================================================================================
// Addresses
// =====================================================================================

/// An IPv4 address and port, Python's ('127.0.0.1', 8080) tuple. Only numeric hosts:
/// resolving names would block (asyncio sends getaddrinfo to a thread pool).
///
/// It has constructors (it is not an aggregate) on purpose: GCC 12 destroys twice an
/// aggregate temporary built inside a co_await expression, and
/// `co_await sock_connect(sock, {"127.0.0.1", port})` is exactly that.
struct Address {
    Address() = default;
    Address(std::string host_, int port_) : host(std::move(host_)), port(port_) {}

    std::string host;  ///< dotted IPv4, e.g. "127.0.0.1"
    int port = 0;      ///< 0 asks bind() for a free ("ephemeral") port

    /// Checks the address: ValueError unless `host` is a numeric IPv4 address and
    /// `port` is 0-65535 (the part of getaddrinfo coolio does).
    void check() const;
    /// As Python prints the tuple: ('127.0.0.1', 8080).
    std::string repr() const;
    bool operator==(const Address&) const = default;
};

// =====================================================================================
// One attempt of a non-blocking call on a descriptor
// =====================================================================================
//
// Each returns nullopt (or false) when the call would block (EAGAIN / EINPROGRESS:
// Python's BlockingIOError, which asyncio catches to go and wait for the selector),
// and throws the OSError subclass for any other failure. The loop's callbacks use
// these on the descriptor number; programs use the Socket methods of the same name.

/// recv(fd, buffer, size): the number of bytes read, 0 at end of stream.
std::optional<std::size_t> try_recv(int fd, char* buffer, std::size_t size);
/// recv(fd, size) as Python's sock.recv(size): the bytes, as a string of their own
/// length ("" at end of stream). The kernel writes into one reused buffer first, since
/// allocating `size` bytes for each call would cost more than the call.
std::optional<std::string> try_recv(int fd, std::size_t size);
/// send(fd, data): the number of bytes the kernel took (MSG_NOSIGNAL: a closed peer
/// gives BrokenPipeError, not a SIGPIPE that would kill the process).
std::optional<std::size_t> try_send(int fd, std::string_view data);
/// accept4(fd): the new connection's descriptor (non-blocking, close-on-exec) and the
/// peer's address.
std::optional<std::pair<int, Address>> try_accept(int fd);
/// connect(fd, address): true if connected at once, false if under way (EINPROGRESS).
bool try_connect(int fd, const Address& address);
/// getsockopt(SO_ERROR): how a connect() that was under way ended (0: it succeeded).
int pending_socket_error(int fd);

// =====================================================================================
// Socket
// =====================================================================================

/// Owns one socket descriptor (or none). Move-only; the destructor closes it.
class Socket {
public:
    /// No descriptor (fileno() is -1).
    Socket() noexcept = default;
    /// Takes ownership of `fd`.
    explicit Socket(int fd) noexcept : fd_(fd) {}
    Socket(Socket&& other) noexcept;
    /// Closes what this socket held, then takes `other`'s descriptor.
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    /// Closes the descriptor (errors are ignored here; call close() to see them).
    ~Socket();

    /// A new TCP/IPv4 socket, non-blocking and close-on-exec (asyncio's sockets are
    /// always non-blocking: a blocking call would freeze every task).
    static Socket tcp();

    /// The descriptor, or -1 when closed.
    int fileno() const noexcept { return fd_; }
    bool is_closed() const noexcept { return fd_ < 0; }

    /// Stops the loop watching the descriptor, fails a coroutine waiting on it with
    /// OSError(EBADF), and closes it. Closing twice is harmless.
    void close();

    /// O_NONBLOCK off (true) or on (false), as Python's sock.setblocking(flag).
    void setblocking(bool flag);
    /// SO_REUSEADDR: a server can bind its port again at once after a restart.
    void set_reuse_address(bool on);
    void bind(const Address& address);
    void listen(int backlog);
    /// shutdown(how): SHUT_WR sends end-of-stream to the peer, leaving reading open.
    void shutdown(int how);
    /// getsockname(): where this socket is bound (the port bind(…, 0) chose).
    Address getsockname() const;
    /// getpeername(): the other end of a connection.
    Address getpeername() const;

    /// One non-blocking attempt each (see try_recv and the others above).
    std::optional<std::size_t> recv(char* buffer, std::size_t size) { return try_recv(fd(), buffer, size); }
    std::optional<std::size_t> send(std::string_view data) { return try_send(fd(), data); }
    std::optional<std::pair<Socket, Address>> accept();
    bool connect(const Address& address) { return try_connect(fd(), address); }

    /// As Python shows a socket: <socket fd=7, laddr=('127.0.0.1', 8080), raddr=(…)>.
    std::string repr() const;

    /// Used by the sock_* coroutines: `waiter` waits until the socket is readable
    /// (EVENT_READ) or writable (EVENT_WRITE). Only one coroutine may wait for each:
    /// a second one gets RuntimeError naming `operation` (a second reader would
    /// silently replace the first one's callback, and the first would wait for ever).
    template <class T>
    void set_waiter(std::uint32_t event, const Ref<Future<T>>& waiter, const char* operation) {
        WeakRef<Future<T>> weak = waiter;
        set_waiter(event, {WeakRef<FutureBase>(waiter), [weak](std::exception_ptr error) {
                               if (auto future = weak.lock()) future->set_exception(std::move(error));
                           }, operation});
    }

private:
    struct Waiter {
        WeakRef<FutureBase> future;  // weak: the coroutine's frame owns it
        std::function<void(std::exception_ptr)> fail;  // future->set_exception
        const char* operation = "";
    };
    void set_waiter(std::uint32_t event, Waiter waiter);
    int fd() const;  // fd_, or OSError(EBADF) when closed
    void release_watchers(int fd);

    int fd_ = -1;
    Waiter reader_, writer_;
};

}  // namespace coolio

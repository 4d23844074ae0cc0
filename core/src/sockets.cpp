#include "coolio/sockets.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "coolio/base_events.hpp"
#include "coolio/futures.hpp"
#include "coolio/repr.hpp"

namespace coolio {

// =====================================================================================
// Errors
// =====================================================================================

std::exception_ptr make_os_error(int err, const std::string& call) {
    switch (err) {
        case EPIPE:
        case ESHUTDOWN: return std::make_exception_ptr(BrokenPipeError(err, call));
        case ECONNABORTED: return std::make_exception_ptr(ConnectionAbortedError(err, call));
        case ECONNREFUSED: return std::make_exception_ptr(ConnectionRefusedError(err, call));
        case ECONNRESET: return std::make_exception_ptr(ConnectionResetError(err, call));
        default: return std::make_exception_ptr(OSError(err, call));
    }
}

void raise_os_error(int err, const std::string& call) { std::rethrow_exception(make_os_error(err, call)); }

long check_socket_call(long result, const char* call) {
    if (result == -1) raise_os_error(errno, call);
    return result;
}

std::string errno_name(int err) {
    const char* name = ::strerrorname_np(err);  // glibc 2.32+
    return name ? name : "E" + std::to_string(err);
}

// =====================================================================================
// Addresses
// =====================================================================================

namespace {

sockaddr_in to_sockaddr(const Address& address) {
    if (address.port < 0 || address.port > 65535)
        throw ValueError("port must be 0-65535, not " + std::to_string(address.port));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(std::uint16_t(address.port));
    if (::inet_pton(AF_INET, address.host.c_str(), &sa.sin_addr) != 1)
        throw ValueError("not a numeric IPv4 address: '" + address.host + "' (coolio does not resolve names)");
    return sa;
}

Address from_sockaddr(const sockaddr_in& sa) {
    char text[INET_ADDRSTRLEN] = {};
    if (!::inet_ntop(AF_INET, &sa.sin_addr, text, sizeof text)) throw OSError(errno, "inet_ntop");
    return {text, int(ntohs(sa.sin_port))};
}

}  // namespace

void Address::check() const { to_sockaddr(*this); }

std::string Address::repr() const { return "(" + string_repr(host) + ", " + std::to_string(port) + ")"; }

// =====================================================================================
// One attempt of a non-blocking call
// =====================================================================================

// EAGAIN (and its twin EWOULDBLOCK) means "not now": the caller waits for the selector.
// EINTR, a signal arriving during the call, is treated the same way, as asyncio does
// with InterruptedError: the loop simply tries again when the descriptor is ready.
static bool would_block(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

std::optional<std::size_t> try_recv(int fd, char* buffer, std::size_t size) {
    ssize_t n = ::recv(fd, buffer, size, 0);
    if (n >= 0) return std::size_t(n);
    if (would_block(errno)) return std::nullopt;
    raise_os_error(errno, "recv");
}

std::optional<std::string> try_recv(int fd, std::size_t size) {
    thread_local std::vector<char> scratch;
    if (scratch.size() < size) scratch.resize(size);
    std::optional<std::size_t> got = try_recv(fd, scratch.data(), size);
    if (!got) return std::nullopt;
    return std::string(scratch.data(), *got);
}

std::optional<std::size_t> try_send(int fd, std::string_view data) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) return std::size_t(n);
    if (would_block(errno)) return std::nullopt;
    raise_os_error(errno, "send");
}

std::optional<std::pair<int, Address>> try_accept(int fd) {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    int conn = ::accept4(fd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (conn == -1) {
        if (would_block(errno)) return std::nullopt;
        raise_os_error(errno, "accept");
    }
    Address address;
    try {
        address = from_sockaddr(peer);
    } catch (...) {
        ::close(conn);  // nobody would own it
        throw;
    }
    return std::pair{conn, std::move(address)};
}

bool try_connect(int fd, const Address& address) {
    sockaddr_in sa = to_sockaddr(address);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0) return true;
    // EINPROGRESS: the handshake goes on in the kernel; the socket becomes writable
    // when it ends, and SO_ERROR then says how. EINTR: the same, per connect(2).
    if (errno == EINPROGRESS || errno == EINTR) return false;
    raise_os_error(errno, "connect");
}

int pending_socket_error(int fd) {
    int err = 0;
    socklen_t length = sizeof err;
    check_socket_call(::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &length), "getsockopt(SO_ERROR)");
    return err;
}

// =====================================================================================
// Socket
// =====================================================================================

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), reader_(std::move(other.reader_)), writer_(std::move(other.writer_)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        try {
            close();
        } catch (...) {
            // the descriptor is gone whatever close() reported
        }
        fd_ = std::exchange(other.fd_, -1);
        reader_ = std::move(other.reader_);
        writer_ = std::move(other.writer_);
    }
    return *this;
}

Socket::~Socket() {
    try {
        close();
    } catch (...) {
        // a destructor must not throw; the descriptor is released by the kernel anyway
    }
}

Socket Socket::tcp() {
    return Socket(int(check_socket_call(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket")));
}

int Socket::fd() const {
    if (fd_ < 0) throw OSError(EBADF, "socket is closed");
    return fd_;
}

void Socket::close() {
    if (fd_ < 0) return;
    int fd = std::exchange(fd_, -1);
    release_watchers(fd);
    // Linux releases the descriptor even when close() reports an error (EINTR, EIO),
    // so it must never be retried: the number may already belong to someone else.
    if (::close(fd) == -1 && errno != EINTR) throw OSError(errno, "close");
}

void Socket::release_watchers(int fd) {
    // A coroutine waiting on this socket (sock_recv, sock_sendall, …): its loop stops
    // watching the descriptor, and the coroutine gets an error instead of waiting for
    // ever on a descriptor that no longer exists.
    for (Waiter* slot : {&reader_, &writer_}) {
        Waiter waiter = std::exchange(*slot, {});
        Ref<FutureBase> future = waiter.future.lock();
        if (!future || future->done()) continue;
        EventLoop& loop = future->get_loop();
        if (loop.is_closed()) continue;  // the loop has forgotten its descriptors already
        if (slot == &reader_) loop.remove_reader(fd);
        else loop.remove_writer(fd);
        waiter.fail(std::make_exception_ptr(OSError(EBADF, waiter.operation)));
    }
    // Anything else the running loop still watches for this number (a plain
    // add_reader) goes too: epoll forgets a closed descriptor by itself, and the loop
    // must not keep believing it is registered.
    if (EventLoop* loop = try_get_running_loop()) {
        loop->remove_reader(fd);
        loop->remove_writer(fd);
    }
}

void Socket::set_waiter(std::uint32_t event, Waiter waiter) {
    Waiter& slot = event == EVENT_READ ? reader_ : writer_;
    if (Ref<FutureBase> current = slot.future.lock(); current && !current->done())
        throw RuntimeError(std::string(waiter.operation) + "() called while another coroutine is already waiting for " +
                           slot.operation + "() on this socket");
    slot = std::move(waiter);
}

void Socket::setblocking(bool flag) {
    int flags = int(check_socket_call(::fcntl(fd(), F_GETFL), "fcntl(F_GETFL)"));
    flags = flag ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
    check_socket_call(::fcntl(fd(), F_SETFL, flags), "fcntl(F_SETFL)");
}

void Socket::set_reuse_address(bool on) {
    int value = on ? 1 : 0;
    check_socket_call(::setsockopt(fd(), SOL_SOCKET, SO_REUSEADDR, &value, sizeof value), "setsockopt(SO_REUSEADDR)");
}

void Socket::bind(const Address& address) {
    sockaddr_in sa = to_sockaddr(address);
    check_socket_call(::bind(fd(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa), "bind");
}

void Socket::listen(int backlog) { check_socket_call(::listen(fd(), backlog), "listen"); }

void Socket::shutdown(int how) { check_socket_call(::shutdown(fd(), how), "shutdown"); }

Address Socket::getsockname() const {
    sockaddr_in sa{};
    socklen_t length = sizeof sa;
    check_socket_call(::getsockname(fd(), reinterpret_cast<sockaddr*>(&sa), &length), "getsockname");
    return from_sockaddr(sa);
}

Address Socket::getpeername() const {
    sockaddr_in sa{};
    socklen_t length = sizeof sa;
    check_socket_call(::getpeername(fd(), reinterpret_cast<sockaddr*>(&sa), &length), "getpeername");
    return from_sockaddr(sa);
}

std::optional<std::pair<Socket, Address>> Socket::accept() {
    std::optional<std::pair<int, Address>> accepted = try_accept(fd());
    if (!accepted) return std::nullopt;
    return std::pair{Socket(accepted->first), std::move(accepted->second)};
}

std::string Socket::repr() const {
    if (fd_ < 0) return "<socket [closed] fd=-1>";
    std::string out = "<socket fd=" + std::to_string(fd_);
    // Like Python, show only the addresses the kernel can give (an unbound or
    // unconnected socket has none).
    try {
        out += ", laddr=" + getsockname().repr();
    } catch (const Error&) {
    }
    try {
        out += ", raddr=" + getpeername().repr();
    } catch (const Error&) {
    }
    return out + ">";
}

}  // namespace coolio

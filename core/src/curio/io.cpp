#include "coolio/curio/io.hpp"

#include "coolio/curio/traps.hpp"

namespace coolio::curio {

Coro<std::pair<Socket, Address>> sock_accept(Socket& sock) {
    while (true) {
        if (std::optional<std::pair<Socket, Address>> got = sock.accept()) co_return std::move(*got);
        co_await _read_wait(sock.fileno());
    }
}

Coro<void> sock_connect(Socket& sock, Address address) {
    if (sock.connect(address)) co_return;
    // Under way (always, for a non-blocking TCP connect): writable means it ended.
    co_await _write_wait(sock.fileno());
    if (int err = pending_socket_error(sock.fileno())) raise_os_error(err, "connect");
}

Coro<std::string> sock_recv(Socket& sock, std::size_t n) {
    while (true) {
        if (std::optional<std::string> data = try_recv(sock.fileno(), n)) co_return std::move(*data);
        co_await _read_wait(sock.fileno());
    }
}

Coro<void> sock_sendall(Socket& sock, std::string data) {
    std::string_view rest = data;
    while (!rest.empty()) {
        if (std::optional<std::size_t> sent = sock.send(rest)) rest.remove_prefix(*sent);
        else co_await _write_wait(sock.fileno());
    }
}

}  // namespace coolio::curio

// curio/io.hpp — socket reads and writes on the kernel's selector (curio's io.py).
//
// Every call follows the same two steps: try the non-blocking system call; if it would
// block, trap with read_wait / write_wait (the task parks in the selector itself) and
// try again when the kernel resumes the task. No future, no callback: compare
// selector_events.hpp, where asyncio does the same with add_reader and a future.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "coolio/curio/coro.hpp"
#include "coolio/sockets.hpp"

namespace coolio::curio {

/// sock.accept(): waits for a connection on the listening `sock`.
Coro<std::pair<Socket, Address>> sock_accept(Socket& sock);
/// sock.connect(address): connects the non-blocking `sock`; ConnectionRefusedError if
/// nobody listens there.
Coro<void> sock_connect(Socket& sock, Address address);
/// sock.recv(n): up to `n` bytes as soon as some are there; "" at end of stream.
Coro<std::string> sock_recv(Socket& sock, std::size_t n);
/// sock.sendall(data): sends all of `data`, waiting for room as often as needed.
Coro<void> sock_sendall(Socket& sock, std::string data);

}  // namespace coolio::curio

// selector_events.hpp — socket coroutines on the selector, as asyncio's selector_events.py.
//
// Every coroutine here follows the same three steps, the heart of asyncio's I/O:
//
//   1. Try the call at once on the non-blocking socket. If the kernel can do it now
//      (data is waiting, there is room to send, a connection is queued), that is the
//      answer: no future, no waiting, no tick.
//   2. If it would block (EAGAIN), create a future and ask the loop to watch the
//      descriptor: add_reader(fd, _sock_recv) (or add_writer). A done-callback on the
//      future (_sock_read_done / _sock_write_done) will stop the watching.
//   3. Await the future. The task suspends. When epoll reports the descriptor ready,
//      the loop queues the reader's handle (io.ready in the trace); it runs, retries
//      the call, and resolves the future, which queues the stop-watching callback and
//      the task's wakeup, in that order.
//
// Cancelling the awaiting task cancels the future, and the same done-callback removes
// the reader or writer: nothing stays registered. Errors (ECONNREFUSED, ECONNRESET,
// ...) are stored in the future and raised in the awaiting coroutine.
//
// In asyncio these are methods of the loop (loop.sock_recv(sock, n)); here they are
// free functions that use the running loop, like sleep(). The socket is passed by
// reference: it must outlive the call (it does when the call is awaited at once).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>

#include "coolio/coroutines.hpp"
#include "coolio/sockets.hpp"

namespace coolio {

/// loop.sock_accept(sock): waits for a connection on the listening `sock`; returns the
/// new connection (non-blocking) and the peer's address. (A Socket has one owner, so
/// this result cannot be copied out of a task: to accept in a task of its own, give
/// the task a coroutine that awaits sock_accept and uses the connection.)
Coro<std::pair<Socket, Address>> sock_accept(Socket& sock);

/// loop.sock_connect(sock, address): connects `sock` (non-blocking) to `address`.
/// ConnectionRefusedError when nobody listens there.
Coro<void> sock_connect(Socket& sock, Address address);

/// loop.sock_recv(sock, n): up to `n` bytes, as soon as some are there; "" at end of
/// stream (the peer closed its side). ConnectionResetError if the peer reset it.
Coro<std::string> sock_recv(Socket& sock, std::size_t n);

/// loop.sock_recv_into(sock, buffer): like sock_recv, but into `buffer` (which must
/// outlive the call); returns how many bytes were written there.
Coro<std::size_t> sock_recv_into(Socket& sock, std::span<char> buffer);

/// loop.sock_sendall(sock, data): sends all of `data`, waiting for room as often as
/// needed. BrokenPipeError / ConnectionResetError if the peer went away.
Coro<void> sock_sendall(Socket& sock, std::string data);

/// What the future of sock_accept holds: the connection (shared, so that a future that
/// nobody reads still closes it when it dies) and the peer's address.
struct AcceptedConnection {
    std::shared_ptr<Socket> conn;
    Address address;
    /// (<socket fd=8, laddr=…, raddr=…>, ('127.0.0.1', 40312)), as Python shows it.
    std::string repr() const;
};

}  // namespace coolio

// streams.hpp — asyncio's high-level network API: StreamReader, StreamWriter,
// open_connection and start_server (asyncio/streams.py).
//
// A program that talks over TCP rarely wants "up to n bytes, whatever has arrived":
// it wants a line, or exactly 4 bytes, or everything until the peer closes. Streams
// answer those questions from a buffer. Underneath, coolio follows asyncio's layers
// and its order of events, one tick for one tick:
//
//   * a transport (asyncio's _SelectorSocketTransport) owns the socket. It keeps a
//     reader callback, _read_ready, registered with the loop for as long as the
//     connection is read: each time epoll reports the socket readable, _read_ready
//     calls recv() once and hands the bytes to the protocol. write() sends at once
//     what the kernel takes; the rest waits in a buffer that a writer callback,
//     _write_ready, sends when the socket has room;
//   * a protocol (StreamReaderProtocol) turns those calls into the reader's buffer
//     (data_received, eof_received, connection_lost), and, on a server, starts the
//     program's callback in a task when the connection is made;
//   * the StreamReader and StreamWriter are what the program holds. A read that
//     finds too little in the buffer creates a future (_wait_for_data) and awaits
//     it; the next data_received resolves it.
//
// Making a connection takes a few ticks, as in asyncio: the transport schedules
// connection_made, _add_reader and the wake-up of whoever waits for it with call_soon.
// A server accepts in its _accept_connection reader callback and builds each
// transport in a task of its own (_accept_connection2).
//
// Like Python objects, a StreamReader, StreamWriter or Server is a reference: copies
// share the same connection. The socket is closed by writer.close(), by the peer's
// disconnection seen in a write, or, when the program drops the streams and the loop
// stops watching the socket, by the transport's destructor.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "coolio/coroutines.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/sockets.hpp"

namespace coolio {

namespace detail {
struct StreamReaderState;
class SocketTransport;
class StreamReaderProtocol;
struct ServerState;
}  // namespace detail

/// asyncio's _DEFAULT_LIMIT: the most a reader buffers while looking for a separator.
inline constexpr std::size_t STREAM_DEFAULT_LIMIT = 64 * 1024;

/// asyncio.IncompleteReadError: the stream ended before the read could be completed
/// (readexactly got fewer bytes, readuntil found no separator).
class IncompleteReadError : public Error {
public:
    /// `partial`: what was read before the end; `expected`: how many bytes were wanted
    /// (none for readuntil).
    IncompleteReadError(std::string partial, std::optional<std::size_t> expected);
    const std::string& partial() const noexcept { return partial_; }
    std::optional<std::size_t> expected() const noexcept { return expected_; }
    const char* python_name() const noexcept override { return "IncompleteReadError"; }

private:
    std::string partial_;
    std::optional<std::size_t> expected_;
};

/// asyncio.LimitOverrunError: the separator was not found within the reader's limit.
/// `consumed()` says how many bytes should be consumed to skip the offending data.
class LimitOverrunError : public Error {
public:
    LimitOverrunError(const std::string& message, std::size_t consumed) : Error(message), consumed_(consumed) {}
    std::size_t consumed() const noexcept { return consumed_; }
    const char* python_name() const noexcept override { return "LimitOverrunError"; }

private:
    std::size_t consumed_;
};

/// The reading half of a connection (asyncio.StreamReader). Only one coroutine may
/// wait for data at a time (RuntimeError otherwise, as in asyncio).
class StreamReader {
public:
    /// Made by open_connection and start_server; the state is internal to streams.cpp.
    explicit StreamReader(std::shared_ptr<detail::StreamReaderState> state) : state_(std::move(state)) {}

    /// Up to `n` bytes, as soon as at least one is there; "" at the end of the stream.
    /// With n < 0 (the default), everything until the end of the stream.
    Coro<std::string> read(long n = -1);
    /// One line, up to and including "\n". At the end of the stream, what is left
    /// (maybe ""): a last line without "\n" is returned as it is. ValueError if no
    /// "\n" comes within the limit.
    Coro<std::string> readline();
    /// Exactly `n` bytes; IncompleteReadError (with the bytes read) if the stream ends
    /// first.
    Coro<std::string> readexactly(std::size_t n);
    /// Everything up to and including `separator`; IncompleteReadError if the stream
    /// ends first, LimitOverrunError if the separator is not within the limit.
    Coro<std::string> readuntil(std::string separator = "\n");
    /// True when the buffer is empty and the peer has closed its side.
    bool at_eof() const;
    /// The error the connection was lost with (every read raises it), or null.
    std::exception_ptr exception() const;

private:
    std::shared_ptr<detail::StreamReaderState> state_;
};

/// The writing half of a connection (asyncio.StreamWriter).
class StreamWriter {
public:
    /// Made by open_connection and start_server, on the connection's transport.
    StreamWriter(std::shared_ptr<detail::SocketTransport> transport, std::shared_ptr<detail::StreamReaderProtocol> protocol,
                 std::shared_ptr<detail::StreamReaderState> reader)
        : transport_(std::move(transport)), protocol_(std::move(protocol)), reader_(std::move(reader)) {}

    /// Sends `data`: at once if the kernel takes it, otherwise from a buffer as the
    /// socket becomes writable. Never waits; use drain() to let the buffer empty.
    /// Once the connection is lost (or closed), data is dropped, as asyncio does.
    void write(std::string_view data);
    /// Waits while the write buffer is over 64 KiB, until it is down to 16 KiB.
    /// Raises the reader's error if the connection was lost with one, and
    /// ConnectionResetError once the connection is lost or closed.
    Coro<void> drain();
    /// Sends end-of-stream to the peer (shutdown(SHUT_WR)) once the buffer is sent;
    /// reading stays possible. RuntimeError on write() afterwards.
    void write_eof();
    /// Closes the connection once the buffer is sent. Returns at once.
    void close();
    /// True after close() (or once the connection is lost).
    bool is_closing() const;
    /// Waits until the connection is closed; raises the error it was lost with, if any.
    Coro<void> wait_closed();
    /// The peer's address (get_extra_info('peername')).
    Address peername() const;
    /// This end's address (get_extra_info('sockname')).
    Address sockname() const;

private:
    std::shared_ptr<detail::SocketTransport> transport_;
    std::shared_ptr<detail::StreamReaderProtocol> protocol_;
    std::shared_ptr<detail::StreamReaderState> reader_;
};

/// Options shared by open_connection and start_server. (An aggregate, so that
/// `{.limit = 1024}` works; keep its members trivially destructible: GCC 12 destroys
/// an aggregate temporary of a co_await expression twice.)
struct StreamOptions {
    std::size_t limit = STREAM_DEFAULT_LIMIT;  ///< the readers' buffer limit
    int backlog = 100;                         ///< start_server: listen() backlog
    bool reuse_address = true;                 ///< start_server: SO_REUSEADDR (asyncio's default on Unix)
};

/// asyncio.open_connection(host, port): connects and returns the (reader, writer)
/// pair. ConnectionRefusedError when nobody listens there.
Coro<std::pair<StreamReader, StreamWriter>> open_connection(std::string host, int port, StreamOptions options = {});

/// The coroutine start_server runs, as a new task, for each connection.
using ClientConnectedCallback = std::function<Coro<void>(StreamReader, StreamWriter)>;

/// A listening server (asyncio.Server). Made by start_server.
class Server {
public:
    /// Made by start_server.
    explicit Server(std::shared_ptr<detail::ServerState> state) : state_(std::move(state)) {}

    /// Where the server listens (with the port bind() chose when asked for port 0).
    Address address() const;
    /// True until close().
    bool is_serving() const;
    /// Stops listening: the listening socket is unwatched and closed. Connections
    /// already accepted carry on (as in asyncio).
    void close();
    /// Waits until the server is closed and every connection it accepted has closed
    /// (as asyncio 3.12.1 does; 3.11 returned at once when called after close()).
    Coro<void> wait_closed();

private:
    std::shared_ptr<detail::ServerState> state_;
};

/// asyncio.start_server(client_connected_cb, host, port): listens on host:port (port
/// 0: a free port, see Server::address) and, for each connection, runs
/// `client_connected_cb(reader, writer)` in a new task. If that task raises, the
/// loop's exception handler reports it and the connection is closed (as asyncio does
/// since 3.11.7); other connections are not affected. OSError (EADDRINUSE) if the
/// address is taken.
Coro<Server> start_server(ClientConnectedCallback client_connected_cb, std::string host, int port,
                          StreamOptions options = {});

}  // namespace coolio

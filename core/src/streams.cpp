#include "coolio/streams.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "coolio/gather.hpp"
#include "coolio/selector_events.hpp"
#include "coolio/sleep.hpp"
#include "coolio/tasks.hpp"

namespace coolio {

namespace {

// asyncio's constants. A transport reads at most MAX_SIZE bytes per recv(). Its write
// buffer makes drain() wait above HIGH and lets it go at LOW. After running out of
// descriptors, a server pauses accepting for ACCEPT_RETRY_DELAY rather than spin.
constexpr std::size_t MAX_SIZE = 256 * 1024;
constexpr std::size_t WRITE_BUFFER_HIGH = 64 * 1024;
constexpr std::size_t WRITE_BUFFER_LOW = 16 * 1024;
constexpr double ACCEPT_RETRY_DELAY = 1.0;

void set_result_unless_done(Future<None>& future) {
    if (!future.done()) future.set_result(none);
}

}  // namespace

IncompleteReadError::IncompleteReadError(std::string partial, std::optional<std::size_t> expected)
    : Error(std::to_string(partial.size()) + " bytes read on a total of " +
            (expected ? std::to_string(*expected) : std::string("None")) + " expected bytes"),
      partial_(std::move(partial)),
      expected_(expected) {}

namespace detail {

// =====================================================================================
// The reader's state (asyncio.StreamReader's attributes and its feed_* methods)
// =====================================================================================

struct StreamReaderState {
    StreamReaderState(EventLoop& l, std::size_t lim) : loop(l), limit(lim) {
        if (limit == 0) throw ValueError("Limit cannot be <= 0");
    }

    void feed_data(std::string_view data);
    void feed_eof();
    void set_exception(std::exception_ptr error);
    void wakeup_waiter();
    void maybe_resume_transport();

    EventLoop& loop;
    std::size_t limit;
    std::string buffer;                        // received, not yet read
    bool eof = false;                          // the peer closed its side
    FuturePtr<None> waiter;                    // what _wait_for_data awaits
    std::exception_ptr exception;              // the connection was lost with this
    std::weak_ptr<SocketTransport> transport;  // to pause and resume reading
    bool paused = false;                       // we asked the transport to stop reading
};

// =====================================================================================
// The server's state (asyncio.Server)
// =====================================================================================

struct ServerState : std::enable_shared_from_this<ServerState> {
    ServerState(EventLoop& l, Socket s, ClientConnectedCallback cb, StreamOptions o)
        : loop(l), listener(std::move(s)), callback(std::move(cb)), options(o) {}

    void start_serving();
    void accept_connection();
    void close();
    void attach() { ++active_count; }
    void detach();
    void wakeup();

    EventLoop& loop;
    Socket listener;
    Address address;
    ClientConnectedCallback callback;
    StreamOptions options;
    bool serving = false;
    bool closed = false;
    std::size_t active_count = 0;           // transports made and not yet closed
    TimerHandlePtr retry;                   // accepting again after EMFILE
    std::vector<FuturePtr<None>> waiters;   // wait_closed()
    bool woken = false;                     // asyncio sets _waiters to None
};

// =====================================================================================
// StreamReaderProtocol (with asyncio's FlowControlMixin for drain())
// =====================================================================================

class StreamReaderProtocol : public std::enable_shared_from_this<StreamReaderProtocol> {
public:
    StreamReaderProtocol(EventLoop& l, std::shared_ptr<StreamReaderState> r, ClientConnectedCallback cb = {})
        : loop(l), reader(std::move(r)), client_connected_cb(std::move(cb)), closed(loop.create_future<None>("_closed")) {}

    void connection_made(const std::shared_ptr<SocketTransport>& transport);
    void connection_lost(std::exception_ptr error);
    void data_received(std::string_view data) { reader->feed_data(data); }
    bool eof_received() {
        reader->feed_eof();
        return true;  // keep the connection open: we may still write
    }
    void pause_writing() { paused = true; }
    void resume_writing() {
        paused = false;
        for (const FuturePtr<None>& waiter : drain_waiters) set_result_unless_done(*waiter);
    }

    EventLoop& loop;
    std::shared_ptr<StreamReaderState> reader;
    ClientConnectedCallback client_connected_cb;  // empty for open_connection
    FuturePtr<None> closed;                        // resolved by connection_lost
    bool paused = false;                           // the transport's buffer is over HIGH
    bool lost = false;                             // connection_lost has run
    std::vector<FuturePtr<None>> drain_waiters;
};

// =====================================================================================
// SocketTransport (asyncio's _SelectorSocketTransport)
// =====================================================================================

class SocketTransport : public std::enable_shared_from_this<SocketTransport> {
public:
    SocketTransport(EventLoop& l, Socket s, std::shared_ptr<StreamReaderProtocol> p, std::shared_ptr<ServerState> srv)
        : loop(l), sock(std::move(s)), fd(sock.fileno()), protocol(std::move(p)), server(std::move(srv)) {
        // As asyncio: small writes go out at once instead of waiting to be coalesced
        // (Nagle's algorithm), which would stall a request/response exchange.
        int on = 1;
        check_socket_call(::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on), "setsockopt(TCP_NODELAY)");
        if (server) server->attach();
    }
    ~SocketTransport() {
        // Nobody holds the connection any more and the loop does not watch it: the
        // Socket member closes the descriptor; the server must still hear of it.
        if (server && !detached) server->detach();
    }

    /// The constructor's call_soon's, which need shared_from_this: the protocol
    /// learns of the connection, reading starts, and `waiter` is woken, each a handle.
    void start(const FuturePtr<None>& waiter) {
        auto self = shared_from_this();
        loop.call_soon([self] { self->protocol->connection_made(self); }, "connection_made");
        loop.call_soon([self] { self->add_reader(); }, "_add_reader");
        if (waiter)
            loop.call_soon([waiter] { set_result_unless_cancelled(*waiter, none); },
                           CallbackInfo{"futures._set_result_unless_cancelled", nullptr, waiter});
    }

    bool is_closing() const { return closing; }

    void pause_reading() {
        if (closing || paused) return;
        paused = true;
        loop.remove_reader(fd);
    }
    void resume_reading() {
        if (closing || !paused) return;
        paused = false;
        add_reader();
    }

    void write(std::string_view data);
    void write_eof();
    void close();

    EventLoop& loop;
    Socket sock;
    int fd;  // kept after the socket is closed, as asyncio's _sock_fd
    std::shared_ptr<StreamReaderProtocol> protocol;
    std::shared_ptr<ServerState> server;

private:
    void add_reader() {
        if (closing) return;
        auto self = shared_from_this();
        loop.add_reader(fd, [self] { self->read_ready(); }, "_read_ready");
    }
    void read_ready();
    void write_ready();
    void fatal_error(std::exception_ptr error) { force_close(std::move(error)); }
    void force_close(std::exception_ptr error);
    void call_connection_lost(std::exception_ptr error);
    void maybe_pause_protocol() {
        if (buffer.size() <= WRITE_BUFFER_HIGH || protocol_paused) return;
        protocol_paused = true;
        protocol->pause_writing();
    }
    void maybe_resume_protocol() {
        if (!protocol_paused || buffer.size() > WRITE_BUFFER_LOW) return;
        protocol_paused = false;
        protocol->resume_writing();
    }

    std::string buffer;           // bytes write() could not send yet
    int conn_lost = 0;            // > 0: the connection is lost, or being closed
    bool closing = false;
    bool eof = false;             // write_eof() was called
    bool paused = false;          // reading is paused (the reader's buffer is full)
    bool protocol_paused = false; // the protocol was told to pause writing
    bool detached = false;        // the server was told this connection is over
};

void StreamReaderState::feed_data(std::string_view data) {
    if (data.empty()) return;
    buffer.append(data);
    wakeup_waiter();
    // Too much unread: stop reading from the socket until the program catches up.
    if (!paused && buffer.size() > 2 * limit) {
        if (auto t = transport.lock()) {
            t->pause_reading();
            paused = true;
        }
    }
}

void StreamReaderState::feed_eof() {
    eof = true;
    wakeup_waiter();
}

void StreamReaderState::set_exception(std::exception_ptr error) {
    exception = error;
    if (FuturePtr<None> w = std::exchange(waiter, nullptr); w && !w->cancelled()) w->set_exception(error);
}

void StreamReaderState::wakeup_waiter() {
    if (FuturePtr<None> w = std::exchange(waiter, nullptr); w && !w->cancelled()) w->set_result(none);
}

void StreamReaderState::maybe_resume_transport() {
    if (paused && buffer.size() <= limit) {
        paused = false;
        if (auto t = transport.lock()) t->resume_reading();
    }
}

void StreamReaderProtocol::connection_made(const std::shared_ptr<SocketTransport>& transport) {
    reader->transport = transport;
    if (!client_connected_cb) return;
    // A server's connection: the program's callback runs in a task of its own.
    StreamWriter writer(transport, shared_from_this(), reader);
    auto task = loop.create_task(client_connected_cb(StreamReader(reader), writer));
    // If it raises, say so and close the connection (asyncio does since 3.11.7): the
    // client is not left waiting, and the error does not pass unnoticed.
    task->add_done_callback(
        [transport](FutureBase& done) {
            if (done.cancelled() || !done.exception()) return;
            done.get_loop().call_exception_handler(
                {"Unhandled exception in client_connected_cb", done.exception(), nullptr, &done});
            transport->close();
        },
        "callback");
}

void StreamReaderProtocol::connection_lost(std::exception_ptr error) {
    if (error) reader->set_exception(error);
    else reader->feed_eof();
    if (!closed->done()) {
        if (error) closed->set_exception(error);
        else closed->set_result(none);
    }
    // FlowControlMixin.connection_lost: wake a drain() that waits.
    lost = true;
    if (!paused) return;
    for (const FuturePtr<None>& waiter : drain_waiters) {
        if (waiter->done()) continue;
        if (error) waiter->set_exception(error);
        else waiter->set_result(none);
    }
}

// The reader callback: epoll says the socket is readable.
void SocketTransport::read_ready() {
    if (conn_lost) return;
    std::optional<std::string> data;
    try {
        data = try_recv(fd, MAX_SIZE);
        if (!data) return;  // nothing after all: wait for the next readiness
    } catch (...) {
        fatal_error(std::current_exception());  // e.g. ConnectionResetError
        return;
    }
    if (data->empty()) {
        // End of stream. The protocol keeps the connection open for writing, but
        // there is nothing more to read: stop watching.
        if (protocol->eof_received()) loop.remove_reader(fd);
        else close();
        return;
    }
    protocol->data_received(*data);
}

void SocketTransport::write(std::string_view data) {
    if (eof) throw RuntimeError("Cannot call write() after write_eof()");
    if (data.empty()) return;
    if (conn_lost) {
        ++conn_lost;  // asyncio counts these, and drops the data
        return;
    }
    if (buffer.empty()) {
        // Nothing queued before this data: try to send it now.
        std::size_t sent = 0;
        try {
            sent = try_send(fd, data).value_or(0);
        } catch (...) {
            fatal_error(std::current_exception());
            return;
        }
        data.remove_prefix(sent);
        if (data.empty()) return;
        // The kernel's send buffer is full: the rest goes when the socket is writable.
        auto self = shared_from_this();
        loop.add_writer(fd, [self] { self->write_ready(); }, "_write_ready");
    }
    buffer.append(data);
    maybe_pause_protocol();
}

// The writer callback: the socket has room again.
void SocketTransport::write_ready() {
    if (conn_lost) return;
    std::size_t sent = 0;
    try {
        sent = try_send(fd, buffer).value_or(0);
    } catch (...) {
        loop.remove_writer(fd);
        buffer.clear();
        fatal_error(std::current_exception());
        return;
    }
    buffer.erase(0, sent);
    maybe_resume_protocol();
    if (!buffer.empty()) return;
    loop.remove_writer(fd);
    if (closing) {
        call_connection_lost(nullptr);
    } else if (eof) {
        sock.shutdown(SHUT_WR);
    }
}

void SocketTransport::write_eof() {
    if (closing || eof) return;
    eof = true;
    if (buffer.empty()) sock.shutdown(SHUT_WR);
}

void SocketTransport::close() {
    if (closing) return;
    closing = true;
    loop.remove_reader(fd);
    // With bytes still queued, write_ready closes once they are sent.
    if (buffer.empty()) {
        ++conn_lost;
        loop.remove_writer(fd);
        auto self = shared_from_this();
        loop.call_soon([self] { self->call_connection_lost(nullptr); }, "_call_connection_lost");
    }
}

// A send or receive failed: drop what is queued, stop watching, and close.
void SocketTransport::force_close(std::exception_ptr error) {
    if (conn_lost) return;
    if (!buffer.empty()) {
        buffer.clear();
        loop.remove_writer(fd);
    }
    if (!closing) {
        closing = true;
        loop.remove_reader(fd);
    }
    ++conn_lost;
    auto self = shared_from_this();
    loop.call_soon([self, error] { self->call_connection_lost(error); }, "_call_connection_lost");
}

void SocketTransport::call_connection_lost(std::exception_ptr error) {
    if (!conn_lost) conn_lost = 1;  // from now on write() drops its data
    if (!sock.is_closed()) {
        try {
            protocol->connection_lost(error);
        } catch (...) {
            sock.close();
            throw;
        }
        sock.close();
    }
    if (server && !detached) {
        detached = true;
        server->detach();
    }
}

// =====================================================================================
// The reader's coroutines. Each takes the reader's state by value (a shared_ptr), so
// a read in progress keeps it alive even if the StreamReader it came from is gone.
// =====================================================================================

// StreamReader._wait_for_data: wait until feed_data or feed_eof wakes us.
Coro<void> _wait_for_data(std::shared_ptr<StreamReaderState> r, const char* function) {
    if (r->waiter)
        throw RuntimeError(std::string(function) +
                           "() called while another coroutine is already waiting for incoming data");
    if (r->eof) throw InternalError("_wait_for_data after EOF");
    if (r->paused) {  // the buffer has room again: let the transport read
        r->paused = false;
        if (auto t = r->transport.lock()) t->resume_reading();
    }
    FuturePtr<None> waiter = r->loop.create_future<None>("_wait_for_data");
    r->waiter = waiter;
    try {
        co_await waiter;
    } catch (...) {
        if (r->waiter == waiter) r->waiter = nullptr;  // Python's `finally:`
        throw;
    }
    if (r->waiter == waiter) r->waiter = nullptr;
}

Coro<std::string> read(std::shared_ptr<StreamReaderState> r, long n) {
    if (r->exception) std::rethrow_exception(r->exception);
    if (n == 0) co_return std::string();
    if (n < 0) {
        // Read until the end: one limit-sized block at a time.
        std::string all;
        while (true) {
            std::string block = co_await read(r, long(r->limit));
            if (block.empty()) break;
            all += block;
        }
        co_return all;
    }
    if (r->buffer.empty() && !r->eof) co_await _wait_for_data(r, "read");
    std::string data = r->buffer.substr(0, std::size_t(n));
    r->buffer.erase(0, data.size());
    r->maybe_resume_transport();
    co_return data;
}

Coro<std::string> readexactly(std::shared_ptr<StreamReaderState> r, std::size_t n) {
    if (r->exception) std::rethrow_exception(r->exception);
    if (n == 0) co_return std::string();
    while (r->buffer.size() < n) {
        if (r->eof) throw IncompleteReadError(std::exchange(r->buffer, {}), n);
        co_await _wait_for_data(r, "readexactly");
    }
    std::string data = r->buffer.substr(0, n);
    r->buffer.erase(0, n);
    r->maybe_resume_transport();
    co_return data;
}

Coro<std::string> readuntil(std::shared_ptr<StreamReaderState> r, std::string separator) {
    if (separator.empty()) throw ValueError("Separator should be at least one-byte string");
    if (r->exception) std::rethrow_exception(r->exception);
    // Search only the bytes not searched yet: `offset` is where the separator could
    // start at the earliest, given what the previous passes did not find.
    std::size_t offset = 0;
    std::size_t found;
    while (true) {
        if (r->buffer.size() >= offset + separator.size()) {
            found = r->buffer.find(separator, offset);
            if (found != std::string::npos) break;
            offset = r->buffer.size() + 1 - separator.size();
            if (offset > r->limit)
                throw LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
        if (r->eof) throw IncompleteReadError(std::exchange(r->buffer, {}), std::nullopt);
        co_await _wait_for_data(r, "readuntil");
    }
    if (found > r->limit) throw LimitOverrunError("Separator is found, but chunk is longer than limit", found);
    std::string chunk = r->buffer.substr(0, found + separator.size());
    r->buffer.erase(0, chunk.size());
    r->maybe_resume_transport();
    co_return chunk;
}

Coro<std::string> readline(std::shared_ptr<StreamReaderState> r) {
    std::string line;
    std::optional<std::string> partial;
    std::optional<std::pair<std::string, std::size_t>> overrun;  // message, consumed
    try {
        line = co_await readuntil(r, "\n");
    } catch (const IncompleteReadError& e) {
        partial = e.partial();  // the stream ended: the last, unterminated line
    } catch (const LimitOverrunError& e) {
        overrun.emplace(e.what(), e.consumed());
    }
    if (partial) co_return *partial;
    if (overrun) {
        // Drop the line that was too long (up to its "\n" if it is there) so the
        // next readline starts afresh, and report it as asyncio does: ValueError.
        auto [message, consumed] = *overrun;
        if (r->buffer.compare(consumed, 1, "\n") == 0) r->buffer.erase(0, consumed + 1);
        else r->buffer.clear();
        r->maybe_resume_transport();
        throw ValueError(message);
    }
    co_return line;
}

// =====================================================================================
// The writer's coroutines
// =====================================================================================

// FlowControlMixin._drain_helper.
Coro<void> _drain_helper(std::shared_ptr<StreamReaderProtocol> p) {
    if (p->lost) throw ConnectionResetError(ECONNRESET, "Connection lost");
    if (!p->paused) co_return;
    FuturePtr<None> waiter = p->loop.create_future<None>("_drain_helper");
    p->drain_waiters.push_back(waiter);
    auto forget = [&] { std::erase(p->drain_waiters, waiter); };  // Python's `finally:`
    try {
        co_await waiter;
    } catch (...) {
        forget();
        throw;
    }
    forget();
}

Coro<void> drain(std::shared_ptr<SocketTransport> t, std::shared_ptr<StreamReaderProtocol> p,
                 std::shared_ptr<StreamReaderState> r) {
    if (r->exception) std::rethrow_exception(r->exception);
    // Closing: give connection_lost a tick to run, so that a loop of write() and
    // drain() on a dead connection does see the error.
    if (t->is_closing()) co_await sleep(0);
    co_await _drain_helper(p);
}

Coro<void> wait_closed(std::shared_ptr<StreamReaderProtocol> p) { co_await p->closed; }

// =====================================================================================
// Connections: the client's side (create_connection) and the server's
// =====================================================================================

// loop._create_connection_transport: wrap the connected socket, and wait until the
// transport's call_soon's have run (connection_made, _add_reader, the waiter).
Coro<std::shared_ptr<SocketTransport>> _create_connection_transport(Socket sock,
                                                                     std::shared_ptr<StreamReaderProtocol> protocol) {
    EventLoop& loop = protocol->loop;
    FuturePtr<None> waiter = loop.create_future<None>("_create_connection_transport.waiter");
    auto transport = std::make_shared<SocketTransport>(loop, std::move(sock), protocol, nullptr);
    transport->start(waiter);
    std::exception_ptr error;
    try {
        co_await waiter;
    } catch (...) {
        error = std::current_exception();
    }
    if (error) {
        transport->close();
        std::rethrow_exception(error);
    }
    co_return transport;
}

// loop._connect_sock: a new non-blocking socket, connected with sock_connect.
Coro<Socket> _connect_sock(Address address) {
    Socket sock = Socket::tcp();  // closed by its destructor if connecting fails
    co_await sock_connect(sock, address);
    co_return sock;
}

// loop.create_connection (for one numeric IPv4 address: nothing to resolve).
Coro<std::shared_ptr<SocketTransport>> create_connection(std::shared_ptr<StreamReaderProtocol> protocol,
                                                         Address address) {
    address.check();
    Socket sock = co_await _connect_sock(address);
    co_return co_await _create_connection_transport(std::move(sock), protocol);
}

// loop._accept_connection2, run as a task for each accepted connection.
Coro<void> _accept_connection2(std::shared_ptr<ServerState> server, Socket conn) {
    auto reader = std::make_shared<StreamReaderState>(server->loop, server->options.limit);
    auto protocol = std::make_shared<StreamReaderProtocol>(server->loop, reader, server->callback);
    FuturePtr<None> waiter = server->loop.create_future<None>("_accept_connection2.waiter");
    auto transport = std::make_shared<SocketTransport>(server->loop, std::move(conn), protocol, server);
    transport->start(waiter);
    std::exception_ptr error;
    try {
        co_await waiter;
    } catch (...) {
        error = std::current_exception();
    }
    if (error) {
        transport->close();
        std::rethrow_exception(error);
    }
}

// =====================================================================================
// The server
// =====================================================================================

void ServerState::start_serving() {
    if (serving) return;
    serving = true;
    listener.listen(options.backlog);
    // Watched for as long as the server serves, level-triggered: every tick in which
    // connections wait in the listen queue runs _accept_connection.
    auto self = shared_from_this();
    loop.add_reader(listener.fileno(), [self] { self->accept_connection(); }, "_accept_connection");
}

// The listening socket is readable: accept what is queued (at most `backlog` at a
// time, so that a flood of clients cannot hold the loop here), and build each
// connection's transport in a task of its own.
void ServerState::accept_connection() {
    for (int i = 0; i < options.backlog; ++i) {
        std::optional<std::pair<Socket, Address>> accepted;
        try {
            accepted = listener.accept();
        } catch (const ConnectionAbortedError&) {
            return;  // the client gave up before we accepted: nothing to do
        } catch (const OSError& e) {
            int err = e.error_number();
            if (err != EMFILE && err != ENFILE && err != ENOBUFS && err != ENOMEM) throw;
            // Out of descriptors (or memory): report it and pause accepting, instead
            // of being woken again at once for the same error.
            loop.call_exception_handler({"socket.accept() out of system resource", std::current_exception()});
            loop.remove_reader(listener.fileno());
            auto self = shared_from_this();
            retry = loop.call_later(
                ACCEPT_RETRY_DELAY,
                [self] {
                    if (self->closed) return;
                    self->serving = false;
                    self->start_serving();
                },
                "_start_serving");
            return;
        }
        if (!accepted) return;  // the queue is empty
        loop.create_task(_accept_connection2(shared_from_this(), std::move(accepted->first)));
    }
}

void ServerState::close() {
    if (closed) return;
    closed = true;
    if (retry) retry->cancel();
    loop.remove_reader(listener.fileno());
    listener.close();
    serving = false;
    if (active_count == 0) wakeup();
}

void ServerState::detach() {
    --active_count;
    if (active_count == 0 && closed) wakeup();
}

void ServerState::wakeup() {
    woken = true;
    if (loop.is_closed()) return;
    for (FuturePtr<None>& waiter : std::exchange(waiters, {})) set_result_unless_done(*waiter);
}

// loop._create_server_getaddrinfo: asyncio resolves the host in a task (through
// getaddrinfo in a thread pool); coolio only checks that it is a numeric address,
// but keeps the task, so that the server starts at the same tick as asyncio's.
Coro<Address> _create_server_getaddrinfo(std::string host, int port) {
    Address address(std::move(host), port);
    address.check();
    co_return address;
}

// loop.create_server, for one address.
Coro<Server> create_server(ClientConnectedCallback callback, std::string host, int port, StreamOptions options) {
    EventLoop& loop = get_running_loop();
    std::vector<Address> infos = co_await gather(_create_server_getaddrinfo(std::move(host), port));
    Socket listener = Socket::tcp();
    if (options.reuse_address) listener.set_reuse_address(true);
    listener.bind(infos.front());
    auto state = std::make_shared<ServerState>(loop, std::move(listener), std::move(callback), options);
    state->address = state->listener.getsockname();
    state->start_serving();
    // As asyncio: let one tick pass, so the server really listens through the loop
    // before the caller goes on.
    co_await sleep(0);
    co_return Server(state);
}

Coro<void> server_wait_closed(std::shared_ptr<ServerState> s) {
    if (s->woken) co_return;
    FuturePtr<None> waiter = s->loop.create_future<None>("Server.wait_closed");
    s->waiters.push_back(waiter);
    co_await waiter;
}

}  // namespace detail

// =====================================================================================
// The public classes: thin handles on the shared state
// =====================================================================================

Coro<std::string> StreamReader::read(long n) { return detail::read(state_, n); }
Coro<std::string> StreamReader::readline() { return detail::readline(state_); }
Coro<std::string> StreamReader::readexactly(std::size_t n) { return detail::readexactly(state_, n); }
Coro<std::string> StreamReader::readuntil(std::string separator) {
    return detail::readuntil(state_, std::move(separator));
}
bool StreamReader::at_eof() const { return state_->eof && state_->buffer.empty(); }
std::exception_ptr StreamReader::exception() const { return state_->exception; }

void StreamWriter::write(std::string_view data) { transport_->write(data); }
Coro<void> StreamWriter::drain() { return detail::drain(transport_, protocol_, reader_); }
void StreamWriter::write_eof() { transport_->write_eof(); }
void StreamWriter::close() { transport_->close(); }
bool StreamWriter::is_closing() const { return transport_->is_closing(); }
Coro<void> StreamWriter::wait_closed() { return detail::wait_closed(protocol_); }
Address StreamWriter::peername() const { return transport_->sock.getpeername(); }
Address StreamWriter::sockname() const { return transport_->sock.getsockname(); }

Address Server::address() const { return state_->address; }
bool Server::is_serving() const { return state_->serving; }
void Server::close() { state_->close(); }
Coro<void> Server::wait_closed() { return detail::server_wait_closed(state_); }

Coro<std::pair<StreamReader, StreamWriter>> open_connection(std::string host, int port, StreamOptions options) {
    EventLoop& loop = get_running_loop();
    auto reader = std::make_shared<detail::StreamReaderState>(loop, options.limit);
    auto protocol = std::make_shared<detail::StreamReaderProtocol>(loop, reader);
    Address address(std::move(host), port);
    std::shared_ptr<detail::SocketTransport> transport = co_await detail::create_connection(protocol, address);
    co_return std::pair(StreamReader(reader), StreamWriter(transport, protocol, reader));
}

Coro<Server> start_server(ClientConnectedCallback client_connected_cb, std::string host, int port,
                          StreamOptions options) {
    co_return co_await detail::create_server(std::move(client_connected_cb), std::move(host), port, options);
}

}  // namespace coolio

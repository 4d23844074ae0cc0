// http_get — a minimal HTTP/1.0 server and a client, with streams.
//
// start_server listens and, for each connection, runs handle_http(reader, writer) in
// a task of its own. The client opens a connection, writes a request, and reads the
// answer: the status line, the headers up to the blank line, then the body until the
// server closes the connection (HTTP/1.0 ends a body that way). Each readline() that
// finds no complete line in its buffer waits in sock_recv: in the trace, an io.watch
// of the socket, an io.ready when the other side has written, and the reading task
// stepping again. Not a real HTTP implementation: one page, GET only, no keep-alive.
#include <string_view>

#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

const std::string PAGE = "<html><body><h1>Hello from coolio</h1></body></html>\n";

std::string strip(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    return std::string(text);
}

Coro<void> handle_http(StreamReader reader, StreamWriter writer) {
    std::string request_line = strip(co_await reader.readline());
    while (true) {  // the headers, up to the blank line; this server ignores them
        std::string header = co_await reader.readline();
        if (strip(header).empty()) break;
    }
    print("server:", request_line);
    bool found = request_line.starts_with("GET / ") || request_line.starts_with("GET /index.html ");
    std::string status = found ? "200 OK" : "404 Not Found";
    std::string body = found ? PAGE : "Not found\n";
    writer.write("HTTP/1.0 " + status + "\r\nContent-Type: text/html\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body);
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

Coro<void> fetch(int port, std::string path) {
    auto [reader, writer] = co_await open_connection("127.0.0.1", port);
    writer.write("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    co_await writer.drain();
    std::string status_line = strip(co_await reader.readline());
    int headers = 0;
    while (!strip(co_await reader.readline()).empty()) ++headers;
    std::string body = co_await reader.read();  // until the server closes
    print("client:", status_line, "-", headers, "headers,", body.size(), "bytes of body");
    writer.close();
    co_await writer.wait_closed();
}

Coro<void> main_coro() {
    Server server = co_await start_server(handle_http, "127.0.0.1", 0);
    int port = server.address().port;
    co_await fetch(port, "/index.html");
    co_await fetch(port, "/missing");
    server.close();
    co_await server.wait_closed();
    print("server closed");
}

}  // namespace

void http_get(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

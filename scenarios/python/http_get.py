import asyncio

PAGE = b'<html><body><h1>Hello from coolio</h1></body></html>\n'


def strip(line):
    return line.decode().rstrip('\r\n')


async def handle_http(reader, writer):
    request_line = strip(await reader.readline())
    while True:
        header = await reader.readline()
        if not strip(header):
            break
    print('server:', request_line)
    found = request_line.startswith('GET / ') or request_line.startswith('GET /index.html ')
    status = '200 OK' if found else '404 Not Found'
    body = PAGE if found else b'Not found\n'
    writer.write(('HTTP/1.0 ' + status + '\r\nContent-Type: text/html\r\nContent-Length: ' +
                  str(len(body)) + '\r\n\r\n').encode() + body)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def fetch(port, path):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(('GET ' + path + ' HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n').encode())
    await writer.drain()
    status_line = strip(await reader.readline())
    headers = 0
    while strip(await reader.readline()):
        headers += 1
    body = await reader.read()
    print('client:', status_line, '-', headers, 'headers,', len(body), 'bytes of body')
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle_http, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    await fetch(port, '/index.html')
    await fetch(port, '/missing')
    server.close()
    await server.wait_closed()
    print('server closed')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

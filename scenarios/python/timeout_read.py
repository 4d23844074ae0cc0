import asyncio
import socket


def strip(line):
    return line.decode().rstrip('\r\n')


async def slow_handler(reader, writer):
    request = strip(await reader.readline())
    print('server: got', repr(request), '- answering in 2 s')
    await asyncio.sleep(2)
    writer.write(b'pong\n')
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    loop = asyncio.get_running_loop()
    server = await asyncio.start_server(slow_handler, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    await loop.sock_connect(sock, ('127.0.0.1', port))
    await loop.sock_sendall(sock, b'ping\n')
    try:
        reply = await asyncio.wait_for(loop.sock_recv(sock, 100), 0.5)
        print('client: got', repr(strip(reply)))
    except asyncio.TimeoutError:
        print('client: no reply within 0.5 s, at t =', loop.time())
    reply = strip(await asyncio.wait_for(loop.sock_recv(sock, 100), 5.0))
    print('client: got', repr(reply), 'at t =', loop.time())
    sock.close()
    server.close()
    await server.wait_closed()
    print('done')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

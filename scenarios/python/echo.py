import asyncio
import socket


async def handle_client(loop, conn, number):
    with conn:
        while True:
            data = await loop.sock_recv(conn, 100)
            if not data:
                break
            print('server: echo', repr(data.decode()), 'to client', number)
            await loop.sock_sendall(conn, data)
        print('server: client', number, 'closed its side')


async def serve(loop, listener, clients):
    handlers = []
    for number in range(1, clients + 1):
        conn, address = await loop.sock_accept(listener)
        print('server: accepted client', number)
        handlers.append(asyncio.create_task(handle_client(loop, conn, number)))
    for handler in handlers:
        await handler


async def client(loop, name, port, messages):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    await loop.sock_connect(sock, ('127.0.0.1', port))
    print(name, 'connected')
    for message in messages:
        await loop.sock_sendall(sock, message.encode())
        reply = await loop.sock_recv(sock, 100)
        print(name, 'got', repr(reply.decode()))
    sock.close()


async def main():
    loop = asyncio.get_running_loop()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setblocking(False)
    listener.bind(('127.0.0.1', 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    server = asyncio.create_task(serve(loop, listener, 2))
    a = asyncio.create_task(client(loop, 'A', port, ['hello', 'world']))
    b = asyncio.create_task(client(loop, 'B', port, ['ping', 'pong', 'bye']))
    await a
    await b
    await server
    listener.close()
    print('echo done')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

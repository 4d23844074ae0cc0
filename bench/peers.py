#!/usr/bin/python3
"""peers.py: coolio-bench's seven workloads on CPython's asyncio and on uvloop.

    /usr/bin/python3 bench/peers.py asyncio|uvloop WORKLOAD [--n N]

Prints the same JSON line as build/bin/coolio-bench:
    {"runtime": "uvloop", "workload": "tasks", "n": 100000, "seconds": ..., ...}
Each workload does what its namesake in bench/coolio_bench.cpp does, and times the
same part (see the comments there). The peers are never traced: "traced" is false
and "events" 0. A last field, cpu_seconds, is the CPU time the whole workload took
(set-up included): on a busy machine it is the fairer figure. Only the standard library and Debian's python3-uvloop are used.
"""

import asyncio
import json
import resource
import socket
import sys
import time

SEED = 42
MASK = (1 << 64) - 1
MESSAGE_SIZE = 64


class Random:
    """splitmix64, bit for bit as in coolio_bench.cpp: both draw the same delays."""

    def __init__(self, seed):
        self.state = seed

    def uniform(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        return (z >> 11) * 2.0**-53


def stop_after(loop, n):
    """A callback that stops the loop the n-th time it is called."""
    count = 0

    def callback():
        nonlocal count
        count += 1
        if count == n:
            loop.stop()

    return callback


def callbacks(loop, n):
    callback = stop_after(loop, n)
    for _ in range(n):
        loop.call_soon(callback)
    start = time.perf_counter()
    loop.run_forever()
    return time.perf_counter() - start


def callbacks_chain(loop, n):
    left = n

    def chain():
        nonlocal left
        left -= 1
        if left == 0:
            loop.stop()
        else:
            loop.call_soon(chain)

    start = time.perf_counter()
    loop.call_soon(chain)
    loop.run_forever()
    return time.perf_counter() - start


async def child():
    await asyncio.sleep(0)


def tasks(loop, n):
    async def spawn_and_gather():
        await asyncio.gather(*[child() for _ in range(n)])

    start = time.perf_counter()
    loop.run_until_complete(spawn_and_gather())
    return time.perf_counter() - start


def pingpong(loop, n):
    inbox = [loop.create_future(), loop.create_future()]

    async def player(me):
        while True:
            token = await inbox[me]
            if token >= n:
                return
            inbox[me] = loop.create_future()
            inbox[1 - me].set_result(token + 1)
            if token + 1 >= n:
                return

    async def match():
        await asyncio.gather(player(0), player(1))

    start = time.perf_counter()
    inbox[0].set_result(0)
    loop.run_until_complete(match())
    return time.perf_counter() - start


def timers(loop, n):
    random = Random(SEED)
    timer = stop_after(loop, n)
    start = time.perf_counter()
    for _ in range(n):
        loop.call_later(0.050 * random.uniform(), timer)
    loop.run_forever()
    return time.perf_counter() - start


async def sleeper(delay):
    await asyncio.sleep(delay)


def sleepers(loop, n):
    async def sleep_and_gather():
        random = Random(SEED)
        await asyncio.gather(*[sleeper(0.010 * random.uniform()) for _ in range(n)])

    start = time.perf_counter()
    loop.run_until_complete(sleep_and_gather())
    return time.perf_counter() - start


async def echo_server(loop, listener):
    conn, _ = await loop.sock_accept(listener)
    with conn:
        while True:
            data = await loop.sock_recv(conn, MESSAGE_SIZE)
            if not data:
                break
            await loop.sock_sendall(conn, data)


async def echo_client(loop, port, n):
    with socket.socket() as sock:
        sock.setblocking(False)
        await loop.sock_connect(sock, ("127.0.0.1", port))
        message = b"x" * MESSAGE_SIZE
        for _ in range(n):
            await loop.sock_sendall(sock, message)
            received = 0
            while received < MESSAGE_SIZE:
                part = await loop.sock_recv(sock, MESSAGE_SIZE - received)
                if not part:
                    raise RuntimeError("echo: the server closed early")
                received += len(part)


def echo(loop, n):
    async def session():
        with socket.socket() as listener:
            listener.setblocking(False)
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = listener.getsockname()[1]
            await asyncio.gather(echo_server(loop, listener), echo_client(loop, port, n))

    start = time.perf_counter()
    loop.run_until_complete(session())
    return time.perf_counter() - start


WORKLOADS = {
    "callbacks": callbacks,
    "callbacks-chain": callbacks_chain,
    "tasks": tasks,
    "pingpong": pingpong,
    "timers": timers,
    "sleepers": sleepers,
    "echo": echo,
}


def usage(problem):
    print(f"peers.py: {problem}", file=sys.stderr)
    print("usage: peers.py asyncio|uvloop WORKLOAD [--n N]; workloads: " + " ".join(WORKLOADS), file=sys.stderr)
    sys.exit(2)


def new_loop(runtime):
    if runtime == "uvloop":
        import uvloop  # Debian's python3-uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def main(argv):
    if len(argv) < 2:
        usage("a runtime and a workload are needed")
    runtime, workload = argv[0], argv[1]
    if runtime not in ("asyncio", "uvloop"):
        usage(f"unknown runtime '{runtime}'")
    if workload not in WORKLOADS:
        usage(f"unknown workload '{workload}'")
    n = 100_000
    rest = argv[2:]
    while rest:
        if rest[0] != "--n" or len(rest) < 2:
            usage(f"unknown option '{rest[0]}'")
        if not rest[1].isdigit() or int(rest[1]) == 0:
            usage(f"--n must be a positive whole number, not '{rest[1]}'")
        n = int(rest[1])
        rest = rest[2:]

    loop = new_loop(runtime)
    asyncio.set_event_loop(loop)
    cpu_start = time.process_time()
    try:
        seconds = WORKLOADS[workload](loop, n)
    finally:
        cpu_seconds = time.process_time() - cpu_start
        loop.close()
    print(json.dumps({
        "runtime": runtime,
        "workload": workload,
        "n": n,
        "seconds": round(seconds, 6),
        "ops_per_sec": round(n / seconds, 1),
        "traced": False,
        "events": 0,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "cpu_seconds": round(cpu_seconds, 6),
    }, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1:])

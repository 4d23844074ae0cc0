import asyncio


async def worker(name, lock, start):
    await start.wait()
    print(name, 'waiting for the lock')
    await lock.acquire()
    print(name, 'has the lock')
    await asyncio.sleep(1)
    lock.release()
    print(name, 'released the lock')


async def main():
    lock = asyncio.Lock()
    start = asyncio.Event()
    workers = [asyncio.ensure_future(worker(name, lock, start)) for name in 'ABC']
    await asyncio.sleep(0)
    print('starting')
    start.set()
    await asyncio.gather(*workers)


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


def callback(n):
    print('callback', n)


async def worker(name):
    print(name, 'step 1')
    await asyncio.sleep(0)
    print(name, 'step 2')


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(callback, 1)
    task = asyncio.ensure_future(worker('A'))
    loop.call_soon(callback, 2)
    await task
    loop.call_soon(callback, 3)
    await asyncio.sleep(0)
    print('main done')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

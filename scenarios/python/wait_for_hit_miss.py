import asyncio


async def slow(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, 'cancelled, cleaning up')
        raise
    print(name, 'finished')
    return name


async def main():
    loop = asyncio.get_running_loop()
    print('hit:', await asyncio.wait_for(slow('fast', 1), 2))
    try:
        await asyncio.wait_for(slow('slow', 5), 2)
    except TimeoutError as e:
        print('miss:', repr(e), 'at', loop.time())
    print('no timeout:', await asyncio.wait_for(slow('unbounded', 1), None), 'at', loop.time())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

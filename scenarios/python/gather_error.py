import asyncio


async def ok(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finished')
    return name


async def fail(delay):
    await asyncio.sleep(delay)
    print('fail raises')
    raise ValueError('boom')


async def main():
    results = await asyncio.gather(ok('a', 1), fail(2), ok('c', 3), return_exceptions=True)
    print('with return_exceptions:', results)
    try:
        await asyncio.gather(ok('d', 1), fail(2), ok('f', 3))
    except ValueError as e:
        print('gather raised', repr(e))
    await asyncio.sleep(2)  # "f" is still running: gather did not cancel it
    print('done')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

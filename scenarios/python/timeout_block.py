import asyncio


async def slow_block():
    print('block: sleeping 10 s')
    await asyncio.sleep(10)
    print('block: never gets here')


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.5):
            await slow_block()
    except TimeoutError as e:
        print('timed out at', loop.time(), repr(e))
    async with asyncio.timeout(5) as cm:
        await asyncio.sleep(1)
        print('in time at', loop.time(), 'expired:', cm.expired())
    async with asyncio.timeout(1) as cm:
        cm.reschedule(loop.time() + 3)
        await asyncio.sleep(2)
        print('rescheduled: still running at', loop.time())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('stubborn: cancelled; cancelling() =', asyncio.current_task().cancelling())
        asyncio.current_task().uncancel()
        print('stubborn: swallowed it; cancelling() =', asyncio.current_task().cancelling())
    await asyncio.sleep(1)
    print('stubborn: finished at', asyncio.get_running_loop().time())
    return 'still here'


async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    task.cancel()
    result = await task
    print('main: result', result, 'cancelled:', task.cancelled())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def sleeper():
    print('sleeper: going to sleep for 10 s')
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('sleeper: cancelled at', asyncio.get_running_loop().time())
        raise
    print('sleeper: woke up normally')


async def main():
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    print('main: cancel() ->', task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print('main: the task is cancelled:', task.cancelled())
    print('main: done at', asyncio.get_running_loop().time())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

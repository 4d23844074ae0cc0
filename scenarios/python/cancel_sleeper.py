import asyncio


async def sleeper():
    print('sleeper: going to sleep for 10 s')
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('sleeper: cancelled while sleeping')
        raise
    print('sleeper: woke up')


async def main():
    start = asyncio.get_running_loop().time()
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    print('main: cancelling the sleeper')
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print('main: the sleeper is cancelled:', task.cancelled())
    print('TIME: ', asyncio.get_running_loop().time() - start)


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

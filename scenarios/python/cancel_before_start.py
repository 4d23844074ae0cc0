import asyncio


async def never_runs():
    print('this line is never printed')


async def main():
    task = asyncio.create_task(never_runs())
    print('cancel() ->', task.cancel('too early'))
    print('cancelled() right after cancel():', task.cancelled())
    try:
        await task
    except asyncio.CancelledError as e:
        print('awaiting it raised', repr(e))
    print('cancelled() now:', task.cancelled())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('inner: cancelled too')
        raise


async def outer(inner_task):
    try:
        await inner_task
    except asyncio.CancelledError:
        print('outer: cancelled while awaiting inner')
        raise


async def main():
    i = asyncio.create_task(inner())
    o = asyncio.create_task(outer(i))
    await asyncio.sleep(1)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print('main: outer cancelled:', o.cancelled(), 'inner cancelled:', i.cancelled())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

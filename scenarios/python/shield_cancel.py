import asyncio


async def save(record):
    print('save: writing', record)
    await asyncio.sleep(2)
    print('save: written', record)
    return record.upper()


async def request(save_task):
    return await asyncio.shield(save_task)


async def main():
    loop = asyncio.get_running_loop()
    save_task = asyncio.create_task(save('order-1'))
    req = asyncio.create_task(request(save_task))
    await asyncio.sleep(1)
    req.cancel()
    try:
        await req
    except asyncio.CancelledError:
        print('request cancelled at', loop.time())
    saved = await save_task
    print('save result', saved, 'at', loop.time())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

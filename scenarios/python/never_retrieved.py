import asyncio


async def fail():
    await asyncio.sleep(1)
    raise ValueError('nobody looks at me')


async def fail_but_awaited():
    await asyncio.sleep(1)
    raise ValueError('caught')


def handler(loop, context):
    print('handler:', context['message'], '-', repr(context.get('exception')))


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    asyncio.create_task(fail())  # nobody keeps it
    awaited = asyncio.create_task(fail_but_awaited())
    await asyncio.sleep(2)
    try:
        await awaited
    except ValueError as e:
        print('main: retrieved', repr(e))
    print('main: done')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def leaf(n):
    print('leaf', n, 'sleeps')
    await asyncio.sleep(n)
    return n * 10


async def middle(n):
    print('middle', n, 'calls leaf')
    value = await leaf(n)
    print('middle', n, 'got', value)
    return value + 1


async def top():
    a = await middle(1)
    b = await middle(2)
    print('top got', a, b)
    return a + b


async def main():
    task = asyncio.create_task(top())
    other = asyncio.create_task(middle(3))
    print('main waits')
    first = await task
    second = await other
    print('result', first, second)


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

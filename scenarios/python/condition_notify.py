import asyncio


async def consumer(cond, items, n):
    async with cond:
        await cond.wait_for(lambda: items)
        print('consumer', n, 'got', items.pop(0))


async def producer(cond, items):
    for i in range(3):
        await asyncio.sleep(1)
        async with cond:
            items.append(i)
            print('producer put', i, 'at', asyncio.get_running_loop().time())
            cond.notify()


async def main():
    cond = asyncio.Condition()
    items = []
    await asyncio.gather(consumer(cond, items, 1), consumer(cond, items, 2), consumer(cond, items, 3),
                         producer(cond, items))
    print('all consumed:', not items)


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def worker(name, turns):
    for i in range(turns):
        print(name, i)
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(worker('A', 3), worker('B', 3), worker('C', 3))
    print('all done')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

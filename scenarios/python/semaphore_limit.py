import asyncio


async def download(sem, n):
    async with sem:
        print('start', n, 'at', asyncio.get_running_loop().time())
        await asyncio.sleep(1)
        print('end', n)


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(download(sem, n) for n in range(5)))
    print('all downloaded at', asyncio.get_running_loop().time())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    print('fetched', name)
    return name


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(fetch('slow', 3)), asyncio.create_task(fetch('fast', 1)),
             asyncio.create_task(fetch('medium', 2))]
    for next_done in asyncio.as_completed(tasks):
        print('got', await next_done, 'at', loop.time())

    late = [asyncio.create_task(fetch('late', 5))]
    for next_done in asyncio.as_completed(late, timeout=1):
        try:
            await next_done
        except TimeoutError:
            print('as_completed timed out at', loop.time())
    name = await late[0]
    print('the late task still finished:', name, 'at', loop.time())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

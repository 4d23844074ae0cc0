import asyncio

DONE = -1


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)
        print('put', i)
    await queue.put(DONE)


async def consumer(queue):
    while True:
        item = await queue.get()
        if item == DONE:
            queue.task_done()
            break
        print('got', item)
        await asyncio.sleep(0.5)
        queue.task_done()


async def main():
    queue = asyncio.Queue(2)
    await asyncio.gather(producer(queue, 5), consumer(queue))
    await queue.join()
    print('all processed')


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

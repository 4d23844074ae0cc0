# The doc's example, as Python 3.11 must write it: wait() no longer accepts bare
# coroutines, so a small wrapper coroutine makes the tasks (in list order) inside
# the task that waits, which is what the doc's asyncio did.
import asyncio
from asyncio import ensure_future, sleep, wait


async def long_time_work(x=1):
    print('long time work')
    await sleep(x)
    print('long time work End')


async def do_some_work(x):
    print('Waiting: ', x)
    await long_time_work(x)


async def wait_all(coros):
    return await wait([ensure_future(c) for c in coros])


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    start = loop.time()
    loop.run_until_complete(wait_all([do_some_work(1), do_some_work(2), do_some_work(3)]))
    print('TIME: ', loop.time() - start)
    loop.close()


main()

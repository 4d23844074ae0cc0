import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    print(name, 'finished')
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(job('a', 1), name='a')
    b = asyncio.create_task(job('b', 2), name='b')
    done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_COMPLETED)
    print('FIRST_COMPLETED at', loop.time(), names(done), names(pending))

    c = asyncio.create_task(job('c', 0.5, True), name='c')
    d = asyncio.create_task(job('d', 3), name='d')
    done, pending = await asyncio.wait([b, c, d], return_when=asyncio.FIRST_EXCEPTION)
    print('FIRST_EXCEPTION at', loop.time(), names(done), names(pending))

    done, pending = await asyncio.wait([d], return_when=asyncio.ALL_COMPLETED)
    print('ALL_COMPLETED at', loop.time(), names(done), names(pending))

    e = asyncio.create_task(job('e', 5), name='e')
    done, pending = await asyncio.wait([e], timeout=1.5)
    print('timeout at', loop.time(), names(done), names(pending))
    result = await e
    print('e result', result, 'exception of c', repr(c.exception()))


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
loop.close()

import asyncio


async def fetch_profile(user):
    await asyncio.sleep(0.1)
    return {"user": user}


async def fetch_orders(user):
    await asyncio.sleep(0.1)
    return []


async def refresh(user):
    profile, orders = await asyncio.gather(fetch_profile(user), fetch_orders(user))  # expect: gather-orphans:warning
    return profile, orders


async def refresh_all(users):
    coros = [fetch_profile(u) for u in users]
    return await asyncio.gather(*coros)  # expect: gather-orphans:warning


async def refresh_explicit(users):
    results = await asyncio.gather(*[fetch_orders(u) for u in users], return_exceptions=False)  # expect: gather-orphans:warning
    return results


async def refresh_safe(user):
    results = await asyncio.gather(fetch_profile(user), fetch_orders(user), return_exceptions=True)  # ok: gather-orphans
    return [r for r in results if not isinstance(r, BaseException)]


async def one(user):
    (profile,) = await asyncio.gather(fetch_profile(user))  # ok: gather-orphans  (nothing to orphan)
    return profile


async def guarded(users):
    tasks = [asyncio.create_task(fetch_profile(u)) for u in users]
    try:
        return await asyncio.gather(*tasks)  # ok: gather-orphans  (the handler cancels the rest)
    except Exception:
        for t in tasks:
            t.cancel()
        raise


async def stop(tasks):
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks)  # ok: gather-orphans  (already cancelled)


async def close(clients):
    await asyncio.gather(*(c.close() for c in clients))  # ok: gather-orphans  (shutdown code)


async def setup_cache(clients):
    await asyncio.gather(*(c.connect() for c in clients))  # expect: gather-orphans:suggestion


async def drain(conns):
    await asyncio.gather(*(c.wait_closed() for c in conns))  # ok: gather-orphans  (only waits)


async def main():
    await asyncio.gather(fetch_profile(1), fetch_orders(1))  # ok: gather-orphans  (asyncio.run cancels the rest)


async def serve(port):
    await asyncio.gather(fetch_profile(port), fetch_orders(port))  # ok: gather-orphans  (entry coroutine)


if __name__ == "__main__":
    asyncio.run(main())
    asyncio.run(serve(8080))


class Buffer:
    def __init__(self):
        self._tasks = []
        self._by_key = {}

    async def flush(self):
        await asyncio.gather(*self._tasks)  # ok: gather-orphans  (the object holds and can cancel them)
        await asyncio.gather(*self._by_key.values())  # ok: gather-orphans

    async def refresh(self, users):
        await asyncio.gather(*self.fetch_all(users))  # expect: gather-orphans:warning

    def fetch_all(self, users):
        return [fetch_profile(u) for u in users]

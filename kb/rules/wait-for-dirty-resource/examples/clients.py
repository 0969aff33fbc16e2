import asyncio

lock = asyncio.Lock()


async def guarded(job):
    await asyncio.wait_for(lock.acquire(), timeout=5)  # expect: wait-for-dirty-resource:warning
    try:
        return await job()
    finally:
        lock.release()


async def query(pool, sql):
    conn = await asyncio.wait_for(pool.acquire(), 3)  # expect: wait-for-dirty-resource:warning
    try:
        return await conn.fetch(sql)
    finally:
        await pool.release(conn)


class Repo:
    def __init__(self, pool):
        self._pool = pool

    async def _checkout(self):
        conn = await self._pool.acquire()
        await conn.execute("SET search_path TO app")
        return conn

    async def fetch(self, sql):
        conn = await asyncio.wait_for(self._checkout(), 2)  # expect: wait-for-dirty-resource:warning
        try:
            return await conn.fetch(sql)
        finally:
            await self._pool.release(conn)


class LineClient:
    def __init__(self, reader, writer):
        self._reader = reader
        self._writer = writer

    async def call(self, line):
        self._writer.write(line + b"\n")
        await self._writer.drain()
        return await asyncio.wait_for(self._reader.readline(), 5)  # expect: wait-for-dirty-resource:warning

    async def _exchange(self, line):
        self._writer.write(line + b"\n")
        return await self._reader.readline()

    async def call_helper(self, line):
        return await asyncio.wait_for(self._exchange(line), 5)  # expect: wait-for-dirty-resource:warning

    async def call_resetting(self, line):
        self._writer.write(line + b"\n")
        try:
            return await asyncio.wait_for(self._reader.readline(), 5)  # ok: wait-for-dirty-resource  (closes on timeout)
        except asyncio.TimeoutError:
            self._writer.close()
            raise


async def plain_timeout(fetch):
    return await asyncio.wait_for(fetch(), 10)  # ok: wait-for-dirty-resource  (no resource)


async def sleep_with_timeout():
    await asyncio.wait_for(asyncio.sleep(1), 0.5)  # ok: wait-for-dirty-resource


async def scoped(job):
    async with lock:  # ok: wait-for-dirty-resource
        return await asyncio.wait_for(job(), 5)  # ok: wait-for-dirty-resource

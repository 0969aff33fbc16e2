import asyncio

lock = asyncio.Lock()


async def guarded(fn):
    await lock.acquire()  # expect: lock-not-released:critical
    result = await fn()
    lock.release()
    return result


async def early_return(cache, key, load):
    await lock.acquire()  # expect: lock-not-released:critical
    value = cache.get(key)
    if value is not None:
        return value  # expect: lock-not-released:critical
    value = await load(key)
    lock.release()
    return value


class Pool:
    def __init__(self, size):
        self._sem = asyncio.Semaphore(size)
        self._free = []

    async def run(self, job):
        await self._sem.acquire()  # expect: lock-not-released:critical
        try:
            result = await job()
        except Exception:
            self._sem.release()
            raise
        finally:
            self._free.append(job)
        self._sem.release()
        return result

    async def run_logged(self, job, log):
        await self._sem.acquire()  # expect: lock-not-released:critical
        try:
            result = await job()
        except Exception:
            self._sem.release()
            raise
        self._sem.release()
        return result

    async def sync_between(self, items):
        await self._sem.acquire()  # expect: lock-not-released:warning
        n = len(items)
        self._sem.release()
        return n

    async def gap_before_try(self, job):
        await self._sem.acquire()  # expect: lock-not-released:warning
        await asyncio.sleep(0)
        try:
            return await job()
        finally:
            self._sem.release()


async def with_finally(fn):
    await lock.acquire()  # ok: lock-not-released
    try:
        return await fn()
    finally:
        lock.release()


async def inside_try(fn):
    try:
        await lock.acquire()  # ok: lock-not-released
        return await fn()
    finally:
        lock.release()


async def context_manager(fn):
    async with lock:  # ok: lock-not-released
        return await fn()


async def base_exception_handler(fn):
    await lock.acquire()  # ok: lock-not-released
    try:
        result = await fn()
    except BaseException:
        lock.release()
        raise
    lock.release()
    return result


async def nothing_between():
    await lock.acquire()  # ok: lock-not-released
    lock.release()


class Guard:
    """Split on purpose: __aexit__ releases what __aenter__ took."""

    def __init__(self):
        self._lock = asyncio.Lock()

    async def __aenter__(self):
        await self._lock.acquire()  # ok: lock-not-released
        return self

    async def __aexit__(self, *exc):
        self._lock.release()


class Session:
    def __init__(self, connect):
        self._sem = asyncio.Semaphore(4)
        self._connect = connect

    async def __aenter__(self):
        await self._sem.acquire()  # expect: lock-not-released:warning
        self.conn = await self._connect()
        return self

    async def __aexit__(self, *exc):
        self._sem.release()


async def pool_connection(pool, query):
    conn = await pool.acquire()  # ok: lock-not-released  (a connection pool, not a lock)
    rows = await conn.fetch(query)
    await pool.release(conn)
    return rows

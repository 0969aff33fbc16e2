import asyncio

_registry_lock = asyncio.Lock()
_registry = {}


class Cache:
    def __init__(self, loader):
        self._lock = asyncio.Lock()
        self._data = {}
        self._loader = loader

    async def get(self, key):
        async with self._lock:
            if key not in self._data:
                await self._refresh(key)  # expect: lock-reentry:critical
            return self._data[key]

    async def _refresh(self, key):
        async with self._lock:
            self._data[key] = await self._loader(key)

    async def put_many(self, items):
        async with self._lock:
            for k, v in items:
                self._data[k] = v
            await self._notify(list(self._data))  # ok: lock-reentry  (_notify takes no lock)

    async def _notify(self, keys):
        await asyncio.sleep(0)
        return keys

    async def refresh_all(self):
        for key in list(self._data):
            await self._refresh(key)  # ok: lock-reentry  (not holding the lock here)

    async def nested(self):
        async with self._lock:
            async with self._lock:  # expect: lock-reentry:critical
                self._data.clear()

    async def acquire_then_call(self, key):
        await self._lock.acquire()
        try:
            await self._refresh(key)  # expect: lock-reentry:critical
        finally:
            self._lock.release()

    async def load_unlocked(self, key):
        async with self._lock:
            self._lock.release()
            try:
                value = await self._loader(key)
            finally:
                await self._lock.acquire()  # ok: lock-reentry  (released just before)
            self._data[key] = value

    async def after_release(self, key):
        async with self._lock:
            self._data.pop(key, None)
        await self._refresh(key)  # ok: lock-reentry  (the with block has ended)


async def register(name, factory):
    async with _registry_lock:
        _registry[name] = await build(factory)  # expect: lock-reentry:critical


async def build(factory):
    async with _registry_lock:
        return await factory()


class Limiter:
    def __init__(self):
        self._sem = asyncio.Semaphore(10)

    async def outer(self, job):
        async with self._sem:
            return await self.inner(job)  # ok: lock-reentry  (a semaphore: takes a second permit)

    async def inner(self, job):
        async with self._sem:
            return await job()

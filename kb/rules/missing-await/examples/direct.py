import asyncio
import atexit
import functools
import signal
import threading

import aiohttp


class OrderService:
    def __init__(self, repo, bus):
        self.repo = repo
        self.bus = bus
        self._tasks = set()

    async def publish(self, order):
        await self.bus.send("orders", order)

    async def exists(self, order_id):
        return await self.repo.has(order_id)

    async def create(self, order):
        await self.repo.save(order)
        self.publish(order)  # expect: missing-await:critical
        return order

    async def create_checked(self, order):
        if self.exists(order.id):  # expect: missing-await:critical
            return None
        pending = self.publish(order)  # expect: missing-await:critical
        return order

    async def create_fine(self, order):
        await self.publish(order)  # ok: missing-await
        task = asyncio.create_task(self.publish(order))  # ok: missing-await
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        await asyncio.gather(self.publish(order), self.publish(order), return_exceptions=True)  # ok: missing-await
        later = self.publish(order)  # ok: missing-await
        await asyncio.wait_for(later, timeout=5)
        if await self.exists(order.id):  # ok: missing-await
            return order
        coros = [self.publish(o) for o in (order,)]  # ok: missing-await
        await asyncio.gather(*coros, return_exceptions=True)
        return None

    async def get(self, order_id):
        return self.repo.load(order_id)  # ok: missing-await  (repo.load is not known to be a coroutine)

    async def get_twice_wrapped(self, order_id):
        return self.exists(order_id)  # expect: missing-await:warning

    def on_message(self, order):
        self.publish(order)  # expect: missing-await:critical

    def schedule(self, order):
        task = asyncio.get_running_loop().create_task(self.publish(order))  # ok: missing-await
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start(self, loop):
        loop.add_signal_handler(signal.SIGTERM, lambda: self.publish(None))  # expect: missing-await:critical
        loop.call_soon(self.publish, None)  # expect: missing-await:warning
        atexit.register(self.flush)  # expect: missing-await:critical
        threading.Thread(target=self.flush, daemon=True).start()  # expect: missing-await:critical
        loop.call_later(5, functools.partial(self.publish, None))  # expect: missing-await:warning
        loop.call_soon(self.schedule, None)  # ok: missing-await  (a sync callable)
        threading.Thread(target=asyncio.run, args=(self.flush(),)).start()  # ok: missing-await

    async def flush(self):
        await self.bus.flush()


async def poll(session: aiohttp.ClientSession, url):
    while True:
        asyncio.sleep(1)  # expect: missing-await:critical
        async with session.get(url) as resp:  # ok: missing-await
            await resp.text()


async def close_on_purpose(svc):
    coro = svc.publish(None)  # ok: missing-await
    coro.close()


async def download(url):
    async with aiohttp.ClientSession() as session:
        session.get(url)  # expect: missing-await:critical
        resp = await session.get(url)  # ok: missing-await
        return await resp.text()


async def main():
    svc = OrderService(None, None)
    await svc.create({})  # ok: missing-await


async def numbers():
    yield 1


def consume():
    gen = numbers()  # ok: missing-await  (an async generator, iterated with async for)
    return gen


if __name__ == "__main__":
    asyncio.run(main())  # ok: missing-await
    main()  # expect: missing-await:critical


async def report(order):
    svc = OrderService(None, None)
    print(svc.exists(order.id))  # expect: missing-await:critical
    print(await svc.exists(order.id))  # ok: missing-await
    ok = svc.exists(order.id)  # expect: missing-await:critical
    if ok:
        return True
    return False


class BaseCursor:
    async def _close(self):
        raise NotImplementedError

    async def close(self):
        return self._close()  # ok: missing-await  (subclasses implement _close as a plain def)


class Cursor(BaseCursor):
    def _close(self):
        return asyncio.get_running_loop().create_future()


async def close_client(session: aiohttp.ClientSession):
    session.close()  # expect: missing-await:critical  (typed by its annotation)


class Transport:
    async def close(self):
        await asyncio.sleep(0)

    def abort(self):
        self.close()  # ok: missing-await  (SyncTransport overrides close with a plain def: maybe no coroutine)


class SyncTransport(Transport):
    def close(self):
        return None

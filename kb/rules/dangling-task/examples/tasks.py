import asyncio

background_tasks = set()


async def send_receipt(order):
    await asyncio.sleep(0.1)


async def audit(order):
    await asyncio.sleep(0.1)


class Worker:
    def __init__(self, loop):
        self._loop = loop
        self._tasks = set()
        self._task = None

    async def on_order(self, order):
        asyncio.create_task(send_receipt(order))  # expect: dangling-task:warning
        asyncio.ensure_future(audit(order))  # expect: dangling-task:warning
        self._loop.create_task(audit(order))  # expect: dangling-task:warning
        _ = asyncio.create_task(audit(order))  # expect: dangling-task:warning
        t = asyncio.create_task(audit(order))  # expect: dangling-task:warning
        return order

    async def on_order_kept(self, order, tg):
        task = asyncio.create_task(send_receipt(order))  # ok: dangling-task
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)
        self._task = asyncio.create_task(audit(order))  # ok: dangling-task
        self._tasks.add(asyncio.create_task(audit(order)))  # ok: dangling-task
        tg.create_task(audit(order))  # ok: dangling-task  (a task group owns it)
        async with asyncio.TaskGroup() as group:
            group.create_task(audit(order))  # ok: dangling-task
        waited = asyncio.create_task(audit(order))  # ok: dangling-task
        await waited
        asyncio.ensure_future(self._task)  # ok: dangling-task  (not a coroutine: returns the same future)
        return asyncio.create_task(audit(order))  # ok: dangling-task

    def spawn(self, coro):
        task = self._loop.create_task(coro)  # ok: dangling-task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def uses_wrapper(self, order):
        self.spawn(audit(order))  # ok: dangling-task  (the wrapper keeps the task)


async def main():
    asyncio.create_task(audit(None))  # expect: dangling-task:suggestion
    await asyncio.sleep(1)


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    loop.create_task(main())  # expect: dangling-task:suggestion
    loop.run_forever()  # ok: dangling-task


async def guarded(order):
    try:
        await audit(order)
    except Exception:
        pass


async def dispatch(order):
    asyncio.create_task(guarded(order))  # ok: dangling-task  (the coroutine handles its own errors)
    asyncio.create_task(send_receipt(order))  # expect: dangling-task:warning

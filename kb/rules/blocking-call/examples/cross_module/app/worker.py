import asyncio

from . import store
from .store import next_job as take


async def handle(job):
    await asyncio.sleep(0.1)


async def run():
    while True:
        item = take()  # expect: blocking-call
        if item:
            await handle(item[1])


async def inspect():
    jobs = store.peek()  # expect: blocking-call
    offloaded = await asyncio.to_thread(store.peek)  # ok: blocking-call
    return jobs, offloaded

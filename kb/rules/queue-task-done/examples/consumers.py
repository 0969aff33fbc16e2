import asyncio
import logging

log = logging.getLogger(__name__)


async def handle(job):
    await asyncio.sleep(0.1)


async def worker_continue(jobs):
    while True:
        job = await jobs.get()  # expect: queue-task-done:critical
        if job is None:
            continue
        await handle(job)
        jobs.task_done()


async def worker_return(jobs):
    while True:
        job = await jobs.get()  # expect: queue-task-done:warning
        if job == "stop":
            return
        jobs.task_done()


async def worker_raises(jobs):
    while True:
        job = await jobs.get()  # expect: queue-task-done:warning
        await handle(job)
        jobs.task_done()


async def worker_finally(jobs):
    while True:
        job = await jobs.get()  # ok: queue-task-done
        try:
            if job is None:
                continue
            await handle(job)
        finally:
            jobs.task_done()


async def worker_handled(jobs):
    while True:
        job = await jobs.get()  # ok: queue-task-done
        try:
            await handle(job)
        except Exception:
            log.exception("job failed")
        jobs.task_done()


async def worker_inner_loop(jobs):
    while True:
        batch = await jobs.get()  # ok: queue-task-done
        for job in batch:
            if job is None:
                continue
        jobs.task_done()


async def worker_sleeps(jobs):
    while True:
        delay = await jobs.get()  # ok: queue-task-done  (the asyncio docs' worker)
        await asyncio.sleep(delay)
        jobs.task_done()


async def worker_done_first(jobs):
    while True:
        job = await jobs.get()  # ok: queue-task-done
        if job is None:
            jobs.task_done()
            continue
        jobs.task_done()


async def main():
    jobs = asyncio.Queue()
    for i in range(10):
        jobs.put_nowait(i)
    workers = [asyncio.create_task(w(jobs)) for w in (worker_continue, worker_return, worker_raises, worker_finally)]
    await jobs.join()
    for w in workers:
        w.cancel()


async def forgetful(results):
    while True:
        item = await results.get()  # expect: queue-task-done:critical
        await handle(item)


async def collect():
    results = asyncio.Queue()
    await results.put(1)
    await results.join()


async def sender(outbox):
    while True:
        msg = await outbox.get()  # ok: queue-task-done  (the return only runs on shutdown)
        try:
            await handle(msg)
        except asyncio.CancelledError:
            return
        except Exception:
            log.exception("send failed")
        outbox.task_done()


async def flush(outbox):
    outbox.put_nowait("bye")
    await asyncio.wait_for(outbox.join(), 5)


async def lossy(inbox):
    while True:
        msg = await inbox.get()  # expect: queue-task-done:warning  (join() is under wait_for)
        if not msg:
            continue
        inbox.task_done()


async def drain_inbox(inbox):
    await inbox.put("x")
    await asyncio.wait_for(inbox.join(), 5)

import asyncio
import logging

log = logging.getLogger(__name__)


async def ticker(cb):
    while True:
        try:
            await asyncio.sleep(1)
            await cb()
        except BaseException:  # expect: swallowed-cancellation:critical
            pass


async def consumer(queue, handle):
    while True:
        item = await queue.get()
        try:
            await handle(item)
        except:  # expect: swallowed-cancellation:critical
            log.exception("failed")
            continue


async def poller(fetch):
    while True:
        try:
            await fetch()
        except asyncio.CancelledError:  # expect: swallowed-cancellation:critical
            log.info("cancelled, retrying")
        await asyncio.sleep(5)


async def fetch_once(client, url):
    try:
        return await client.get(url)
    except asyncio.CancelledError:  # expect: swallowed-cancellation:warning
        return None


async def crawl(client, queue):
    while True:
        url = await queue.get()
        await queue.put(await fetch_once(client, url))


async def crawl_list(client, urls):
    return [await fetch_once(client, url) for url in urls]


async def serve(handle, jobs):
    try:
        await handle()
    except asyncio.CancelledError:  # expect: swallowed-cancellation:warning
        log.info("stopping")
    while jobs:
        await jobs.pop()()


async def run_then_clean_up(handle, runner):
    try:
        await handle()
    except asyncio.CancelledError:  # ok: swallowed-cancellation  (only clean-up follows; the task then ends)
        log.info("stopping")
    await runner.cleanup()


class Stream:
    async def send_all(self, sock, chunks):
        for chunk in chunks:
            try:
                await sock.send(chunk)
            except BaseException as exc:  # ok: swallowed-cancellation  (converted and re-raised by the helper)
                self._convert_error(exc)

    def _convert_error(self, exc):
        raise ConnectionError(str(exc)) from exc


async def loop_with_exception(cb):
    while True:
        try:
            await cb()
        except Exception:  # ok: swallowed-cancellation  (CancelledError is not an Exception since 3.8)
            log.exception("tick failed")


async def loop_reraises(cb):
    while True:
        try:
            await cb()
        except asyncio.CancelledError:  # ok: swallowed-cancellation
            log.info("cancelled")
            raise


async def close_all(closeables):
    for c in closeables:
        try:
            await c.aclose()
        except asyncio.CancelledError:  # ok: swallowed-cancellation  (a for loop over a collection ends anyway)
            continue


async def wait_regardless(task):
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:  # ok: swallowed-cancellation  (shield: deliberately uncancellable)
            continue
    return task.result()


class Pump:
    async def run(self, source, sink):
        while self.running:
            try:
                await sink(await source())
            except asyncio.CancelledError:  # expect: swallowed-cancellation:warning
                pass


async def relay(ws, out):
    async for msg in ws:
        try:
            await out.send(msg)
        except BaseException:  # expect: swallowed-cancellation:critical
            pass


async def loop_with_flag(self, cb):
    while self.running:
        try:
            await cb()
        except asyncio.CancelledError:  # ok: swallowed-cancellation  (clears the loop's flag)
            log.info("cancelled")
            self.running = False


async def loop_breaks(cb):
    while True:
        try:
            await cb()
        except asyncio.CancelledError:  # ok: swallowed-cancellation  (ends the loop)
            break


async def stop(task):
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:  # ok: swallowed-cancellation  (awaiting the task it cancelled)
        pass


async def sync_body(items):
    while items:
        try:
            items.pop()
        except BaseException:  # ok: swallowed-cancellation  (no await in the try: nothing to cancel)
            pass
        await asyncio.sleep(0)

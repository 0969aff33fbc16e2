import asyncio
import logging

import aiohttp

from heartbeat import heartbeat
from jobqueue import next_job

log = logging.getLogger(__name__)


async def process(session, job):
    async with session.post(job["callback"], json={"id": job["id"], "status": "done"}) as resp:
        resp.raise_for_status()


async def work(session):
    while True:
        job = next_job()
        if job is None:
            continue
        try:
            await process(session, job)
        except aiohttp.ClientError:
            log.exception("callback failed for %s", job["id"])


async def main(url):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as ws:
            await asyncio.gather(heartbeat(ws), work(session))


if __name__ == "__main__":
    asyncio.run(main("wss://control.internal/worker"))

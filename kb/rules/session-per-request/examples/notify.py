import asyncio

import aiohttp
import httpx
from fastapi import FastAPI

app = FastAPI()


async def post_webhook(url, payload):
    async with httpx.AsyncClient() as client:  # expect: session-per-request:warning
        await client.post(url, json=payload)


async def fan_out(urls, payload):
    for u in urls:
        await post_webhook(u, payload)


async def crawl(urls):
    pages = []
    for url in urls:
        session = aiohttp.ClientSession()  # expect: session-per-request:critical
        resp = await session.get(url)
        pages.append(await resp.text())
    return pages


@app.get("/weather")
async def weather(city: str):
    async with aiohttp.ClientSession() as session:  # expect: session-per-request:warning
        async with session.get("https://api.example.com/weather", params={"q": city}) as resp:
            return await resp.json()


async def fetch_status(url):
    client = httpx.AsyncClient()  # expect: session-per-request:warning
    resp = await client.get(url)
    return resp.status_code


async def fetch(session, url):
    async with session.get(url) as resp:
        return await resp.text()


async def main(urls):
    async with aiohttp.ClientSession() as session:  # ok: session-per-request  (one session for the run)
        for url in urls:
            await fetch(session, url)


class Api:
    def __init__(self):
        self._session = None

    async def session(self):
        if self._session is None:
            self._session = aiohttp.ClientSession()  # ok: session-per-request  (shared, stored on self)
        return self._session


async def consume(urls_per_host):
    for host, urls in urls_per_host.items():
        async with aiohttp.ClientSession(base_url=host) as session:  # ok: session-per-request  (one per host, reused by the inner loop)
            for u in urls:
                await fetch(session, u)


async def poll(url, interval):
    while True:
        async with httpx.AsyncClient() as client:  # ok: session-per-request  (polling every `interval` seconds)
            await client.get(url)
        await asyncio.sleep(interval)


def make_client():
    return httpx.AsyncClient(timeout=10)  # ok: session-per-request  (a factory: the caller owns it)


async def listen(session, url):
    async with session.ws_connect(url) as ws:
        while True:
            await ws.receive()


async def watch(url):
    async with aiohttp.ClientSession() as session:  # ok: session-per-request  (one client for a long-lived listener)
        await listen(session, url)


async def watch_all(urls):
    for url in urls:
        await watch(url)


async def check_health(url):
    async with httpx.AsyncClient() as client:  # ok: session-per-request  (called by a polling loop)
        return (await client.get(url)).status_code


async def monitor(url, interval):
    while True:
        await check_health(url)
        await asyncio.sleep(interval)


async def upload(path):
    async with httpx.AsyncClient() as client:  # ok: session-per-request  (each call runs in its own event loop)
        await client.post("https://example.com/upload", content=path)


def upload_all(paths):
    for p in paths:
        asyncio.run(upload(p))

import asyncio

import vendorhttp


async def fetch(url):
    await asyncio.sleep(0)
    return vendorhttp.get(url)  # expect: AD1002


async def heartbeat(ws):
    while True:
        await ws.ping()  # ok: AD1002
        await asyncio.sleep(1)

import asyncio
import time


async def heartbeat(ws, every=1.0):
    """The server drops the connection if it misses three pings in a row."""
    while True:
        await ws.send_json({"type": "ping", "ts": time.time()})
        await asyncio.sleep(every)

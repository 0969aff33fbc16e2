import asyncio


async def load_user(uid):
    await asyncio.sleep(0.1)
    return {"id": uid}

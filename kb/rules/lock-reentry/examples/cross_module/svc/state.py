import asyncio

config_lock = asyncio.Lock()
config = {}


async def reload_config(load):
    async with config_lock:
        config.clear()
        config.update(await load())

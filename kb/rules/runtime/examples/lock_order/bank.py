import asyncio

import registry


async def transfer(src, dst, amount):
    first = registry.lock_for(src)
    second = registry.lock_for(dst)
    async with first:
        await asyncio.sleep(0)
        async with second:  # expect: AD1003
            registry.move(src, dst, amount)


async def report(account):
    async with registry.lock_for(account):  # ok: AD1003 (a single lock)
        return registry.balance(account)

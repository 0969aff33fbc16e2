import asyncio

from svc import legacy
from svc.client import load_user


async def profile(uid):
    user = legacy.get_user(uid)  # expect: loop-reentrance:critical
    return user


async def profile_ok(uid):
    user = await load_user(uid)  # ok: loop-reentrance
    again = await asyncio.to_thread(legacy.get_user, uid)  # ok: loop-reentrance
    return user, again

import asyncio

from .client import load_user


def get_user(uid):
    return _run(load_user(uid))


def _run(coro):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)  # ok: loop-reentrance  (reported at the async call site)
    finally:
        loop.close()

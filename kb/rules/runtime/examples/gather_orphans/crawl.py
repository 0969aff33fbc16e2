import asyncio


async def fail_fast(src):
    raise ValueError(src)


async def wait_for_ack(ev):
    await ev.wait()


async def main(ev):
    try:
        await asyncio.gather(fail_fast("x"), wait_for_ack(ev), wait_for_ack(ev))  # expect: AD1011
    except ValueError:
        pass
    await asyncio.sleep(3600)  # ok: AD1011

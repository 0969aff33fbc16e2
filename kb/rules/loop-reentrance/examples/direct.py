import asyncio


async def fetch(url):
    await asyncio.sleep(0.1)
    return url


def fetch_sync(url):
    return asyncio.run(fetch(url))  # ok: loop-reentrance  (sync: reported where async code calls it)


def fetch_guarded(url):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(fetch(url))  # ok: loop-reentrance
    raise RuntimeError("call the async API from async code")


async def handler(url):
    data = asyncio.run(fetch(url))  # expect: loop-reentrance:critical
    loop = asyncio.get_event_loop()
    more = loop.run_until_complete(fetch(url))  # expect: loop-reentrance:critical
    other = fetch_sync(url)  # expect: loop-reentrance:critical
    return data, more, other


async def handler_ok(url):
    data = await fetch(url)  # ok: loop-reentrance
    other = await asyncio.to_thread(fetch_sync, url)  # ok: loop-reentrance  (a worker thread has no running loop)
    guarded = fetch_guarded(url)  # ok: loop-reentrance
    return data, other, guarded


async def background(url):
    def work():
        return asyncio.run(fetch(url))  # ok: loop-reentrance

    return await asyncio.get_running_loop().run_in_executor(None, work)  # ok: loop-reentrance


def cli(url):
    print(fetch_sync(url))  # ok: loop-reentrance


if __name__ == "__main__":
    asyncio.run(handler_ok("http://example.com"))  # ok: loop-reentrance

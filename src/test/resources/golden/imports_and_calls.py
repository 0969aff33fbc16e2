import asyncio
import requests as r
from time import sleep as pause
from . import sibling
from .pkg.mod import helper


class Service(Base):
    def __init__(self):
        self.repo = Repo()

    async def handle(self, url):
        pause(1)
        data = r.get(url)
        await self.repo.save(data)
        self.publish(data)
        asyncio.create_task(sibling.work())
        return helper(data)


async def main():
    async with asyncio.timeout(5):
        await asyncio.sleep(1)
    try:
        await asyncio.gather(main(), return_exceptions=True)
    except (asyncio.CancelledError, KeyError) as e:
        pass
    finally:
        lock.release()
    for i in range(3):
        fn = lambda: r.get("x")


if __name__ == "__main__":
    asyncio.run(main())

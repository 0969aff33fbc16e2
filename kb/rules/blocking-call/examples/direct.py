import asyncio
import subprocess
import time
from time import sleep as pause

import requests
import requests as r


async def handler(url):
    time.sleep(1)  # expect: blocking-call
    pause(2)  # expect: blocking-call
    resp = requests.get(url)  # expect: blocking-call
    r.post(url, data=b"x")  # expect: blocking-call
    subprocess.run(["ls"])  # expect: blocking-call
    with open("/etc/hosts") as f:  # expect: blocking-call:warning
        f.read()
    return resp


async def offloaded(url):
    await asyncio.to_thread(requests.get, url)  # ok: blocking-call
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, lambda: requests.get(url))  # ok: blocking-call
    await asyncio.sleep(1)  # ok: blocking-call


async def nested_sync_def(url):
    def work():
        return requests.get(url)  # ok: blocking-call

    return await asyncio.to_thread(work)  # ok: blocking-call


def sync_endpoint():
    time.sleep(1)  # ok: blocking-call
    return requests.get("http://example.com")  # ok: blocking-call


if __name__ == "__main__":
    time.sleep(1)  # ok: blocking-call


async def parse_only(host):
    import socket
    socket.getaddrinfo(host, 80, flags=socket.AI_NUMERICHOST)  # ok: blocking-call  (numeric: no DNS lookup)
    return socket.gethostbyname(host)  # expect: blocking-call

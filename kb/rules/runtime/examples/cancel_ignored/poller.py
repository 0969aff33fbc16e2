async def poll(client):
    while True:
        await client.poll_once()  # expect: AD1006


async def watch(client):
    while True:
        await client.wait_change()  # ok: AD1006

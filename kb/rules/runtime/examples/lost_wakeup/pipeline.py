async def producer(q, source):
    rows = await source.fetch_rows()
    for row in rows:
        await q.put(row)


async def consumer(q, sink):
    while True:
        item = await q.get()  # expect: AD1005
        await sink.write(item)  # ok: AD1005

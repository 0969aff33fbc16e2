class Pool:
    def __init__(self, slots):
        self._slots = slots

    async def take(self):
        await self._slots.acquire()
        return object()

    def give(self, conn):
        self._slots.release()

    async def run(self, query):
        conn = await self.take()  # expect: AD1004
        try:
            return await query(conn)  # ok: AD1004
        finally:
            self.give(conn)

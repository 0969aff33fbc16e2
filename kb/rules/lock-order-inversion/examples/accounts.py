import asyncio

accounts_lock = asyncio.Lock()
audit_lock = asyncio.Lock()
locks = {}


async def post_entry(entry, log):
    async with accounts_lock:
        async with audit_lock:  # expect: lock-order-inversion:critical
            log.append(entry)


async def rotate_audit(log):
    async with audit_lock:
        await close_books(log)  # expect: lock-order-inversion:critical


async def close_books(log):
    async with accounts_lock:
        log.clear()


async def read_both(log):
    async with accounts_lock:
        async with audit_lock:  # expect: lock-order-inversion:critical
            return list(log)


async def transfer(src, dst, amount, balances):
    async with locks[src]:
        async with locks[dst]:  # expect: lock-order-inversion:warning
            balances[src] -= amount
            balances[dst] += amount


async def transfer_ordered(src, dst, amount, balances):
    first, second = sorted((src, dst))
    async with locks[first]:
        async with locks[second]:  # ok: lock-order-inversion
            balances[src] -= amount
            balances[dst] += amount


class Store:
    def __init__(self):
        self._read_lock = asyncio.Lock()
        self._write_lock = asyncio.Lock()

    async def write(self, data):
        async with self._write_lock:
            async with self._read_lock:  # ok: lock-order-inversion  (always write before read)
                self.data = data

    async def compact(self):
        async with self._write_lock:
            await self._scan()  # ok: lock-order-inversion

    async def _scan(self):
        async with self._read_lock:
            return list(self.data)

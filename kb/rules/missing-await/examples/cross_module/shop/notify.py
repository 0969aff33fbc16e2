import asyncio


async def send_receipt(email, order_id):
    await asyncio.sleep(0.1)  # ok: missing-await


def queue_receipt(email, order_id):
    return send_receipt(email, order_id)  # ok: missing-await  (handed back to the caller)


class Mailer:
    async def deliver(self, email, body):
        await asyncio.sleep(0.1)

from . import notify
from .notify import Mailer, send_receipt as receipt


class Checkout:
    def __init__(self):
        self.mailer = Mailer()

    async def pay(self, order):
        receipt(order.email, order.id)  # expect: missing-await:critical
        notify.queue_receipt(order.email, order.id)  # expect: missing-await:critical
        self.mailer.deliver(order.email, "paid")  # expect: missing-await:critical
        await notify.send_receipt(order.email, order.id)  # ok: missing-await
        await notify.queue_receipt(order.email, order.id)  # ok: missing-await
        await self.mailer.deliver(order.email, "thanks")  # ok: missing-await

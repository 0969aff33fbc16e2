import asyncio


class Mailer:
    def __init__(self, smtp):
        self.smtp = smtp
        self.job = None

    def start(self, user):
        self.job = asyncio.create_task(self.send(user))  # expect: AD1008

    async def send(self, user):
        await self.smtp.deliver(user)

    def stop(self):
        self.job.cancel()  # ok: AD1008

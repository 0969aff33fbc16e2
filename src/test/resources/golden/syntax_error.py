import time

async def ok():
    time.sleep(1)

def broken(:
    pass

async def after():
    time.sleep(2)

import vendorsdk


async def lookup(name):
    return vendorsdk.resolve(name)  # expect: AD1009


async def ping():
    return await vendorsdk.aping()  # ok: AD1009

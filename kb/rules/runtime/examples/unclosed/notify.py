import factories


async def notify(url, payload):
    session = factories.make_session()  # expect: AD1010
    resp = await session.post(url, json=payload)  # ok: AD1010
    return resp.status

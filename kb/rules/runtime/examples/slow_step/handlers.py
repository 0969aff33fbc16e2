import asyncio

import legacy_render


async def handle(request):
    page = legacy_render.render(request.template)  # expect: AD1001
    await request.reply(page)
    legacy_render.audit(request)  # ok: AD1001 (runs in the next step)
    await request.done()


def on_tick(state):
    state.recompute_all()  # expect: AD1001


async def fast(request):
    value = legacy_render.cached(request.key)  # ok: AD1001 (no slow step ended here)
    await request.reply(value)

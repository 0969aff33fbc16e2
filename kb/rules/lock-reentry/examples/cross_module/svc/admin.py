from . import state
from .state import config_lock, reload_config


async def set_option(key, value, load):
    async with config_lock:
        state.config[key] = value
        await reload_config(load)  # expect: lock-reentry:critical


async def set_option_then_reload(key, value, load):
    async with state.config_lock:
        state.config[key] = value
    await state.reload_config(load)  # ok: lock-reentry  (after the block)


async def reset(load):
    async with state.config_lock:
        await state.reload_config(load)  # expect: lock-reentry:critical

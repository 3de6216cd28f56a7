"""lib.aio.run: pyHanko's coroutines run from synchronous code, also where the thread's event
loop is already running (signing failed so after a browser test had driven Playwright)."""

import asyncio

from baocao.lib import aio


async def answer():
    return 42


def test_outside_a_loop():
    assert aio.run(answer()) == 42


def test_inside_a_running_loop():
    async def view():
        return aio.run(answer())  # asyncio.run would raise here

    assert asyncio.run(view()) == 42

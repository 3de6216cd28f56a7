"""lib.aio.run: pyHanko's coroutines run from synchronous code, also where the thread's event
loop is already running (signing failed so after a browser test had driven Playwright)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from baocao.lib import aio


async def answer():
    return 42


def test_outside_a_loop():
    assert aio.run(answer()) == 42


def test_inside_a_running_loop():
    async def view():
        return aio.run(answer())  # asyncio.run would raise here

    # In a thread of its own: this one may already have a loop running (Playwright's, after a
    # browser test in the same session)
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, view()).result() == 42

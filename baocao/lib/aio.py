"""Running the coroutines of an async library (pyHanko) from synchronous code."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine):
    """asyncio.run, also where this thread's event loop is already running (an async view, a
    test driving a browser through Playwright's sync API): then in a thread of its own, which
    waits for it.  pyHanko's own synchronous calls use plain asyncio.run and fail there."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

"""A small rate limiter on Django's cache: at most `limit` hits per `window` seconds for one key
(a fixed window).  The cache must be shared by every application process for the limit to hold
across them (settings: a file cache under BAOCAO_DATA_DIR by default, Redis with REDIS_URL)."""

import time

from django.core.cache import cache


def hit(name: str, ident: str, *, limit: int, window: int = 60) -> int:
    """Count one hit; return 0 if it is allowed, else the seconds until the window ends."""
    now = time.time()
    slot = int(now // window)
    key = f"ratelimit:{name}:{ident}:{slot}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((slot + 1) * window - now) + 1)

"""A small rate limiter on Django's cache: at most `limit` hits per `window` seconds for one key
(a fixed window).  The cache must be shared by every application process for the limit to hold
across them (settings: a file cache under BAOCAO_DATA_DIR by default, Redis with REDIS_URL).

For the public pages, where nothing of a visitor may be kept, `address_key` gives the key to
count by: the client's address hashed with a salt that changes every day (an HMAC of the day
under SECRET_KEY), so the address itself is never stored, not even in the cache, and yesterday's
counts cannot be linked to today's.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .net import client_ip


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


def daily_salt(day=None) -> bytes:
    day = day or timezone.localdate()
    return hmac.new(settings.SECRET_KEY.encode(), f"ratelimit:{day.isoformat()}".encode(),
                    hashlib.sha256).digest()


def address_key(request) -> str:
    """The client's address hashed with today's salt: what a public page may count by."""
    address = client_ip(request) or "unknown"
    return hmac.new(daily_salt(), address.encode(), hashlib.sha256).hexdigest()[:32]


def public_hit(request, name: str, limit: int, window: int = 3600) -> bool:
    """One request of a public page from this address; False when over `limit` in `window`
    seconds (a limit of 0 or less turns it off)."""
    return limit <= 0 or hit(name, address_key(request), limit=limit, window=window) == 0

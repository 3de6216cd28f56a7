"""A small rate limiter for the public pages (no sign-in): at most N requests of one kind from one
address in a window of time, counted in the cache.

The address itself is never kept, not even in the cache: it is hashed with a salt that changes
every day (an HMAC of the day under SECRET_KEY), so yesterday's counts cannot be linked to
today's, nor to an address.  With several application servers, set a shared cache (CACHE_URL)
so that they count together.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from .net import client_ip


def daily_salt(day=None) -> bytes:
    day = day or timezone.localdate()
    return hmac.new(settings.SECRET_KEY.encode(), f"ratelimit:{day.isoformat()}".encode(),
                    hashlib.sha256).digest()


def address_key(request) -> str:
    """The hashed client address (today's salt): what a limiter may count by."""
    address = client_ip(request) or "unknown"
    return hmac.new(daily_salt(), address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(request, scope: str, limit: int, window: int = 3600) -> bool:
    """Count one request of `scope` from this address; False when it is over `limit` within the
    current `window` (seconds).  A limit of 0 or less turns the limiter off."""
    if limit <= 0:
        return True
    cache = caches["default"]
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{address_key(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 60):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 60)
        count = 1
    return count <= limit

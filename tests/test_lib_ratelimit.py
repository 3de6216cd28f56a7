"""baocao.lib.ratelimit: at most N requests per address and window, counted under a hash of the
address salted by the day (the address itself is never kept)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from baocao.lib import ratelimit


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    yield
    cache.clear()


def _slots():
    import time

    now = int(time.time() // 3600)
    return (now - 1, now, now + 1)


def request(address):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def test_it_counts_per_address_and_scope():
    a, b = request("192.0.2.1"), request("192.0.2.2")
    assert [ratelimit.public_hit(a, "s", 2) for _n in range(3)] == [True, True, False]
    assert ratelimit.public_hit(b, "s", 2) and ratelimit.public_hit(a, "other", 2)
    assert ratelimit.public_hit(a, "s", 0)  # 0 turns it off


def test_the_address_is_kept_only_as_a_salted_hash():
    key = ratelimit.address_key(request("192.0.2.1"))
    assert "192.0.2.1" not in key and len(key) == 32
    ratelimit.public_hit(request("192.0.2.1"), "s", 5)
    key = f"ratelimit:s:{ratelimit.address_key(request('192.0.2.1'))}:"
    assert any(cache.get(f"{key}{slot}") for slot in _slots())  # counted under the hash
    assert ratelimit.daily_salt(date(2026, 1, 1)) != ratelimit.daily_salt(date(2026, 1, 2))

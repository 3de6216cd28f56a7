"""Sign-in throttling: per account across addresses, per address across accounts, and per
(account, address); the lockout and its end shown in Vietnamese.  The issue's probe: lockout
was per (name, address) only, so spraying one attempt per account was never blocked."""

import re

import pytest
from django.test import Client

from baocao.audit.models import Event
from tests.conftest import PASSWORD


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 4
    return settings


def sign_in(username, password, address):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username,
                                                        "password": password})


def test_one_address_spraying_many_accounts_is_locked(limits, users):
    for name in ["reporter", "head", "clerk"]:
        assert sign_in(name, "Sai-mat-khau-1", "198.51.100.9").status_code == 200
    # the fourth failure from the address, on a fourth account, locks the address
    assert sign_in("compiler", "Sai-mat-khau-1", "198.51.100.9").status_code == 429
    locked = sign_in("other_reporter", PASSWORD, "198.51.100.9")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in body
    assert re.search(r"bị khóa đến \d\d:\d\d ngày \d\d/\d\d/\d{4}", body), body
    # another address is not concerned
    assert sign_in("other_reporter", PASSWORD, "198.51.100.10").status_code == 302


def test_one_account_sprayed_from_many_addresses_is_locked(limits, users):
    for n in range(4):
        assert sign_in("leader", "Sai-mat-khau-1", f"203.0.113.{n + 1}").status_code == 200
    assert sign_in("leader", "Sai-mat-khau-1", "203.0.113.5").status_code == 429
    locked = sign_in("leader", PASSWORD, "203.0.113.99")
    assert locked.status_code == 429
    assert "bị khóa đến" in locked.content.decode()
    assert Event.objects.filter(action="auth.locked_out").exists()
    # other accounts from those addresses still sign in
    assert sign_in("reporter", PASSWORD, "203.0.113.1").status_code == 302


def test_one_account_from_one_address_is_locked_at_its_own_limit(limits, users):
    for _n in range(2):
        assert sign_in("reporter", "Sai-mat-khau-1", "192.0.2.1").status_code == 200
    assert sign_in("reporter", "Sai-mat-khau-1", "192.0.2.1").status_code == 429
    assert sign_in("reporter", PASSWORD, "192.0.2.1").status_code == 429
    assert sign_in("reporter", PASSWORD, "192.0.2.2").status_code == 302


def test_under_the_limits_nothing_is_locked(limits, users):
    for name in ["reporter", "head", "clerk"]:
        assert sign_in(name, "Sai-mat-khau-1", "198.51.100.20").status_code == 200
    assert sign_in("compiler", PASSWORD, "198.51.100.20").status_code == 302


def test_the_default_limits(settings):
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_ACCOUNT_FAILURE_LIMIT,
            settings.AXES_ADDRESS_FAILURE_LIMIT) == (5, 20, 30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "username",
                                                "ip_address"]

"""A session's expiry is refreshed at most once a minute, not written on every request."""

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import PASSWORD


def _writes(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]
            and not q["sql"].startswith("SELECT")]


def test_a_request_within_the_minute_does_not_write_the_session(client, users):
    client.post("/login/", {"username": "compiler", "password": PASSWORD})
    client.get("/")  # the first request after signing in refreshes it
    assert _writes(client) == []


def test_after_a_minute_the_expiry_is_pushed_back(client, users, monkeypatch):
    import baocao.lib.sessions as sessions

    client.post("/login/", {"username": "compiler", "password": PASSWORD})
    client.get("/")
    before = Session.objects.get().expire_date
    real = sessions.time.time
    monkeypatch.setattr(sessions.time, "time", lambda: real() + 61)
    assert len(_writes(client)) == 1
    assert Session.objects.get().expire_date > before

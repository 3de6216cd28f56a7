"""GET /healthz: no sign-in, one query, the queue and the disk; 503 naming what failed."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.core import health


@pytest.fixture
def queue(settings):
    """A fresh SQLite queue of the test's own (the session's is immediate, and shared)."""
    from huey import SqliteHuey
    from huey.contrib import djhuey

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    real = djhuey.HUEY
    djhuey.HUEY = SqliteHuey("baocao-test", filename=str(settings.DATA_DIR / "huey.sqlite3"))
    yield djhuey.HUEY
    djhuey.HUEY = real


def test_it_answers_without_sign_in(client, db, queue):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["queue"] == {"ok": True, "backend": "sqlite", "pending": 0, "scheduled": 0,
                             "failures": 0, "last_failure": None, "emails_waiting": 0,
                             "emails_failed": 0}
    assert body["disk"]["ok"] is True and body["disk"]["free_mb"] > 0
    sql = [q["sql"] for q in queries.captured_queries]
    assert sql[0] == "SELECT 1"
    assert len(sql) == 2 and "outbox_email" in sql[1]  # one count of the outbox, nothing else


def test_it_answers_for_any_host_and_over_plain_http(client, db, queue, settings):
    settings.ALLOWED_HOSTS = ["baocao.example.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/login/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_it_counts_queued_jobs_and_failures(client, db, queue):
    @queue.task()
    def fails():
        raise RuntimeError("SMTP refused")

    fails()
    fails()
    assert client.get("/healthz").json()["queue"]["pending"] == 2
    task = queue.dequeue()
    health.record_failure(task, RuntimeError("SMTP refused"))
    body = client.get("/healthz").json()
    assert body["status"] == "ok"  # a failed job is reported, not a reason to take the server out
    assert body["queue"]["pending"] == 1
    assert body["queue"]["failures"] == 1
    assert body["queue"]["last_failure"]["error"] == "RuntimeError: SMTP refused"
    assert body["queue"]["last_failure"]["task"].endswith("fails")


def test_the_worker_counts_failures_through_huey_signal(db, queue):
    from huey.signals import SIGNAL_ERROR

    queue.signal(SIGNAL_ERROR)(lambda signal, task, exc=None: health.record_failure(task, exc))

    @queue.task()
    def fails():
        raise ValueError("bad address")

    fails()
    queue.execute(queue.dequeue())
    assert health.queue()["failures"] == 1


def test_a_database_that_does_not_answer_is_a_503_naming_it(client, db, queue, monkeypatch):
    def refuse():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "failing"
    assert body["failing"] == ["database"]
    assert body["database"] == {"ok": False, "error": "ConnectionError: connection refused"}
    assert body["queue"]["ok"] is True


def test_a_queue_that_does_not_answer_is_a_503_naming_it(client, db, monkeypatch):
    from huey import RedisHuey
    from huey.contrib import djhuey

    monkeypatch.setattr(djhuey, "HUEY", RedisHuey("baocao-test", url="redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["queue"]
    assert "ConnectionError" in response.json()["queue"]["error"]


def test_a_full_disk_is_a_503_naming_it(client, db, queue, settings):
    settings.BAOCAO_HEALTH_MIN_FREE_MB = 10**12
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["disk"]
    assert response.json()["disk"]["ok"] is False


def test_the_queue_on_redis(client, db, settings):
    from huey import RedisHuey
    from huey.contrib import djhuey

    redis_huey = RedisHuey("baocao-test-healthz", url="redis://127.0.0.1:6379/8")
    redis_huey.flush()
    real, djhuey.HUEY = djhuey.HUEY, redis_huey
    try:
        @redis_huey.task()
        def job():
            return 1

        job()
        body = client.get("/healthz").json()
        assert body["queue"]["backend"] == "redis"
        assert body["queue"]["pending"] == 1
    finally:
        redis_huey.flush()
        djhuey.HUEY = real


def test_it_counts_the_outbox(client, db, queue):
    from baocao.outbox.models import Email

    for state in ("queued", "queued", "sending", "sent", "failed"):
        Email.objects.create(kind="notification", to="a@example.vn", subject="s", text="t",
                             state=state)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert (body["queue"]["emails_waiting"], body["queue"]["emails_failed"]) == (3, 1)

"""GET /healthz: is this application server fit to serve?  For a load balancer, systemd or a
monitoring probe; no sign-in, and no work beyond one query, a look at the job queue (and one count
of the outbox's e-mails) and the free space of the data directory.

200 with {"status": "ok", "database": …, "queue": …, "disk": …}; 503 with "status": "failing"
and "failing": the names of the checks that failed.
"""

import json
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

FAILURES_KEY = "baocao:failures"
LAST_FAILURE_KEY = "baocao:last_failure"


def database() -> dict:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1),
            "engine": connection.vendor}


def queue() -> dict:
    """The job queue answers; how many jobs wait, how many are scheduled, how many attempts
    failed since the counter was last reset (see record_failure); and the outbox: e-mails
    waiting to be sent and e-mails given up on."""
    from django.db.models import Count, Q
    from huey.constants import EmptyData
    from huey.contrib.djhuey import HUEY

    from baocao.outbox.models import Email

    storage = HUEY.storage
    last = storage.peek_data(LAST_FAILURE_KEY)
    emails = Email.objects.filter(state__in=[Email.State.QUEUED, Email.State.SENDING,
                                             Email.State.FAILED]).aggregate(
        waiting=Count("pk", filter=~Q(state=Email.State.FAILED)),
        failed=Count("pk", filter=Q(state=Email.State.FAILED)))
    return {"ok": True, "backend": type(storage).__name__.removesuffix("Storage").lower(),
            "pending": HUEY.pending_count(), "scheduled": HUEY.scheduled_count(),
            "failures": storage.incr(FAILURES_KEY, 0),
            "last_failure": None if last is EmptyData else json.loads(last),
            "emails_waiting": emails["waiting"], "emails_failed": emails["failed"]}


def disk() -> dict:
    path = Path(settings.MEDIA_ROOT if settings.BAOCAO_FILE_STORAGE == "directory"
                else settings.DATA_DIR)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    return {"ok": free_mb >= settings.BAOCAO_HEALTH_MIN_FREE_MB, "path": str(path),
            "free_mb": free_mb, "min_free_mb": settings.BAOCAO_HEALTH_MIN_FREE_MB}


CHECKS = {"database": database, "queue": queue, "disk": disk}


def report() -> tuple[bool, dict]:
    body, failing = {}, []
    for name, check in CHECKS.items():
        try:
            body[name] = check()
        except Exception as error:  # noqa: BLE001 — any failure is the answer
            body[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        if not body[name]["ok"]:
            failing.append(name)
    head = {"status": "failing" if failing else "ok"}
    if failing:
        head["failing"] = failing
    return not failing, head | body


def healthz(request) -> HttpResponse:
    ok, body = report()
    response = HttpResponse(json.dumps(body), status=200 if ok else 503,
                            content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers /healthz before anything else: no session, no host check, no HTTPS redirect (a
    load balancer probes each server by its address, over plain HTTP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


def record_failure(task, error) -> None:
    """Called by the worker when a job's attempt fails (huey's SIGNAL_ERROR)."""
    from huey.contrib.djhuey import HUEY

    HUEY.storage.incr(FAILURES_KEY)
    HUEY.storage.put_data(LAST_FAILURE_KEY, json.dumps({
        "task": getattr(task, "name", str(task)), "id": getattr(task, "id", None),
        "error": f"{type(error).__name__}: {error}"[:300],
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}).encode())

"""One structured line per request (JSON on the `baocao.request` logger): time, user, client
address, method, path, status, duration and the number of database queries; a request slower than
BAOCAO_SLOW_REQUEST_MS is logged at WARNING with "slow": true."""

import json
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.utils.functional import empty

from baocao.lib.net import client_ip

logger = logging.getLogger("baocao.request")


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _username(request) -> str:
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return ""  # never looked at during the request: no query made for the log's sake
    return user.get_username() if user.is_authenticated else ""


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.BAOCAO_REQUEST_LOG:
            return self.get_response(request)
        counter = _QueryCounter()
        started = time.perf_counter()
        status = 500
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            duration = (time.perf_counter() - started) * 1000
            slow = duration >= settings.BAOCAO_SLOW_REQUEST_MS
            line = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "user": _username(request), "ip": client_ip(request),
                    "method": request.method,
                    "path": request.path, "status": status, "ms": round(duration, 1),
                    "queries": counter.count}
            if slow:
                line["slow"] = True
            logger.log(logging.WARNING if slow else logging.INFO, json.dumps(
                line, ensure_ascii=False))

"""Sign-in throttling (django-axes), counted three ways:

- one user name from one address: AXES_FAILURE_LIMIT failures;
- one user name from any address: AXES_ACCOUNT_FAILURE_LIMIT (spraying one account from many
  addresses);
- one address against any user name: AXES_ADDRESS_FAILURE_LIMIT (one address trying many
  accounts, one attempt each).

django-axes compares one number with one limit, so each count is scaled to AXES_FAILURE_LIMIT
before the largest is taken.  The lockout page says, in Vietnamese, until when.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

# The order of settings.AXES_LOCKOUT_PARAMETERS, with each one's own limit.
LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]


def _limits() -> list[int]:
    return [settings.AXES_FAILURE_LIMIT, settings.AXES_ACCOUNT_FAILURE_LIMIT,
            settings.AXES_ADDRESS_FAILURE_LIMIT]


class ThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        scaled = 0
        for attempts, limit in zip(self.get_user_attempts(request, credentials), _limits(),
                                   strict=False):
            count = sum(attempts.values_list("failures_since_start", flat=True))
            scaled = max(scaled, math.floor(count * base / max(1, limit)))
        return scaled


def lockout_end(request, credentials=None):
    """When the lockout that refused this request ends (local time), or None."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    end = None
    for filters, limit in ((dict(username=username, ip_address=ip), _limits()[0]),
                           (dict(username=username), _limits()[1]),
                           (dict(ip_address=ip), _limits()[2])):
        rows = list(recent.filter(**filters).order_by("attempt_time")
                    .values_list("attempt_time", "failures_since_start"))
        total = sum(n for _t, n in rows)
        # The oldest attempts age out first; the lock lifts once the rest is under the limit.
        for when, failures in rows:
            if total < limit:
                break
            total -= failures
            if total < limit and (end is None or when + cool_off > end):
                end = when + cool_off
    return timezone.localtime(end) if end else None


def lockout_response(request, original_response=None, credentials=None):
    return render(request, "registration/locked_out.html",
                  {"until": lockout_end(request, credentials)}, status=429)

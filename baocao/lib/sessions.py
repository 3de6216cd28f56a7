"""Sessions end after SESSION_COOKIE_AGE seconds without a request.  Django's
SESSION_SAVE_EVERY_REQUEST would write the session (an UPDATE and a commit) on every request;
this refreshes its expiry at most once a minute (a twentieth of the age, for short ages), which
keeps the same rule to within that minute at a write per person per minute."""

import time

from django.conf import settings

KEY = "_refreshed"


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and not session.modified:
            now = int(time.time())
            interval = min(60, settings.SESSION_COOKIE_AGE // 20)
            if now - session.get(KEY, 0) >= interval:
                session[KEY] = now  # saved, with a new expiry, by SessionMiddleware
        return response

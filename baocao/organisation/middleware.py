"""Sessions: an absolute lifetime beside the idle one, and no page before the second factor."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "baocao_signed_in_at"


@receiver(user_logged_in)
def _remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    """Signs out a session SESSION_ABSOLUTE_AGE seconds after its sign-in, however active it
    was (the idle limit, SESSION_COOKIE_AGE, is Django's own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended after %(h)s hours; sign in "
                                         "again.") % {"h": _hours(settings.SESSION_ABSOLUTE_AGE)})
                return _to(request, reverse(settings.LOGIN_URL))
        return self.get_response(request)


def _hours(seconds: int) -> str:
    hours = seconds / 3600
    return str(int(hours)) if hours == int(hours) else f"{hours:.1f}".replace(".", ",")


def _to(request, url: str) -> HttpResponse:
    """A redirect, told to htmx as HX-Redirect (a swap must not show the sign-in page)."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SecondFactorMiddleware:
    """A user who must pass the second factor (second_factor.must_verify) and has not in this
    session gets only the second-factor pages, sign-out and the language switch; every other
    request is sent to the second-factor page (enrolment first if they have no device)."""

    OPEN_URLS = ("second_factor", "second_factor_enrol", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def open_paths(self) -> set[str]:
        if self._open is None:
            self._open = {reverse(name) for name in self.OPEN_URLS}
        return self._open

    def __call__(self, request):
        from . import second_factor

        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not second_factor.is_verified(request)
                and request.path not in self.open_paths()
                and not request.path.startswith(settings.STATIC_URL)
                and second_factor.must_verify_now(request, user)):
            target = "second_factor" if second_factor.is_enrolled(user) else \
                "second_factor_enrol"
            url = reverse(target)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return _to(request, url)
        return self.get_response(request)

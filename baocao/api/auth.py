"""Who calls the API: a personal token (`Authorization: ApiToken bcpat_…`, or `Bearer`), or a
user name and password (`Authorization: Basic …`, as DHIS2 clients send them).

- A token carries its owner's permissions (organisation.access, as on the pages), read only or
  read and write; the second factor is not asked of it, since it was made in a session that
  passed that factor (organisation.tokens).
- Basic is refused to whoever must pass a second factor (signers, clerks, leaders,
  administrators, anyone enrolled): a password alone is not enough for them, a token is.  Its
  failures count in the sign-in throttling (django-axes), as the sign-in page's do.
- Every caller is limited to BAOCAO_API_PER_MINUTE requests a minute (baocao.lib.ratelimit).
- No session and no cookie is read or set, so CSRF does not apply.  The pages never take a
  token: Django's authentication reads the session alone.
"""

import base64
import binascii
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate as password_check
from django.utils.translation import gettext as _

from baocao.lib import ratelimit
from baocao.lib.net import client_ip
from baocao.organisation import second_factor, tokens

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class Refusal:
    status: int
    message: str
    retry_after: int = 0


@dataclass
class Caller:
    user: object
    token: object = None  # the ApiToken, or None for Basic
    how: str = "token"

    @property
    def can_write(self) -> bool:
        return self.token is None or self.token.scope == "write"


def identify(request) -> Caller | Refusal:
    """The caller of an API request, or why it is refused (401, 403, 429)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, credentials = header.partition(" ")
    scheme, credentials = scheme.lower(), credentials.strip()
    address = client_ip(request) or "-"
    if scheme in ("apitoken", "bearer"):
        token = tokens.authenticate(credentials)
        if token is None:
            wait = ratelimit.hit("api-bad-token", address, limit=settings.BAOCAO_API_PER_MINUTE)
            if wait:
                return Refusal(429, _("Too many requests; try again in %(s)d seconds.")
                               % {"s": wait}, wait)
            return Refusal(401, _("The API token is unknown, expired or revoked."))
        caller = Caller(token.user, token, "token")
    elif scheme == "basic":
        try:
            username, _colon, password = base64.b64decode(credentials, validate=True).decode(
                "utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return Refusal(401, _("The Basic credentials cannot be read."))
        user = password_check(request, username=username, password=password)
        if user is None:
            return Refusal(401, _("The user name or password is not right."))
        if second_factor.must_verify(user):
            return Refusal(401, _("You sign in with a second factor: a password alone does not "
                                  "open the API. Make a personal API token on your page "
                                  "(/me/tokens/) and send it as \"Authorization: ApiToken …\"."))
        caller = Caller(user, None, "basic")
    else:
        return Refusal(401, _("Authentication is needed: \"Authorization: ApiToken …\" (a "
                              "personal token) or Basic."))
    if not caller.user.is_active:
        return Refusal(401, _("This account is deactivated."))
    wait = ratelimit.hit("api", str(caller.user.pk), limit=settings.BAOCAO_API_PER_MINUTE)
    if wait:
        return Refusal(429, _("Too many requests; try again in %(s)d seconds.") % {"s": wait},
                       wait)
    if request.method not in SAFE_METHODS and not caller.can_write:
        return Refusal(403, _("This token is read only."))
    # The audit events of the request name its caller (audit.log reads request.user).
    request.user = caller.user
    request.api_caller = caller
    return caller

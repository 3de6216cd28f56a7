"""Personal API tokens: one function per change, in a transaction, on the audit record.

A token is `bcpat_` and 40 random characters; only its SHA-256 is kept, so it is shown once,
when made.  It authenticates the API (`/api/…`) alone: the pages take only a signed-in session.
It is made in a session that passed the second factor where the person needs one
(SecondFactorMiddleware opens no page before), so the API does not ask for that factor again.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record

from .models import ApiToken

PREFIX = "bcpat_"
LIFETIMES = (7, 30, 90, 365)  # days a token may live; the longest is a year
NAME_LENGTH = 100


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token of `user` (the one signed in): returns it with its secret, shown once."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Name the token (what it is for).")
    elif len(name) > NAME_LENGTH:
        errors["name"] = _("At most %(n)d characters.") % {"n": NAME_LENGTH}
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    if days not in LIFETIMES:
        errors["days"] = _("Choose how long the token lasts.")
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, scope=scope, prefix=secret[:len(PREFIX) + 4],
            digest=digest(secret), expires_at=timezone.now() + timedelta(days=days))
        record("apitoken.create", token, actor=user,
               details={"name": name, "scope": scope, "expires_at": token.expires_at})
    return token, secret


def revoke(token: ApiToken, actor) -> ApiToken:
    """Revoke a token (its owner, on their page)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record("apitoken.revoke", token, actor=actor, details={"name": token.name})
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The usable token of this secret, or None; its last use is kept (to the minute)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

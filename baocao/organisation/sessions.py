"""The session and the signed-in user, read on every request by a statement written once per
process (`lib/rows.py`) instead of a queryset compiled each time; otherwise Django's own
database session store and model backend."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from baocao.lib import rows


class SessionStore(DbSessionStore):
    def _get_session_from_db(self):
        if not self._validate_session_key(self.session_key):
            self._session_key = None
            return None
        found = rows.fetch(
            rows.select(Session, "s") + "WHERE s.session_key = %s AND s.expire_date > %s",
            [self.session_key, timezone.now()], Session)
        if not found:
            self._session_key = None
            return None
        return found[0][0]


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        User = get_user_model()  # noqa: N806
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 (a session naming no user of ours)
            return None
        if not rows.fits(User, pk):
            return None
        found = rows.fetch(
            rows.select(User, "u") + f"WHERE u.{rows.quote(User._meta.pk.column)} = %s", [pk],
            User)
        if not found:
            return None
        user = found[0][0]
        return user if self.user_can_authenticate(user) else None

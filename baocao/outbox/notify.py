"""Telling people: a notification in their list in the application and, for those with an
address, an e-mail queued in the same transaction (emails.notification).

Titles and bodies are message ids (gettext_lazy) with %(name)s parameters: each person gets them
in their own language, not in the language of whoever acted.
"""

from django.utils import translation
from django.utils.functional import Promise

from .models import Notification


def in_language(text, params, language: str) -> str:
    """A lazy message (with its %(name)s parameters) in `language`.  A plain string (what a
    person typed: a reason, a comment) is kept as typed: a "%" in it is not a parameter."""
    if not text:
        return ""
    if not isinstance(text, Promise):
        return str(text)
    with translation.override(language):
        text = str(text)
        return text % params if params else text


def notify(users, title, url: str = "", body="", *, params: dict | None = None,
           email: bool = True) -> int:
    """Tell each of `users` (duplicates once); returns how many."""
    from . import emails

    users = list({u.pk: u for u in users}.values())
    made = []
    for user in users:
        language = user.language
        made.append(Notification(user=user, url=url,
                                 title=in_language(title, params, language)[:300],
                                 body=in_language(body, params, language)))
    Notification.objects.bulk_create(made)
    if email:
        for user, notification in zip(users, made, strict=True):
            if user.email:
                emails.notification(user, notification)
    return len(users)

"""Telling people about quality entries: outbox.notify with the title as a message id (each person
reads it in their own language) and a body of our own data kept as it is."""

from baocao.outbox.notify import notify


def tell(users, message, url: str, body: str = "", /, **params) -> int:
    """notify() `users`; `message` (the title) a gettext_lazy message with %(name)s `params`;
    `body` data (a problem, a reason), never formatted."""
    return notify(users, message, url, body, params=params or None)

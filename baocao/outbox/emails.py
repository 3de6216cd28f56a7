"""Every e-mail baocao sends: one function each, with its subject, text and HTML templates
(templates/emails/<name>-subject.txt, -body.txt, -body.html), rendered in the recipient's
language and queued in the caller's transaction.  The worker sends them (sending.py)."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Email


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL.rstrip('/')}{url}"


def _render(name: str, context: dict, language: str) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context).strip() + "\n"
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject[:300], text, html


def queue(kind: str, to: str, context: dict, language: str | None = None) -> Email:
    """Write the e-mail into the outbox (in the caller's transaction) and wake the worker once
    the transaction commits: an action that rolls back sends nothing."""
    from . import tasks

    language = language or settings.LANGUAGE_CODE
    subject, text, html = _render(kind, context, language)
    email = Email.objects.create(kind=kind, to=to, language=language, subject=subject,
                                 text=text, html=html)
    transaction.on_commit(tasks.wake)
    return email


def notification(user, notification) -> Email:
    """A notification, by e-mail."""
    return queue("notification", user.email, {
        "user": user, "title": notification.title, "body": notification.body,
        "link": _absolute(notification.url)}, user.language)


def todo_digest(user, items) -> Email:
    """"Việc cần làm" of the day."""
    entries = [{"title": item.title, "link": _absolute(item.url), "due": item.due,
                "urgent": item.urgent, "detail": item.detail} for item in items]
    return queue("todo_digest", user.email, {"user": user, "items": entries}, user.language)


def document_copy(distribution, document, link: str) -> Email:
    """A recipient's copy of an issued document: its read-only link."""
    return queue("document_copy", distribution.email, {
        "recipient": distribution.name, "document": document, "link": _absolute(link)})


def submission_reminder(user, *, form: str, period: str, unit: str, due, days_late: int,
                        link: str, sender: str = "", message: str = "") -> Email:
    """A reminder, sent by hand from the round's page, to a unit's person whose report is not
    sent yet (late, or not yet due): what, for when, how late, and the office's own words."""
    return queue("submission_reminder", user.email, {
        "user": user, "form": form, "period": period, "unit": unit,
        "due": due.strftime("%d/%m/%Y"), "late": days_late > 0, "days": days_late,
        "sender": sender, "message": message, "link": _absolute(link)}, user.language)

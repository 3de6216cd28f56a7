"""Sending the outbox: the worker claims each due e-mail with a conditional UPDATE (so two
workers never send the same one), sends it, and marks it sent only when the mail server
accepted it.  A failure is retried after a growing wait (models.BACKOFF), then marked failed."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baocao.audit.log import record

from .models import BACKOFF, CLAIM_TIMEOUT, Email

log = logging.getLogger("baocao.outbox")
State = Email.State


def due(now=None):
    """Queued e-mails whose time has come, and claims a dead worker left behind."""
    now = now or timezone.now()
    return Email.objects.filter(
        Q(state=State.QUEUED, next_attempt_at__lte=now)
        | Q(state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)).order_by("pk")


def claim(email: Email, now) -> bool:
    """Take this e-mail for sending; False when another worker took it first."""
    taken = Email.objects.filter(pk=email.pk, state=email.state,
                                 claimed_at=email.claimed_at).update(
        state=State.SENDING, claimed_at=now)
    return taken == 1


def deliver(email: Email) -> None:
    message = EmailMultiAlternatives(email.subject, email.text, settings.DEFAULT_FROM_EMAIL,
                                     [email.to])
    if email.html:
        message.attach_alternative(email.html, "text/html")
    message.send()


def send_one(email: Email, now=None) -> bool:
    """Claim and send one e-mail; True when it was sent now."""
    now = now or timezone.now()
    if not claim(email, now):
        return False
    try:
        deliver(email)
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        attempts = email.attempts + 1
        failed = attempts > len(BACKOFF)
        Email.objects.filter(pk=email.pk).update(
            state=State.FAILED if failed else State.QUEUED, attempts=attempts,
            claimed_at=None, last_error=f"{error.__class__.__name__}: {error}"[:2000],
            next_attempt_at=now if failed else now + timedelta(
                seconds=BACKOFF[attempts - 1]))
        log.warning("e-mail %s to %s not sent (attempt %d): %s", email.pk, email.to, attempts,
                    error)
        return False
    Email.objects.filter(pk=email.pk).update(state=State.SENT, sent_at=timezone.now(),
                                             attempts=email.attempts + 1, last_error="")
    return True


def send_due(limit: int = 500, now=None) -> int:
    """Send what is due; returns how many were sent."""
    sent = 0
    for email in list(due(now)[:limit]):
        sent += send_one(email, now)
    return sent


def retry(email: Email, actor) -> bool:
    """Try a failed e-mail again (the administration pages' action; the worker sends it within
    the minute), on the record."""
    with transaction.atomic():
        again = Email.objects.filter(pk=email.pk, state=State.FAILED).update(
            state=State.QUEUED, next_attempt_at=timezone.now(), attempts=0)
        if again:
            record("email.retry", email, actor=actor, details={"to": email.to,
                                                                "error": email.last_error})
    return bool(again)

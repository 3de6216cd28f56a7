"""What the application tells people: a notification in their list, and e-mails queued in the
same transaction as the action that caused them (a transactional outbox), sent by the worker."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message in a user's list in the application (also sent by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="notifications")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


# Seconds to wait before each new attempt after a failure; past the last, the e-mail has failed.
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 12 * 60 * 60)
# A claim older than this is taken to be of a worker that died while sending.
CLAIM_TIMEOUT = timedelta(minutes=10)


class Email(models.Model):
    """One e-mail to one address, written by the action that causes it, in its transaction.
    The worker claims it, sends it, and marks it sent only once the mail server accepted it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    to = models.CharField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="vi")
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="email_due_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"

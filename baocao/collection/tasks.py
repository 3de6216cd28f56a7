"""Background jobs (huey): e-mails, and the daily reminders.  `baocao worker` runs them."""

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, None, recipients)


@db_periodic_task(crontab(hour="7", minute="30"))
def daily_reminders() -> int:
    from .reminders import send_due_reminders

    return send_due_reminders(timezone.localdate())

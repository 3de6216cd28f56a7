"""Background jobs of collection (huey): the units' daily reminders.  `baocao worker` runs them."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="30"))
def daily_reminders() -> int:
    from .reminders import send_due_reminders

    return send_due_reminders(timezone.localdate())

"""The daily e-mail of "Việc cần làm" (07:00), and the count of failed jobs that /healthz shows."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, signal
from huey.signals import SIGNAL_ERROR


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_todo_digest() -> int:
    from .digest import send_todo_digests

    return send_todo_digests()


@signal(SIGNAL_ERROR)
def count_failure(signal_name, task, exc=None):
    from .health import record_failure

    record_failure(task, exc)

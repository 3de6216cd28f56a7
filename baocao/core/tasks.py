"""The daily e-mail of "Việc cần làm" (07:00)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_todo_digest() -> int:
    from .digest import send_todo_digests

    return send_todo_digests()

"""Quality's daily job (07:40): remind whoever an improvement suggestion waits for, the people
responsible for CAPAs due tomorrow or overdue, and the heads whose complaints' explanations are
due tomorrow or overdue."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="40"))
def quality_daily() -> int:
    from .reminders import remind_all

    return remind_all()

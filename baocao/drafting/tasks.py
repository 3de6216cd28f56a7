"""The consultations' daily job (07:35): close those past their deadline, remind the people who
have not answered the day before and on the deadline."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="35"))
def consultations_daily() -> int:
    from .workflow import close_overdue, remind_consultations

    return close_overdue() + remind_consultations()

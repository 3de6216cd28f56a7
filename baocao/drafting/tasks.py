"""The drafts' daily job (07:35): close the consultations past their deadline, remind the people
who have not answered the day before and on the deadline, and close the signing requests no
agent answered in time (their prepared PDFs dropped)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="35"))
def consultations_daily() -> int:
    from .remote import expire
    from .workflow import close_overdue, remind_consultations

    return close_overdue() + remind_consultations() + expire()

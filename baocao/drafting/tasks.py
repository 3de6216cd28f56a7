"""The drafts' daily job (07:35): close the consultations past their deadline, remind the people
who have not answered the day before and on the deadline, and close the signing requests no
agent answered in time (their prepared PDFs dropped)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(hour="7", minute="35"))
def consultations_daily() -> int:
    from .remote import expire
    from .workflow import close_overdue, remind_consultations

    return close_overdue() + remind_consultations() + expire()


@db_task()
def prerender_draft(draft_id: int) -> int:
    """The draft's PDFs (the preview, and the final text for each possible signer), rendered
    in the background as soon as a version is saved: drafting.prerender."""
    from .prerender import prerender

    return prerender(draft_id)

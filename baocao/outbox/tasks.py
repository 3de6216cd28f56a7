"""The outbox's jobs: every minute (and as soon as an action that queued mail commits), send
what is due."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .sending import send_due


@db_periodic_task(crontab(minute="*"))
def send_queued_emails() -> int:
    return send_due()


@db_task()
def send_now() -> int:
    return send_due()


def wake() -> None:
    """After a commit that queued e-mail: have the worker send it now rather than within the
    minute."""
    send_now()

"""Records' daily job (07:45): mark the dossiers due for transfer and those past retention
(retention.mark_due), for the clerk's "Việc cần làm"."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="45"))
def records_daily() -> dict:
    from .retention import mark_due

    return mark_due()

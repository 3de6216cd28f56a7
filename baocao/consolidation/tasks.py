"""The rollups' job: follow the changes the writers noted (rollups.drain), woken after each
commit that noted some, and every minute for any left behind."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def drain_rollups() -> int:
    from .rollups import drain

    return drain()


@db_periodic_task(crontab(minute="*"))
def drain_rollups_left() -> int:
    from .rollups import drain

    return drain()

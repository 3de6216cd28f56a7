"""baocao worker: run the background jobs (e-mails, daily reminders)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background jobs (huey): e-mails and the daily reminders."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--no-periodic", action="store_true",
                            help="do not schedule the daily jobs (with several workers on one "
                                 "Redis queue, exactly one schedules them)")

    def handle(self, workers=1, no_periodic=False, **options):
        # An idle worker looks at a SQLite queue at least every second (huey backs off to ten
        # by default): what a save noted for the rollups is followed within about a second.
        # A Redis queue wakes it at once.
        call_command("run_huey", workers=workers, periodic=not no_periodic, max_delay=1.0)

"""baocao worker: run the background jobs (e-mails, daily reminders)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background jobs (huey): e-mails and the daily reminders."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, workers=1, **options):
        call_command("run_huey", workers=workers)

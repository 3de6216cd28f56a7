"""baocao bench consolidate --scale district|province|national [--json]

Runs bench/consolidate.py in a process of its own (it makes and uses its own database)."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Time a full consolidation on generated data (see bench/consolidate.py)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["consolidate"])
        parser.add_argument("--scale", choices=["district", "province", "national"],
                            default="district")
        parser.add_argument("--json", action="store_true")

    def handle(self, what, scale="district", json=False, **options):
        script = settings.BASE_DIR / "bench" / "consolidate.py"
        if not script.exists():
            raise CommandError(f"{script} is missing (run from a checkout of baocao).")
        command = [sys.executable, str(script), "--scale", scale] + (["--json"] if json else [])
        completed = subprocess.run(command, env=os.environ.copy(), check=False,  # noqa: S603
                                   capture_output=True, text=True)
        self.stdout.write(completed.stdout, ending="")
        if completed.returncode:
            raise CommandError(completed.stderr[-3000:])

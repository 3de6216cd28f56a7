"""baocao rollup [--check]: rebuild the consolidation rollups from the values and targets, or
(--check) compare them with a fresh computation and exit non-zero on any difference."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.consolidation import rollups


class Command(BaseCommand):
    help = "Rebuild the consolidation rollups from the values and targets, or check them."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="compare with a fresh computation; change nothing")

    def handle(self, *args, check=False, **options):
        if check:
            problems = rollups.check()
            for problem in problems[:50]:
                self.stderr.write(problem)
            if problems:
                raise CommandError(_("%(count)d rollup figures differ from the values.")
                                   % {"count": len(problems)})
            self.stdout.write(_("The rollups agree with the values."))
            return
        values, targets = rollups.rebuild()
        self.stdout.write(_("Rebuilt %(values)d monthly rollups and %(targets)d consolidated "
                            "targets.") % {"values": values, "targets": targets})

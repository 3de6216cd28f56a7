"""baocao quality stats --unit CODE --period P [--json]: the BM.07.01 figures of a unit for a
period, computed from the registers and surveys (the same numbers as its page); zeros where
nothing is recorded."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.catalogue.periods import PeriodError, parse
from baocao.organisation.models import OrgUnit
from baocao.quality import stats


class Command(BaseCommand):
    help = "Print a unit's BM.07.01 figures for a period (2026-10, 2026-Q3, 2026-H1, 2026)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stats"])
        parser.add_argument("--unit", required=True, help="the unit's code")
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q3, 2026-H1, 2026…")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, action, unit, period, json=False, **options):
        try:
            p = parse(period)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        found = OrgUnit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(_("Unknown unit \"%(code)s\".") % {"code": unit})
        values = stats.compute(found, p)
        if json:
            self.stdout.write(_dumps(stats.as_json(found, p, values)))
            return
        self.stdout.write(f"BM.07.01 · {found.name} ({found.code}) · {p.label()}")
        width = max(len(f.name) for f in stats.FIGURES)
        for row in stats.rows(values):
            if "heading" in row:
                self.stdout.write(row["heading"])
                continue
            figure = row["figure"]
            self.stdout.write(f"  {figure.code}  {figure.name.ljust(width)}  "
                              f"{row['text'].rjust(7)} {figure.unit_of_measure}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

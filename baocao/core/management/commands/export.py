"""baocao export values --period P [--unit CODE] [--format csv|json] [--output F]
[--include-unsent]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.catalogue.periods import PeriodError
from baocao.organisation.models import OrgUnit


class Command(BaseCommand):
    help = "Export values for a period in DHIS2's dataValueSets CSV or JSON (codes as ids)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["values"])
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", help="a unit's code: that unit and the units under it")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument("--include-unsent", action="store_true",
                            help="also the values of reports not yet sent (not official)")

    def handle(self, kind, period, unit=None, format="csv", output=None, include_unsent=False,
               **options):
        from baocao.collection.values_io import export_values

        if unit and not OrgUnit.objects.filter(code=unit).exists():
            raise CommandError(_("the unit \"%(code)s\" is unknown.") % {"code": unit})
        try:
            text = export_values(period, unit, format, include_unsent=include_unsent)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")

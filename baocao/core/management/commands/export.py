"""baocao export values --period P [--unit CODE] [--format csv|json|xml|adx]
[--id-scheme code|uid|name] [--output F] [--include-unsent]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.catalogue.periods import PeriodError
from baocao.organisation.models import OrgUnit


class Command(BaseCommand):
    help = ("Export values for a period in DHIS2's data value set forms (CSV, JSON, DXF2 XML, "
            "ADX), with DHIS2's periods; codes as identifiers unless --id-scheme says otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["values"])
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", help="a unit's code: that unit and the units under it")
        parser.add_argument("--format", choices=["csv", "json", "xml", "adx"], default="csv",
                            help="csv, json, xml (DHIS2's DXF2) or adx")
        parser.add_argument("--id-scheme", choices=["code", "uid", "name"], default="code",
                            help="how units, indicators and columns are named (default: code)")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument("--include-unsent", action="store_true",
                            help="also the values of reports not yet sent (not official)")

    def handle(self, kind, period, unit=None, format="csv", output=None, include_unsent=False,
               id_scheme="code", **options):
        from baocao.collection.values_io import ExportError, export_values

        if unit and not OrgUnit.objects.filter(code=unit).exists():
            raise CommandError(_("the unit \"%(code)s\" is unknown.") % {"code": unit})
        skipped = []
        try:
            text = export_values(period, unit, format, include_unsent=include_unsent,
                                 id_scheme=id_scheme, skipped=skipped)
        except (PeriodError, ExportError) as error:
            raise CommandError(str(error)) from None
        for line in skipped:
            self.stderr.write(line)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")

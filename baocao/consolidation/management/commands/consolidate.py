"""baocao consolidate (--form CODE | --indicators CODE,CODE… | --indicators all) --period P
[--unit CODE] [--format json|csv|xlsx] [--output F] [--include-unsent]"""

import io
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.catalogue import forms as form_services
from baocao.catalogue.models import FormRow, Indicator, ReportForm
from baocao.catalogue.periods import PeriodError, parse
from baocao.consolidation.engine import QUANTITIES, consolidate
from baocao.lib import spreadsheet
from baocao.organisation import access
from baocao.organisation.models import OrgUnit

COLUMNS = ["indicator", "unit", "period", *QUANTITIES, "missing_units",
           "missing_estimate_units"]
LISTS = {"missing_units", "missing_estimate_units"}


class Command(BaseCommand):
    help = "Consolidate the figures of a form or of indicators for a period at a unit of the tree."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--form", help="a form's code: its indicators and expected units")
        which.add_argument("--indicators", help="codes separated by commas, or all")
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", help="a unit's code (default: the committee)")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", help="a file to write (required for xlsx)")
        parser.add_argument("--include-unsent", action="store_true",
                            help="a preview that counts the reports not yet sent too")

    def handle(self, *args, form=None, indicators=None, period=None, unit=None,
               format="json", output=None, include_unsent=False, **options):
        try:
            p = parse(period)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        top = OrgUnit.objects.filter(code=unit).first() if unit else access.committee()
        if top is None:
            raise CommandError(_("the unit \"%(code)s\" is unknown.") % {"code": unit or ""})
        expected = estimates = None
        if form:
            report_form = ReportForm.objects.filter(code=form).first()
            version = report_form.current_version() if report_form else None
            if version is None:
                raise CommandError(_("Unknown form \"%(code)s\", or it has no approved "
                                     "version.") % {"code": form})
            chosen = [r.indicator for r in FormRow.objects.filter(
                table__version=version, indicator__isnull=False).select_related("indicator")
                .order_by("table__sort_order", "sort_order")]
            expected = form_services.expected_units(report_form, version)
            estimates = form_services.expected_units(report_form, version,
                                                     column="full_year_estimate")
        elif indicators.strip().lower() == "all":
            chosen = list(Indicator.objects.filter(active=True).order_by("sector__sort_order",
                                                                         "code"))
        else:
            codes = [c.strip() for c in indicators.split(",") if c.strip()]
            found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
            unknown = [c for c in codes if c not in found]
            if unknown:
                raise CommandError(_("Unknown indicator(s): %(codes)s.")
                                   % {"codes": ", ".join(unknown)})
            chosen = [found[c] for c in codes]
        rows = [f.as_dict() for f in consolidate(chosen, p, top, expected,
                                                 include_unsent=include_unsent,
                                                 expected_estimates=estimates)]
        if format == "xlsx":
            if not output:
                raise CommandError(_("--format xlsx needs --output FILE."))
            self.write_xlsx(rows, output)
            return
        text = json.dumps(rows, ensure_ascii=False, indent=2) if format == "json" \
            else self.as_csv(rows)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)

    def as_csv(self, rows) -> str:
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([" ".join(row[c]) if c in LISTS else
                             ("" if row[c] is None else row[c]) for c in COLUMNS])
        return out.getvalue()

    def write_xlsx(self, rows, path):
        wb = spreadsheet.new_workbook()
        ws = wb.active
        ws.title = "consolidation"
        ws.append(COLUMNS)
        for row in rows:
            ws.append([" ".join(row[c]) if c in LISTS else row[c] for c in COLUMNS])
        spreadsheet.save_workbook(wb, path)

"""baocao period show PERIOD [--regime CODE] [--json]: a period's months, neighbours, and for a
regime its data cut-off and due dates, days off skipped."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.catalogue.models import Regime
from baocao.catalogue.periods import PeriodError, parse
from baocao.catalogue.schedule import schedule


def _d(day):
    return day.strftime("%d/%m/%Y")


class Command(BaseCommand):
    help = "Show a period (2026-10, 2026-Q3, 2026-H1, 2026-9M, 2026) and its reporting calendar."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show"])
        parser.add_argument("period")
        parser.add_argument("--regime", default="monthly", help="regime code (default: monthly)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, action, period, regime="monthly", json=False, **options):
        try:
            p = parse(period)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        found = Regime.objects.filter(code=regime).first()
        if found is None:
            raise CommandError(_("Unknown regime \"%(code)s\"; known: %(known)s.") % {
                "code": regime,
                "known": ", ".join(Regime.objects.values_list("code", flat=True))})
        s = schedule(found, p)
        if json:
            self.stdout.write(self.as_json(p, found, s))
            return
        w = self.stdout.write
        w(f"{p}  ·  {p.label()}")
        w(_("  months:             %(months)s") % {
            "months": ", ".join(f"{y}-{m:02d}" for y, m in p.months())})
        w(_("  calendar:           %(start)s – %(end)s") % {"start": _d(p.start), "end": _d(p.end)})
        w(_("  DHIS2:              %(dhis2)s") % {"dhis2": p.dhis2() or "—"})
        w(_("  previous period:    %(p)s (%(label)s)") % {"p": p.previous(),
                                                          "label": p.previous().label()})
        last_year = p.same_period_last_year()
        w(_("  same period a year earlier: %(p)s (%(label)s)") % {"p": last_year,
                                                                 "label": last_year.label()})
        w(_("Regime: %(name)s (%(code)s)") % {"name": found.name, "code": found.code})
        w(_("  data cut-off:       %(start)s – %(end)s") % {"start": _d(s.cutoff_start),
                                                            "end": _d(s.cutoff_end)})
        w(_("  units send by:      %(day)s%(moved)s") % {
            "day": _d(s.due_date), "moved": self.moved(s, s.due_nominal, s.due_date)})
        w(_("  paper copy by:      %(day)s%(moved)s") % {
            "day": _d(s.paper_due_date),
            "moved": self.moved(s, s.paper_due_nominal, s.paper_due_date)})

    def moved(self, s, nominal, actual):
        if nominal == actual:
            return ""
        return _("  (%(nominal)s is a day off: %(why)s)") % {"nominal": _d(nominal),
                                                            "why": s.moved(nominal, actual)}

    def as_json(self, p, regime, s):
        return json.dumps({
            "period": str(p), "kind": p.kind, "label": p.label(), "dhis2": p.dhis2(),
            "months": [f"{y}-{m:02d}" for y, m in p.months()],
            "start": p.start.isoformat(), "end": p.end.isoformat(),
            "previous": str(p.previous()), "same_period_last_year": str(p.same_period_last_year()),
            "regime": regime.code,
            "cutoff_start": s.cutoff_start.isoformat(), "cutoff_end": s.cutoff_end.isoformat(),
            "due_date": s.due_date.isoformat(), "due_nominal": s.due_nominal.isoformat(),
            "paper_due_date": s.paper_due_date.isoformat(),
            "paper_due_nominal": s.paper_due_nominal.isoformat(),
        }, ensure_ascii=False, indent=2)

"""baocao suggestions list [--state S] [--json]: the improvement suggestions (id, date, unit,
state, assignee, days open), newest first."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.quality.models import Suggestion


def as_rows(suggestions, today) -> list[dict]:
    return [{"id": s.pk, "date": timezone.localdate(s.submitted_at).isoformat(),
             "unit": s.unit.code, "state": s.state,
             "assignee": s.assignee.get_username() if s.assignee else None,
             "days_open": s.days_open(today)} for s in suggestions]


class Command(BaseCommand):
    help = "List the improvement suggestions: id, date, unit, state, assignee, days open."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list"])
        parser.add_argument("--state", help="only this state: " + ", ".join(
            Suggestion.State.values))
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, action, state=None, json=False, **options):
        found = Suggestion.objects.select_related("unit", "assignee").order_by("-submitted_at",
                                                                               "-pk")
        if state:
            if state not in Suggestion.State.values:
                raise CommandError(_("Unknown state \"%(state)s\"; choose one of: %(states)s.")
                                   % {"state": state,
                                      "states": ", ".join(Suggestion.State.values)})
            found = found.filter(state=state)
        rows = as_rows(found, timezone.localdate())
        if json:
            self.stdout.write(_dumps(rows))
            return
        self.stdout.write(f"{'id':>5}  {'date':10}  {'unit':16}  {'state':10}  "
                          f"{'assignee':20}  {'days open':>9}")
        for row in rows:
            self.stdout.write(f"{row['id']:>5}  {row['date']:10}  {row['unit']:16}  "
                              f"{row['state']:10}  {row['assignee'] or '—':20}  "
                              f"{row['days_open']:>9}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

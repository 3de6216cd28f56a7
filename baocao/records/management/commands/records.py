"""baocao records due [--on DATE] [--json]: what is due for transfer or disposal on that day."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.records import retention


class Command(BaseCommand):
    help = "Records: the dossiers due for transfer or disposal on a day."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="due for transfer or disposal")
        due.add_argument("--on", help="the day (YYYY-MM-DD; default today)")
        due.add_argument("--json", action="store_true")

    def handle(self, action, **options):
        day = None
        if options.get("on"):
            try:
                day = date.fromisoformat(options["on"])
            except ValueError as error:
                raise CommandError(_("Give the day as YYYY-MM-DD.")) from error
        rows = [{"id": d.dossier.pk, "code": d.dossier.code, "cycle": d.dossier.title,
                 "due": d.what, "since": d.since.isoformat(), "state": d.dossier.state}
                for d in retention.due_on(day)]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(f"{r['id']:>5}  {r['due']:<9} {r['since']}  {r['code']}  "
                              f"{r['cycle']}")

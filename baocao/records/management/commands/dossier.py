"""baocao dossier export ID --output FILE.zip · baocao dossier list [--json]

`export`: the dossier as a zipped BagIt bag (records.bag).  `list`: id, cycle, period, state
(open, filed, transferred, disposed), retention end, items."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from baocao.records import bag
from baocao.records.models import Dossier


class Command(BaseCommand):
    help = "Dossiers: list them, or export one as a BagIt bag (zip)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="every dossier")
        listing.add_argument("--json", action="store_true", help="one JSON array")
        exporting = sub.add_parser("export", help="a dossier as a zipped BagIt bag")
        exporting.add_argument("id", type=int)
        exporting.add_argument("--output", required=True, help="the .zip to write")

    def handle(self, action, **options):
        if action == "list":
            return self.list(options["json"])
        dossier = Dossier.objects.filter(pk=options["id"]).first()
        if dossier is None:
            raise CommandError(_("No dossier %(id)s.") % {"id": options["id"]})
        done = bag.export(dossier, options["output"])
        self.stdout.write(_("%(out)s: %(items)d items, %(files)d files in the bag.") % {
            "out": options["output"], **done})

    def list(self, as_json: bool):
        rows = [{"id": d.pk, "code": d.code, "cycle": d.title, "period": d.period,
                 "state": d.state, "retention_end": d.retention_ends_on.isoformat()
                 if d.retention_ends_on else ("permanent" if d.years_at_unit is not None
                                              and d.total_years is None else None),
                 "items": d.n}
                for d in Dossier.objects.annotate(n=Count("items")).order_by("period_end", "pk")]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(f"{r['id']:>5}  {r['code']:<32} {r['state']:<12} "
                              f"{r['retention_end'] or '—':<12} {r['items']:>4}  {r['cycle']}")

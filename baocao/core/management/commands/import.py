"""baocao import KIND FILE [--dry-run]: load a CSV file, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from baocao.core import registry


class Command(BaseCommand):
    help = "Import a CSV file (units, …): all rows or none; errors by line number."

    def add_arguments(self, parser):
        kinds = ", ".join(sorted(registry.importers))
        parser.add_argument("kind", help=f"what the file holds: {kinds}")
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, kind, file, dry_run=False, **options):
        importer = registry.importers.get(kind)
        if importer is None:
            raise CommandError(
                _("Unknown kind \"%(kind)s\"; choose one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(sorted(registry.importers))}
            )
        with transaction.atomic():
            result = importer(file, dry_run=dry_run, filename=str(file))
            if dry_run or result.errors:  # all or nothing: whatever the importer wrote to
                transaction.set_rollback(True)  # count it or before an error is not kept
        for note in result.notes:
            self.stderr.write(note)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                _("Nothing was imported: %(n)d error(s).") % {"n": len(result.errors)}
            )
        message = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
        }
        if dry_run:
            message = _("Dry run, nothing written: ") + message
        self.stdout.write(self.style.SUCCESS(message))

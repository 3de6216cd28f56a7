"""baocao restore DIR: a backup into this installation's empty database, once every file is
checked against the manifest (baocao/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `baocao backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        try:
            manifest = backup.restore(Path(directory))
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Restored the backup of %(at)s (%(n)d files). Check it with "
                            "`baocao audit verify`.") % {
            "at": manifest["created_at"], "n": len(manifest["files"]) - 1})

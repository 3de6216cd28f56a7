"""baocao backup --output DIR: the database (consistent), the files and the keys, with a
manifest of SHA-256 hashes (baocao/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.core import backup


class Command(BaseCommand):
    help = "Back up the database and the files into a new directory, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="a new or empty directory")

    def handle(self, output, **options):
        try:
            manifest = backup.backup(Path(output))
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        size = sum(e["size"] for e in manifest["files"])
        self.stdout.write(_("Backed up into %(dir)s: the %(vendor)s database and %(n)d files, "
                            "%(mb).1f MB; manifest.json holds their SHA-256.") % {
            "dir": output, "vendor": manifest["database"]["vendor"],
            "n": len(manifest["files"]) - 1, "mb": size / 1e6})

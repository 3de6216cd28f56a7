"""Backup and restore: a consistent dump of the database, the uploaded files and the data
directory's keys, with a manifest of SHA-256 hashes (`baocao backup`, `baocao restore`).

    DIR/manifest.json            what is here, and the hash and size of each file
    DIR/database.sql             PostgreSQL: pg_dump (plain SQL, one snapshot)
    DIR/database.sqlite3         SQLite: the online backup API (a consistent copy while in use)
    DIR/files/…                  the file storage (attachments, letters), by their names
    DIR/data/keys/…              BAOCAO_DATA_DIR/keys (the demo certificate authority)

Restore goes into an empty database of the same engine, after every file has been checked
against the manifest.  SECRET_KEY and BAOCAO_SEAL_PASSWORD are not in the backup: keep them
apart, and give the restored installation the same.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "baocao-backup/1"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environ() -> dict:
    db = settings.DATABASES["default"]
    environ = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            environ[name] = str(db[key])
    return environ


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(_("%(tool)s is not installed (Debian: apt-get install "
                            "postgresql-client).") % {"tool": name})
    return found


def _walk(storage, prefix: str = ""):
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield str(PurePosixPath(prefix, name)) if prefix else name
    for directory in sorted(directories):
        yield from _walk(storage, str(PurePosixPath(prefix, directory)) if prefix
                         else directory)


def _applied_migrations() -> dict:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


def backup(output: Path) -> dict:
    """Write a backup into `output` (new or empty); returns the manifest."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(_("%(dir)s is not empty; give a new directory.") % {"dir": output})
    output.mkdir(parents=True, exist_ok=True, mode=0o700)
    vendor = connection.vendor
    if vendor == "postgresql":
        database_file = "database.sql"
        done = subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=plain", "--no-owner", "--no-privileges",
             "--encoding=UTF8", f"--file={output / database_file}"],
            env=_pg_environ(), capture_output=True, text=True, check=False)
        if done.returncode:
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": done.stderr[-2000:]})
    elif vendor == "sqlite":
        database_file = "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(output / database_file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"baocao backup does not know the {vendor} database engine")
    entries = [(database_file, output / database_file)]
    for name in _walk(default_storage):
        destination = output / "files" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
        entries.append((f"files/{name}", destination))
    keys = _keys_dir()
    if keys.is_dir():
        for path in sorted(p for p in keys.rglob("*") if p.is_file()):
            relative = path.relative_to(keys).as_posix()
            destination = output / "data" / "keys" / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            entries.append((f"data/keys/{relative}", destination))
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": database_file,
                     "migrations": _applied_migrations()},
        "files": [{"path": name, "size": path.stat().st_size, "sha256": sha256_of(path)}
                  for name, path in entries],
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def check(directory: Path) -> dict:
    """The manifest, once every file it lists is there with its size and hash (and nothing it
    does not list, nothing outside the directory)."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(_("No readable manifest.json in %(dir)s: %(error)s")
                          % {"dir": directory, "error": error}) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unknown backup format: %(format)s")
                          % {"format": manifest.get("format")})
    problems, listed = [], set()
    for entry in manifest["files"]:
        name = entry["path"]
        path = directory / name
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            problems.append(_("%(name)s: a path outside the backup") % {"name": name})
            continue
        listed.add(name)
        if not path.is_file():
            problems.append(_("%(name)s: missing") % {"name": name})
        elif path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            problems.append(_("%(name)s: changed since the backup (SHA-256 differs)")
                            % {"name": name})
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*")
               if p.is_file()} - {MANIFEST}
    problems += [_("%(name)s: not in the manifest") % {"name": n}
                 for n in sorted(present - listed)]
    if manifest["database"]["file"] not in listed:
        problems.append(_("the database dump is not in the manifest"))
    if problems:
        raise BackupError(_("The backup does not match its manifest: %(problems)s")
                          % {"problems": "; ".join(problems)})
    return manifest


def _unknown_migrations(manifest) -> list[str]:
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, names in manifest["database"]["migrations"].items()
            for name in names if (app, name) not in on_disk]


def restore(directory: Path) -> dict:
    """Restore a backup into this installation's database, which must be empty."""
    directory = Path(directory)
    manifest = check(directory)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(_("The backup is of a %(theirs)s database; this installation uses "
                            "%(ours)s.") % {"theirs": vendor, "ours": connection.vendor})
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(_("The database is not empty (%(n)d tables): restore only into an "
                            "empty database, before any `baocao migrate`.") % {"n": len(tables)})
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(_("The backup was made by a newer baocao (migrations unknown here: "
                            "%(names)s); upgrade first.") % {"names": ", ".join(unknown[:5])})
    files = [e["path"] for e in manifest["files"] if e["path"].startswith("files/")]
    clashes = [name for name in files if default_storage.exists(name.removeprefix("files/"))
               and _storage_sha256(name.removeprefix("files/"))
               != _entry(manifest, name)["sha256"]]
    keys = [e["path"] for e in manifest["files"] if e["path"].startswith("data/keys/")]
    clashes += [name for name in keys if (_keys_dir() / name.removeprefix("data/keys/")).exists()
                and sha256_of(_keys_dir() / name.removeprefix("data/keys/"))
                != _entry(manifest, name)["sha256"]]
    if clashes:
        raise BackupError(_("These files exist here with other content: %(names)s")
                          % {"names": ", ".join(clashes[:5])})
    dump = directory / manifest["database"]["file"]
    if vendor == "postgresql":
        connection.close()
        done = subprocess.run(  # noqa: S603
            [_tool("psql"), "-X", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1",
             "--single-transaction", f"--file={dump}"],
            env=_pg_environ(), capture_output=True, text=True, check=False)
        if done.returncode:
            raise BackupError(_("psql failed (nothing was restored): %(error)s")
                              % {"error": done.stderr[-2000:]})
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    for name in files:
        stored = name.removeprefix("files/")
        if not default_storage.exists(stored):
            with open(directory / name, "rb") as f:
                saved = default_storage.save(stored, File(f))
            if saved != stored:
                raise BackupError(f"the storage saved {stored} as {saved}")
    for name in keys:
        target = _keys_dir() / name.removeprefix("data/keys/")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(directory / name, target)
    return manifest


def _entry(manifest, name):
    return next(e for e in manifest["files"] if e["path"] == name)


def _storage_sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

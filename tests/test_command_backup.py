"""baocao backup / baocao restore: the demo backed up, restored into a fresh database (on the
engine of the run: PostgreSQL with DATABASE_URL, SQLite otherwise), its audit chain intact and
every issued PDF verifying; a non-empty database and a changed backup refused."""

import json
import os
import shutil
import subprocess

import pytest

from .serving import BAOCAO

SECRET = "backup-test-" + "s" * 50
SNIPPET_ATTACH = """
from django.core.files.base import ContentFile
from baocao.collection.models import Attachment, Submission
from baocao.organisation.models import User
a = Attachment.objects.create(
    submission=Submission.objects.order_by("pk").first(), kind="paper_copy", name="scan.pdf",
    size=24, content_type="application/pdf", uploaded_by=User.objects.order_by("pk").first(),
    file=ContentFile(b"%PDF-1.4 scanned copy..", name="scan.pdf"))
print(a.file.name)
"""
SNIPPET_PDFS = """
from pathlib import Path
from baocao.documents.models import Document
out = Path(r"{out}")
out.mkdir(exist_ok=True)
for d in Document.objects.exclude(pdf=None):
    (out / f"{{d.pk}}.pdf").write_bytes(bytes(d.pdf))
print(Document.objects.exclude(pdf=None).count())
"""


def run(args, env, check=True, timeout=900):
    done = subprocess.run([BAOCAO, *args], env=os.environ | env, capture_output=True,  # noqa: S603
                          text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done


class Databases:
    """Fresh databases on the run's engine: PostgreSQL databases of their own, or SQLite files."""

    def __init__(self, root):
        self.root, self.made = root, []
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            self.base, _, name = url.rpartition("/")
            self.prefix = f"{name.split('?')[0]}_backup_{os.getpid()}"

    def env(self, name: str) -> dict:
        environ = {"BAOCAO_DATA_DIR": str(self.root / name), "SECRET_KEY": SECRET,
                   "REDIS_URL": "", "HUEY_IMMEDIATE": "true"}
        if not self.postgres:
            return environ | {"DATABASE_URL": ""}
        import psycopg

        database = f"{self.prefix}_{name}"
        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{database}"')
        self.made.append(database)
        return environ | {"DATABASE_URL": f"{self.base}/{database}"}

    def drop(self):
        if self.postgres and self.made:
            import psycopg

            with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
                for database in self.made:
                    conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and not shutil.which("pg_dump"):
        if os.environ.get("BAOCAO_REQUIRE_SERVERS") == "1":
            pytest.fail("pg_dump is not installed (postgresql-client)")
        pytest.skip("pg_dump is not installed (postgresql-client)")
    root = tmp_path_factory.mktemp("backup")
    databases = Databases(root)
    try:
        source = databases.env("source")
        run(["demo", "--no-serve"], source)
        attached = run(["shell", "-c", SNIPPET_ATTACH], source).stdout.strip().splitlines()[-1]
        head = run(["audit", "verify"], source).stdout.strip().splitlines()[-1]
        done = run(["backup", "--output", str(root / "backup")], source)
        yield {"root": root, "databases": databases, "source": source, "attached": attached,
               "head": head, "backup": root / "backup", "said": done.stdout}
    finally:
        databases.drop()


def test_the_backup_holds_the_database_the_files_and_a_manifest(demo):
    manifest = json.loads((demo["backup"] / "manifest.json").read_text())
    names = [entry["path"] for entry in manifest["files"]]
    database = manifest["database"]
    assert database["vendor"] == ("postgresql" if demo["databases"].postgres else "sqlite")
    assert names[0] == database["file"]
    assert f"files/{demo['attached']}" in names
    assert "data/keys/demo-ca.pem" in names
    assert "0001_initial" in database["migrations"]["documents"]
    for entry in manifest["files"]:
        assert len(entry["sha256"]) == 64 and entry["size"] == (
            demo["backup"] / entry["path"]).stat().st_size


def test_it_restores_into_a_fresh_database_with_the_chain_and_the_signatures_intact(demo):
    target = demo["databases"].env("restored")
    run(["restore", str(demo["backup"])], target)
    verified = run(["audit", "verify"], target)
    assert verified.stdout.strip().splitlines()[-1] == demo["head"]  # the same last event
    out = demo["root"] / "pdfs"
    count = int(run(["shell", "-c", SNIPPET_PDFS.format(out=out)], target).stdout.split()[-1])
    assert count >= 3  # the demo's issued, signed reports
    pdfs = sorted(str(pdf) for pdf in out.glob("*.pdf"))
    checked = run(["document", "verify", *pdfs], target, check=False)  # one process for all
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("HỢP LỆ") >= len(pdfs), checked.stdout[-3000:]
    restored = demo["root"] / "restored" / "media" / demo["attached"]
    assert restored.read_bytes() == b"%PDF-1.4 scanned copy.."
    # and it refuses to restore over it now that it is not empty
    again = run(["restore", str(demo["backup"])], target, check=False)
    assert again.returncode != 0
    assert "migrate" in again.stderr  # "…before any `baocao migrate`"


def test_it_refuses_a_backup_that_changed(demo):
    changed = demo["root"] / "changed"
    shutil.copytree(demo["backup"], changed)
    key = changed / "data" / "keys" / "demo-ca.pem"
    key.write_bytes(key.read_bytes().replace(b"A", b"B", 1))
    target = demo["databases"].env("refused")
    refused = run(["restore", str(changed)], target, check=False)
    assert refused.returncode != 0
    assert "data/keys/demo-ca.pem" in refused.stderr
    assert not (demo["root"] / "refused" / "keys").exists()  # nothing written
    tables = run(["shell", "-c", "from django.db import connection; "
                  "print(len(connection.introspection.table_names()))"], target)
    assert tables.stdout.split()[-1] == "0"


def test_it_refuses_a_directory_that_is_not_empty(demo):
    refused = run(["backup", "--output", str(demo["backup"])], demo["source"], check=False)
    assert refused.returncode != 0
    assert str(demo["backup"]) in refused.stderr

"""baocao dossier export ID --output FILE.zip: a BagIt bag that validates, each item's file
hashed as stored; baocao dossier list; baocao records due."""

import hashlib
import io
import json
import zipfile
from datetime import date

import bagit
import pytest
from django.core.management import CommandError, call_command

from baocao.records import filing
from baocao.records.models import Dossier

from .records_helpers import issue_monthly, load_schedule


@pytest.fixture
def filed(monthly_draft, users, recipients):
    load_schedule()
    issue_monthly(monthly_draft, users, recipients)
    dossier = Dossier.objects.get(round=monthly_draft.round)
    filing.file(dossier, users["clerk"])
    dossier.refresh_from_db()
    return dossier


def test_the_exported_bag_validates_and_each_file_is_the_stored_one(filed, tmp_path):
    out = tmp_path / "hs.zip"
    call_command("dossier", "export", str(filed.pk), "--output", str(out))
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path / "x")
    root = next((tmp_path / "x").iterdir())
    bag = bagit.Bag(str(root))
    bag.validate()
    meta = json.loads((root / "data" / "metadata.json").read_text())
    assert meta["dossier"]["code"] == filed.code
    assert meta["dossier"]["retention"]["total_years"] == 5
    assert meta["dossier"]["tt02_2019"]["thoi_han_bao_quan"] == "5 năm"
    stored = {i.sha256 for i in filed.items.all()}
    checked = 0
    for item in meta["items"]:
        path = root / item["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == item["sha256"]
        assert item["sha256"] in stored
        checked += 1
    assert checked == filed.items.count()
    assert (root / "data" / "muc-luc-ho-so.pdf").read_bytes().startswith(b"%PDF")
    assert any(i["kind"] == "document" and i["file"].endswith(".pdf") for i in meta["items"])


def test_it_lists_the_dossiers(filed):
    out = io.StringIO()
    call_command("dossier", "list", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    row = next(r for r in rows if r["id"] == filed.pk)
    assert row["state"] == "filed" and row["items"] == filed.items.count()
    assert row["retention_end"] == filed.retention_ends_on.isoformat()


def test_records_due_names_the_dossier_for_transfer_then_disposal(filed):
    year = filed.filed_at.year
    out = io.StringIO()
    call_command("records", "due", "--on", f"{year + 1}-12-31", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []
    out = io.StringIO()
    call_command("records", "due", "--on", f"{year + 2}-01-01", "--json", stdout=out)
    assert [(r["id"], r["due"]) for r in json.loads(out.getvalue())] == [(filed.pk, "transfer")]
    out = io.StringIO()
    call_command("records", "due", "--on", str(date(year + 6, 1, 1)), "--json", stdout=out)
    assert [(r["id"], r["due"]) for r in json.loads(out.getvalue())] == [(filed.pk, "disposal")]


def test_a_bad_day_or_id_is_refused(db):
    with pytest.raises(CommandError):
        call_command("records", "due", "--on", "31/12/2026")
    with pytest.raises(CommandError):
        call_command("dossier", "export", "999", "--output", "/tmp/none.zip")

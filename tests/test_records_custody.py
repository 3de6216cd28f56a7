"""Transfer and disposal write their records and audit events; refused before their time,
under a legal hold, or for anyone but the clerk; the pages' forbidden cases."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from baocao.audit.models import Event
from baocao.records import custody, filing, retention
from baocao.records.models import Dossier, services

from .records_helpers import load_schedule


@pytest.fixture
def old(collection, users):
    """The round's dossier filed (with a reason) and dated seven years back."""
    load_schedule()
    dossier = Dossier.objects.get(round=collection["round"])
    filing.file(dossier, users["clerk"], reason="Hồ sơ cũ, bản giấy lưu riêng.")
    year = timezone.localdate().year - 7
    transfer, ends = retention.dates(year, 1, 5)
    with services():
        Dossier.objects.filter(pk=dossier.pk).update(transfer_due_on=transfer,
                                                     retention_ends_on=ends)
    dossier.refresh_from_db()
    return dossier


def test_it_transfers_with_the_transfer_record(old, users):
    made = custody.transfer([old], users["clerk"], number="01/BB-GN",
                            transferred_on=timezone.localdate(), received_by="Lưu trữ cơ quan")
    old.refresh_from_db()
    assert old.state == "transferred" and old.custody == "archive" and old.transfer == made
    assert bytes(made.pdf).startswith(b"%PDF") and len(made.pdf_sha256) == 64
    assert Event.objects.filter(action="dossier.transfer", object_id=str(old.pk)).exists()
    assert Event.objects.filter(action="transfer.create").exists()


def test_it_disposes_on_a_decision_keeping_the_index_and_hashes(old, users):
    hashes = sorted(old.items.values_list("sha256", flat=True))
    files = [i.file.name for i in old.items.all() if i.file]
    done = custody.dispose([old], users["clerk"], number="15/QĐ-UBND",
                           decided_on=timezone.localdate(), decided_by="Chủ tịch UBND quận")
    old.refresh_from_db()
    assert old.state == "disposed" and old.disposal == done
    assert bytes(done.pdf).startswith(b"%PDF")
    assert sorted(old.items.values_list("sha256", flat=True)) == hashes
    assert all(i.content == {} and not i.file and i.contents_removed_at for i in old.items.all())
    from django.core.files.storage import default_storage

    assert not any(default_storage.exists(name) for name in files)
    event = Event.objects.get(action="dossier.dispose", object_id=str(old.pk))
    assert event.details["decision"] == "15/QĐ-UBND" and len(event.details["items"]) == len(
        hashes)


def test_nothing_is_disposed_before_its_time_or_under_a_hold(old, users):
    retention.place_hold(old, users["clerk"], "Đang thanh tra.")
    assert retention.due_on() == []
    with pytest.raises(ValidationError, match="hold|tạm"):
        custody.dispose([old], users["clerk"], number="1", decided_on=timezone.localdate(),
                        decided_by="Chủ tịch")
    hold = old.holds.get()
    retention.lift_hold(hold, users["clerk"])
    assert [d.what for d in retention.due_on()] == ["disposal"]
    with pytest.raises(ValidationError):
        custody.dispose([old], users["clerk"], number="1",
                        decided_on=old.retention_ends_on - timedelta(days=1),
                        decided_by="Chủ tịch")
    old.refresh_from_db()
    assert old.state == "filed"


def test_a_permanent_dossier_is_never_disposed(old, users):
    with services():
        Dossier.objects.filter(pk=old.pk).update(retention_ends_on=None, total_years=None)
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="vĩnh viễn|permanently"):
        custody.dispose([old], users["clerk"], number="1", decided_on=date.today(),
                        decided_by="Chủ tịch")


def test_only_the_clerk_transfers_or_disposes(old, users):
    for who in ("compiler", "leader", "admin", "outsider"):
        with pytest.raises(PermissionDenied):
            custody.transfer([old], users[who], number="1", transferred_on=date.today(),
                             received_by="x")
        with pytest.raises(PermissionDenied):
            custody.dispose([old], users[who], number="1", decided_on=date.today(),
                            decided_by="x")


def test_the_daily_job_puts_it_on_the_clerks_list(old, users):
    from baocao.core import registry

    assert retention.mark_due()["disposal"] == 1
    titles = [i.title for i in registry.todo_for(users["clerk"])]
    assert any(old.title in t for t in titles)


def test_the_pages_forbid_those_who_may_not(old, client_for, users):
    from django.urls import reverse

    outsider = client_for("outsider")
    reporter = client_for("reporter")
    for url in (reverse("records:dossier_list"), reverse("records:dossier", args=[old.pk]),
                reverse("records:index_pdf", args=[old.pk]), reverse("records:retention")):
        assert outsider.get(url).status_code == 403
        assert reporter.get(url).status_code == 403
    compiler = client_for("compiler")
    assert compiler.get(reverse("records:due")).status_code == 403
    for url in (reverse("records:file", args=[old.pk]), reverse("records:hold", args=[old.pk]),
                reverse("records:transfer_make"), reverse("records:disposal_make")):
        assert compiler.post(url, {"reason": "x"}).status_code == 403
    clerk = client_for("clerk")
    page = clerk.get(reverse("records:dossier", args=[old.pk]))
    assert page.status_code == 200 and old.code in page.content.decode()
    assert clerk.get(reverse("records:index_pdf", args=[old.pk])).content.startswith(b"%PDF")
    assert clerk.get(reverse("records:due")).status_code == 200
    bad = clerk.post(reverse("records:disposal_make"), {"dossiers": [old.pk]})
    assert bad.status_code == 400
    old.refresh_from_db()
    assert old.state == "filed"

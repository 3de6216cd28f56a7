"""Filing the dossier (the workflow's last step): refused incomplete without a reason; files
the copies, fixes the retention, closes the round; afterwards nothing of it can change."""

import pytest
from django.core.exceptions import ValidationError

from baocao.audit.models import Event
from baocao.collection import submissions
from baocao.records import filing
from baocao.records.models import Dossier, DossierItem, ReadOnly

from .records_helpers import issue_monthly, load_schedule


@pytest.fixture
def issued(monthly_draft, users, recipients):
    load_schedule()
    return issue_monthly(monthly_draft, users, recipients)


def test_it_refuses_an_incomplete_dossier_without_a_reason(collection, users):
    load_schedule()
    dossier = Dossier.objects.get(round=collection["round"])
    with pytest.raises(ValidationError, match="thiếu|lacks"):
        filing.file(dossier, users["clerk"])
    dossier.refresh_from_db()
    assert dossier.state == "open" and collection["round"].state == "open"


def test_it_files_a_complete_dossier_and_closes_the_round(issued, users):
    dossier = Dossier.objects.get(round=issued.round)
    filing.file(dossier, users["clerk"])
    dossier.refresh_from_db()
    assert dossier.state == "filed" and dossier.filed_by == users["clerk"]
    assert dossier.missing == [] and dossier.total_years == 5 and dossier.years_at_unit == 1
    assert [c["unit"] for c in dossier.filed_copies] == ["TAYHO-VP"]
    assert dossier.items.filter(kind="distribution").exists()
    issued.round.refresh_from_db()
    assert issued.round.state == "closed"
    assert Event.objects.filter(action="dossier.file").exists()
    assert issued.log.filter(action="file").exists()


def test_after_filing_nothing_of_it_can_change(issued, users):
    dossier = Dossier.objects.get(round=issued.round)
    filing.file(dossier, users["clerk"])
    dossier.refresh_from_db()
    dossier.title = "Khác"
    with pytest.raises(ReadOnly):
        dossier.save()
    item = dossier.items.first()
    item.title = "Khác"
    with pytest.raises(ReadOnly):
        item.save()
    with pytest.raises(ReadOnly):
        item.delete()
    with pytest.raises(ReadOnly):
        dossier.delete()
    with pytest.raises(ReadOnly):
        DossierItem(dossier=dossier, kind="comment", title="x", sha256="0").save()
    submission = issued.round.submissions.first()
    with pytest.raises(ValidationError, match="kết thúc|closed"):
        submissions.receive(submission, users["clerk"])


def test_only_the_clerk_files(issued, users):
    from django.core.exceptions import PermissionDenied

    dossier = Dossier.objects.get(round=issued.round)
    for who in ("compiler", "leader", "reporter", "outsider"):
        with pytest.raises(PermissionDenied):
            filing.file(dossier, users[who])
    dossier.refresh_from_db()
    assert dossier.state == "open"


def test_filing_with_a_reason_keeps_what_was_missing(collection, users):
    load_schedule()
    dossier = Dossier.objects.get(round=collection["round"])
    filing.file(dossier, users["clerk"], reason="Bản giấy lưu riêng.")
    dossier.refresh_from_db()
    assert dossier.state == "filed" and dossier.missing_reason == "Bản giấy lưu riêng."
    assert any(m["kind"] == "unit_report" for m in dossier.missing)

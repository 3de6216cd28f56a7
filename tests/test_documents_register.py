"""The outgoing register: one sequence per committee per calendar year, restarting on 1 January,
no gaps, no duplicates even when two documents are issued at the same moment."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from baocao.documents import issuing
from baocao.documents.models import Document, OutgoingRegister
from baocao.drafting import editing, workflow
from baocao.drafting.models import Draft


def signed_draft(users, tree, regime_code="monthly", title="Báo cáo"):
    """A draft at the monthly regime's issue step, signed by the office head."""
    from baocao.catalogue.models import Regime

    regime = Regime.objects.get(code=regime_code)
    draft = editing.create_draft(regime=regime, lead_unit=tree["office"], title=title,
                                 summary="về kết quả", actor=users["compiler"],
                                 sections=[{"heading": "I. Kết quả", "html": "<p>x</p>"}])
    draft.step = regime.steps.get(code="sign")
    draft.save()
    workflow.act(draft, "sign", users["office_head"])
    return Draft.objects.get(pk=draft.pk)


def test_numbers_follow_each_other_and_restart_each_year(users, tree, recipients):
    committee = tree["committee"]
    assert [issuing.take_number(committee, 2025)[1] for _ in range(3)] == [1, 2, 3]
    assert issuing.take_number(committee, 2026)[1] == 1
    assert issuing.take_number(committee, 2025)[1] == 4
    assert OutgoingRegister.objects.count() == 2


def test_issue_gives_the_number_date_and_recipients(users, tree, recipients, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    draft = signed_draft(users, tree)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.act(draft, "issue", users["clerk"], recipients=recipients[:1],
                     others="- Sở Kế hoạch và Đầu tư;\nUBND thành phố",
                     filing_line="Lưu: VT, VP.")
    document = Document.objects.get()
    assert document.reference == "01/BC-UBND" and document.issued_on == timezone.localdate()
    assert document.recipients == ["Quận ủy", "Sở Kế hoạch và Đầu tư", "UBND thành phố"]
    assert document.distributions.count() == 3
    copy = document.distributions.get(name="Quận ủy")
    assert copy.sent_at is not None  # e-mailed, with its own read-only link
    message = next(m for m in mailoutbox if m.to == ["quanuy@example.vn"])
    assert f"/documents/copy/{copy.token}/" in message.body and "01/BC-UBND" in message.subject


def test_a_failed_issue_leaves_no_gap(users, tree, recipients):
    draft = signed_draft(users, tree)
    Draft.objects.filter(pk=draft.pk).update(recipients=[])  # nobody to send it to
    with pytest.raises(ValidationError):
        workflow.act(draft, "issue", users["clerk"], recipients=[])
    with pytest.raises(ValidationError):
        workflow.act(draft, "issue", users["clerk"], recipients=recipients,
                     issued_on=timezone.localdate() + timedelta(days=3))
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    assert Document.objects.get().number == 1


def test_an_issued_document_never_changes(users, tree, recipients):
    draft = signed_draft(users, tree)
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    document = Document.objects.get()
    document.title = "khác"
    with pytest.raises(ValidationError):
        document.save()
    with pytest.raises(ValidationError):
        document.delete()
    assert Document.objects.get().title == "Báo cáo"


def test_a_correction_is_a_new_document_that_names_the_old_one(users, tree, recipients):
    from baocao.drafting.building import correction_of

    draft = signed_draft(users, tree)
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    old = Document.objects.get()
    correction = correction_of(old, users["compiler"])
    assert "01/BC-UBND" in correction.summary and correction.step.code == "draft"
    with pytest.raises(ValidationError, match="đã có|đang được dự thảo"):
        correction_of(old, users["compiler"])
    correction.step = correction.regime.steps.get(code="sign")
    correction.save()
    workflow.act(correction, "sign", users["office_head"])
    workflow.act(correction, "issue", users["clerk"], recipients=recipients)
    new = Document.objects.get(corrects=old)
    assert new.number == 2 and old.corrected_by.get() == new


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
def test_two_issues_at_the_same_moment_get_consecutive_numbers(users, tree, recipients):
    drafts = [signed_draft(users, tree, title=f"Báo cáo {i}") for i in range(2)]
    barrier, errors = threading.Barrier(2), []

    def issue(draft):
        try:
            barrier.wait(timeout=10)
            workflow.act(draft, "issue", users["clerk"], recipients=recipients)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert sorted(Document.objects.values_list("number", flat=True)) == [1, 2]
    assert OutgoingRegister.objects.get(year=date.today().year).last_number == 2


def test_the_drafts_recipients_are_the_documents_by_default(users, tree, recipients):
    draft = signed_draft(users, tree)
    assert [r["name"] for r in draft.recipients] == [r.name for r in recipients]
    workflow.act(draft, "issue", users["clerk"])
    assert Document.objects.get().recipients == [r.name for r in recipients]

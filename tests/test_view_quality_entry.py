"""An entry's page and its state changes through the pages: each offered to whoever may take it,
refused (403) to anyone else, bad input at its field (400, nothing changed)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baocao.quality import registers
from baocao.quality.models import Capa, ObjectiveResult

from .conftest import last_month

TODAY = timezone.localdate()


@pytest.fixture
def entries(tree, users, quality_form):
    rep, head = users["department_reporter"], users["department_head"]
    yt = tree["department"]
    return {
        "objective": registers.create_objective(unit=yt, year=last_month().year, title="Đúng hạn",
                                                measure="tỷ lệ", comparison="at_least",
                                                target="98", actor=rep),
        "document_error": registers.record_document_error(
            unit=yt, document_title="7/BC-YT", error="Sai", found_by="VP", found_on=TODAY,
            actor=rep),
        "capa": registers.open_capa(unit=yt, kind="corrective", problem="Chậm", action="Thêm",
                                    responsible=rep, due_date=TODAY + timedelta(days=3),
                                    actor=head),
        "problem": registers.record_problem(unit=yt, occurred_on=TODAY, kind="late",
                                            description="Trả chậm", actor=rep),
        "incident": registers.record_incident(unit=yt, equipment="Máy in",
                                              occurred_at=timezone.now(), effect="Hỏng",
                                              actor=rep),
        "complaint": registers.record_complaint(unit=yt, received_on=TODAY, subject="Chờ lâu",
                                                explanation_due=TODAY + timedelta(days=4),
                                                actor=rep),
    }


def detail(slug, entry):
    return reverse(f"quality:{slug}", args=[entry.pk])


def act(slug, entry, action):
    return reverse(f"quality:{slug}_act", args=[entry.pk, action])


@pytest.mark.parametrize("slug", ["objective", "document_error", "capa", "problem", "incident",
                                  "complaint"])
def test_each_entry_has_its_page_and_history(client_for, entries, slug):
    from django.utils.html import escape

    from baocao.audit import sentences
    from baocao.audit.models import Event

    html = client_for("department_head").get(detail(slug, entries[slug])).content.decode()
    first = Event.objects.filter(object_id=str(entries[slug].pk),
                                 object_type=entries[slug]._meta.label_lower).earliest("seq")
    # The history in sentences ("… đã ghi nhận khiếu nại"), never the code of the action.
    assert "Lịch sử" in html and escape(sentences.done(first.action)) in html
    assert first.action not in html
    for who in ("other_reporter", "reporter", "outsider"):
        assert client_for(who).get(detail(slug, entries[slug])).status_code == 403


def test_a_result_is_recorded_from_the_page(client_for, entries):
    objective = entries["objective"]
    client = client_for("department_reporter")
    bad = client.post(act("objective", objective, "result"),
                      {"result-period": "2999-01", "result-value": "99"})
    assert bad.status_code == 400 and "Hãy chọn một kỳ của năm" in bad.content.decode()
    good = client.post(act("objective", objective, "result"),
                       {"result-period": str(last_month()), "result-value": "99,5"})
    assert good.status_code == 302 and ObjectiveResult.objects.get().value == 99.5
    assert client_for("leader").post(act("objective", objective, "result"), {
        "result-period": str(last_month()), "result-value": "1"}).status_code == 403


def test_the_capa_is_done_by_its_person_and_checked_by_another(client_for, entries, users):
    capa = entries["capa"]
    done = client_for("department_reporter").post(act("capa", capa, "complete"), {
        "complete-done_on": TODAY.isoformat(), "complete-done_note": "Đã bố trí"})
    assert done.status_code == 302
    assert client_for("department_reporter").post(act("capa", capa, "check"), {
        "check-effective": "yes", "check-check_note": "ok"}).status_code == 403
    page = client_for("department_head").get(detail("capa", capa)).content.decode()
    assert "Kiểm tra hiệu lực" in page
    checked = client_for("department_head").post(act("capa", capa, "check"), {
        "check-effective": "yes", "check-check_note": "Kiểm tra 5 hồ sơ"})
    assert checked.status_code == 302
    capa.refresh_from_db()
    assert capa.state == "closed" and capa.checked_by == users["department_head"]


def test_a_capa_is_opened_from_an_entry_page(client_for, entries, users):
    error = entries["document_error"]
    response = client_for("department_head").post(act("document_error", error, "capa"), {
        "capa-kind": "corrective", "capa-problem": "Sai số liệu", "capa-action": "Rà soát",
        "capa-responsible": users["department_reporter"].pk,
        "capa-due_date": (TODAY + timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    capa = Capa.objects.get(source="document_error")
    assert capa.source_id == error.pk
    assert "Rà soát" in client_for("department_head").get(
        detail("document_error", error)).content.decode()


@pytest.mark.parametrize(("slug", "action", "data", "who"), [
    ("document_error", "correct", {"correct-corrected_on": TODAY.isoformat(),
                                   "correct-correction": "Đính chính"}, "department_reporter"),
    ("problem", "resolve", {"resolve-resolved_on": TODAY.isoformat(),
                            "resolve-resolution": "Xin lỗi"}, "department_reporter"),
    ("incident", "repair", {"repair-repaired_on": TODAY.isoformat(), "repair-repair": "Thay",
                            "repair-repaired_by": "Kỹ thuật"}, "department_reporter"),
    ("complaint", "explain", {"explain-explained_on": TODAY.isoformat(),
                              "explain-explanation": "Đã làm rõ"}, "department_head"),
    ("objective", "withdraw", {"withdraw-reason": "Trùng"}, "department_head"),
])
def test_each_state_change_through_its_page(client_for, entries, slug, action, data, who):
    entry = entries[slug]
    before = entry.state
    assert client_for("other_reporter").post(act(slug, entry, action), data).status_code == 403
    response = client_for(who).post(act(slug, entry, action), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state != before
    again = client_for(who).post(act(slug, entry, action), data)
    assert again.status_code == 400 and "alert-danger" in again.content.decode()
    changed = entry.state
    entry.refresh_from_db()
    assert entry.state == changed  # taken once only


def test_only_the_head_explains_a_complaint(client_for, entries):
    complaint = entries["complaint"]
    assert client_for("department_reporter").post(act("complaint", complaint, "explain"), {
        "explain-explained_on": TODAY.isoformat(),
        "explain-explanation": "x"}).status_code == 403


def test_an_unknown_action_or_a_get_is_not_found(client_for, entries):
    client = client_for("department_head")
    assert client.post(act("problem", entries["problem"], "magic")).status_code == 404
    assert client.get(act("problem", entries["problem"], "resolve")).status_code == 404


def test_a_capa_is_opened_from_an_objective_not_met(client_for, entries, users):
    objective = entries["objective"]
    response = client_for("department_head").post(act("objective", objective, "capa"), {
        "capa-kind": "corrective", "capa-problem": "Tỷ lệ đúng hạn 96%",
        "capa-action": "Rà soát quy trình", "capa-responsible": users["department_reporter"].pk,
        "capa-due_date": (TODAY + timedelta(days=10)).isoformat()})
    assert response.status_code == 302
    capa = Capa.objects.get(source="objective")
    assert capa.source_id == objective.pk and capa.unit == objective.unit


def test_an_erroneous_document_of_ours_is_named_by_its_number(client_for, tree, users,
                                                              quality_form, monthly_draft,
                                                              recipients):
    from baocao.documents.models import Document
    from baocao.drafting import workflow

    draft = monthly_draft
    for step, who in (("submit", "compiler"), ("approve", "office_head")):
        workflow.act(draft, step, users[who])
    workflow.consult(draft, users["compiler"], users=[], units=[], deadline=TODAY,
                     allow_nobody=True)
    workflow.resolve(draft, users["compiler"])
    workflow.sign(draft, users["office_head"])
    workflow.issue(draft, users["clerk"], recipients=recipients)
    document = Document.objects.get()
    response = client_for("compiler").post(
        reverse("quality:document_error_list", args=[tree["office"].code]), {
            "document": document.pk, "document_title": "", "error": "Sai số liệu",
            "found_by": "Sở Nội vụ", "found_on": TODAY.isoformat()})
    assert response.status_code == 302
    from baocao.quality.models import DocumentError

    entry = DocumentError.objects.get()
    assert entry.document == document and entry.document_title.startswith(document.reference)

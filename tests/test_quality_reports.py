"""BM.07.01 through the reporting machinery: its figures computed (read-only in the entry page,
refused as typed cells), written as the report's values when the head approves it, sent and
consolidated over the committee; the department's report drafted into a document that runs the
quality regime's workflow to its issue; the QMR's summary drafted from the data and issued."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from baocao.catalogue.models import Indicator
from baocao.collection import rounds, submissions
from baocao.collection.models import COMPUTED_BY, DataValue
from baocao.consolidation.engine import consolidate
from baocao.documents.models import Document
from baocao.drafting import building, workflow
from baocao.quality import registers, reports, stats
from baocao.quality.models import DepartmentReport, ManagementReview

from .conftest import last_month

TODAY = timezone.localdate()


@pytest.fixture
def bm_round(quality_form, tree, users):
    period = last_month()
    return rounds.open_round(form=quality_form, period_text=str(period),
                             units=[tree["office"], tree["planning"], tree["department"]],
                             due_date=TODAY + timedelta(days=3),
                             paper_due_date=TODAY + timedelta(days=5),
                             subject="Thống kê BM.07.01", actor=users["compiler"],
                             outline="I. Thống kê\nII. Ưu điểm")


def _texts(submission, user):
    for section in submission.round.form_version.sections.all():
        submissions.save_text(submission, section, f"<p>{section.title}: nội dung</p>", user)


def _problems(tree, users, count):
    for _n in range(count):
        registers.record_problem(unit=tree["department"], occurred_on=last_month().end,
                                 kind="late", description="Trả chậm",
                                 actor=users["department_reporter"])


def _value(submission, code):
    return DataValue.objects.filter(unit=submission.unit, period=submission.round.period,
                                    indicator__code=code).first()


def test_the_entry_page_shows_the_figures_computed_and_read_only(bm_round, tree, users,
                                                                  client_for):
    _problems(tree, users, 3)
    submission = bm_round.submissions.get(unit=tree["department"])
    html = client_for("department_reporter").get(
        reverse("collection:submission", args=[submission.pk])).content.decode()
    row_id = Indicator.objects.get(code="QL12").pk
    row = html.split(f'id="row-{row_id}"')[1].split("</tr>")[0]
    assert "<input" not in row and ">3<" in row.replace(" ", "")
    assert "Hệ thống tính từ các sổ theo dõi" in row
    assert not DataValue.objects.filter(unit=tree["department"]).exists()  # nothing stored yet


def test_before_approval_the_checks_count_the_computed_figures(bm_round, tree, users):
    submission = bm_round.submissions.get(unit=tree["department"])
    assert {p.code for p in submissions.problems_of(submission)} == {""}  # the texts only
    _texts(submission, users["department_reporter"])
    assert submissions.problems_of(submission) == []


def test_a_computed_figure_cannot_be_typed(bm_round, tree, users, client_for):
    submission = bm_round.submissions.get(unit=tree["department"])
    indicator = Indicator.objects.get(code="QL12")
    with pytest.raises(ValidationError):
        submissions.save_cell(submission, indicator.pk, "actual", "7",
                              users["department_reporter"])
    response = client_for("department_reporter").post(
        reverse("collection:submission_cell", args=[submission.pk]),
        {"indicator": indicator.pk, "column": "actual", "value": "7"})
    assert response.status_code == 409 and not DataValue.objects.exists()


def test_the_excel_template_shows_them_and_an_upload_does_not_type_them(bm_round, tree, users):
    import io

    from openpyxl import load_workbook

    from baocao.collection import excel

    _problems(tree, users, 2)
    submission = bm_round.submissions.get(unit=tree["department"])
    workbook = load_workbook(io.BytesIO(excel.build_template(submission)))
    sheet = workbook[excel.sheet_title(1)]
    row = next(r for r in sheet.iter_rows(min_row=excel.FIRST_ROW) if r[0].value == "QL12")
    assert row[3].value == 2 and row[3].protection.locked  # shown, grey, not typed
    row[3].value = 9
    out = io.BytesIO()
    workbook.save(out)
    parsed = excel.parse_upload(submission, out.getvalue())
    assert not any(key[0] == Indicator.objects.get(code="QL12").pk for key in parsed.values)


def test_approval_writes_the_figures_as_they_stand_and_they_stay(bm_round, tree, users):
    _problems(tree, users, 2)
    submission = bm_round.submissions.get(unit=tree["department"])
    _texts(submission, users["department_reporter"])
    submissions.approve(submission, users["department_head"])
    stored = _value(submission, "QL12")
    assert stored.value == 2 and stored.stored_by == COMPUTED_BY
    assert stored.submission == submission
    expected = stats.by_code(stats.compute(tree["department"], last_month()))
    written = {v.indicator.code: v.value for v in DataValue.objects.filter(
        unit=tree["department"]).select_related("indicator")}
    assert written == {c: v for c, v in expected.items() if c in reports.COMPUTED_CODES}
    _problems(tree, users, 1)  # recorded after the approval: not in what is sent
    submissions.send(submission, users["department_head"])
    assert _value(submission, "QL12").value == 2


def test_a_returned_report_is_computed_again_at_its_next_approval(bm_round, tree, users):
    submission = bm_round.submissions.get(unit=tree["department"])
    _texts(submission, users["department_reporter"])
    submissions.approve(submission, users["department_head"])
    submissions.send(submission, users["department_head"])
    submissions.return_submission(submission, "Thiếu vấn đề", users["clerk"])
    _problems(tree, users, 4)
    submission.refresh_from_db()
    submissions.approve(submission, users["department_head"])
    assert _value(submission, "QL12").value == 4


def test_the_committee_consolidates_the_departments_sent_figures(bm_round, tree, users):
    _problems(tree, users, 2)
    registers.record_problem(unit=tree["office"], occurred_on=last_month().end, kind="late",
                             description="x", actor=users["compiler"])
    for key, who in (("department", "department_head"), ("office", "office_head")):
        submission = bm_round.submissions.get(unit=tree[key])
        _texts(submission, users[who])
        submissions.approve(submission, users[who])
        submissions.send(submission, users[who])
    figures = {f.indicator.code: f for f in consolidate(
        list(Indicator.objects.filter(code__in=["QL12", "QL04", "QL06"])), last_month(),
        tree["committee"])}
    assert figures["QL12"]["actual"] == 3 and figures["QL04"]["actual"] == 0
    assert figures["QL06"]["actual"] is None  # no answer: no percentage
    draft = building.draft_from_round(bm_round, users["compiler"],
                                      unsent_reason="Phòng Tài chính - Kế hoạch gửi sau")
    assert draft.lead_unit == tree["office"]
    text = " ".join(s.html for s in draft.sections.all())
    assert "Vấn đề phát sinh trong giải quyết hồ sơ" in text


def test_the_departments_report_is_drafted_once_it_is_sent(bm_round, tree, users):
    submission = bm_round.submissions.get(unit=tree["department"])
    _texts(submission, users["department_reporter"])
    with pytest.raises(ValidationError):
        reports.department_draft(submission, users["department_reporter"])
    submissions.approve(submission, users["department_head"])
    submissions.send(submission, users["department_head"])
    submission.refresh_from_db()
    with pytest.raises(PermissionDenied):
        reports.department_draft(submission, users["other_reporter"])
    report = reports.department_draft(submission, users["department_reporter"])
    draft = report.draft
    assert (draft.regime.code, draft.lead_unit, draft.step.code) == ("quality",
                                                                     tree["department"],
                                                                     "draft1")
    headings = [s.heading for s in draft.sections.order_by("order")]
    assert headings[0] == "I. Số liệu thống kê" and len(headings) == 4
    assert "Phòng Y tế" in draft.summary and "QL" not in headings[0]
    with pytest.raises(ValidationError):
        reports.department_draft(submission, users["department_reporter"])
    assert DepartmentReport.objects.count() == 1


def test_the_departments_report_runs_its_workflow_to_the_issued_document(bm_round, tree,
                                                                          users, recipients):
    submission = bm_round.submissions.get(unit=tree["department"])
    _texts(submission, users["department_reporter"])
    submissions.approve(submission, users["department_head"])
    submissions.send(submission, users["department_head"])
    submission.refresh_from_db()
    draft = reports.department_draft(submission, users["department_reporter"]).draft
    # to the office that consolidates it and the ISO board, not the committee's recipients
    assert [r["name"] for r in draft.recipients] == [tree["office"].name, "Ban Chỉ đạo ISO"]
    workflow.consult(draft, users["department_reporter"], users=[users["department_head"]],
                     units=[], deadline=TODAY + timedelta(days=2))
    comment = workflow.answer(workflow.open_consultation_of(draft), users["department_head"],
                              body="Bổ sung nguyên nhân")
    workflow.resolve_comment(comment, users["department_reporter"], "accepted")
    draft.refresh_from_db()
    assert draft.step.code == "draft2"
    workflow.submit(draft, users["department_reporter"])
    workflow.sign(draft, users["leader"])
    workflow.issue(draft, users["clerk"], recipients=recipients)
    document = Document.objects.get(draft=draft)
    assert "Thống kê tình hình thực hiện công tác" in document.summary


def test_the_qmr_drafts_the_summary_from_the_data_and_it_is_issued(tree, users, quality_form,
                                                                    recipients):
    half = type(last_month())("half_year", TODAY.year, 1 if TODAY.month <= 6 else 2).previous()
    with pytest.raises(PermissionDenied):
        reports.management_review(period_text=str(half), actor=users["iso_secretary"])
    with pytest.raises(ValidationError) as error:
        reports.management_review(period_text=f"{TODAY.year + 1}", actor=users["qmr"])
    assert "period" in error.value.message_dict
    review = reports.management_review(period_text=str(half), actor=users["qmr"])
    draft = review.draft
    headings = [s.heading for s in draft.sections.order_by("order")]
    assert headings[0].startswith("I. Ý kiến đóng góp cải tiến") and len(headings) == 7
    assert draft.lead_unit == tree["committee"] and draft.step.code == "draft"
    assert draft.recipients[0]["name"] == "Chủ tịch UBND quận Tây Hồ"
    with pytest.raises(ValidationError):  # one summary per period
        reports.management_review(period_text=str(half), actor=users["qmr"])
    with pytest.raises(ValidationError):  # the QMR writes; the leader signs
        workflow.sign(draft, users["qmr"])
    workflow.submit(draft, users["qmr"])
    workflow.sign(draft, users["vice_chair"])
    workflow.issue(draft, users["clerk"])
    document = Document.objects.get(draft=draft)
    assert document.recipients[0] == "Chủ tịch UBND quận Tây Hồ"
    assert document.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert ManagementReview.objects.get().draft.state == "issued"

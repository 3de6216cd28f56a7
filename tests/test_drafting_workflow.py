"""The workflow engine on the monthly and quarterly regimes: every step, loop and role, and every
refusal (wrong role, wrong step, after issue)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from baocao.audit.models import Event
from baocao.drafting import building, editing, workflow
from baocao.drafting.models import Comment, Draft, Initial
from baocao.drafting.workflow import WorkflowError

from .conftest import sent

TOMORROW = timezone.localdate() + timedelta(days=1)


def step(draft):
    draft.refresh_from_db()
    return draft.step.code


def test_the_draft_is_built_from_the_round(monthly_draft):
    sections = list(monthly_draft.sections.order_by("order"))
    headings = [s.heading for s in sections]
    assert headings[:3] == ["I. Kết quả", "II. Nhiệm vụ", "Nhiệm vụ tháng tới"] or \
        "I. Kết quả" in headings
    text = " ".join(s.html for s in sections)
    assert "Phường đã hoàn thành kế hoạch." in text  # the ward's answer, under its heading
    assert "Người có bảo hiểm y tế" in text and "900" in text  # the consolidated sentence
    appendix = [s for s in sections if s.kind == "appendix"]
    assert appendix and "<table>" in appendix[0].html
    assert monthly_draft.step.code == "draft" and monthly_draft.lead_unit.code == "TAYHO-VP"
    assert monthly_draft.versions.count() == 1


def test_only_the_leading_units_compiler_builds_the_draft(collection, users):
    with pytest.raises(PermissionDenied):
        building.draft_from_round(collection["round"], users["office_head"])
    assert not Draft.objects.filter(kind="report").exists()


def test_one_draft_per_round(monthly_draft, collection, users):
    with pytest.raises(Exception, match="đã có|đang được dự thảo"):
        building.draft_from_round(collection["round"], users["compiler"])


def walk_monthly(draft, users, *, with_return=True):
    """The monthly workflow of seed 1 §5.1.3–5.1.5, with one return and one consultation."""
    workflow.act(draft, "submit", users["compiler"])
    assert step(draft) == "review"
    section = draft.sections.order_by("order").first()
    result = editing.save_section(section, section.html + "<p>Bổ sung của Chánh Văn phòng.</p>",
                                  users["office_head"], revision=section.revision)
    assert result.version.kind == "edited" and result.version.author == users["office_head"]
    if with_return:
        workflow.act(draft, "return", users["office_head"], reason="Bổ sung số liệu an ninh.")
        assert step(draft) == "draft"
        workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    assert step(draft) == "consult"
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"]],
                 units=[], deadline=TOMORROW, message="Xin ý kiến")
    assert step(draft) == "comment"
    consultation = workflow.open_consultation_of(draft)
    comment = workflow.answer(consultation, users["leader"], body="Làm rõ chỉ tiêu y tế.",
                              section=section)
    assert step(draft) == "take_in"  # everyone answered: the consultation closed by itself
    with pytest.raises(WorkflowError, match="chưa tiếp thu"):
        workflow.act(draft, "resolve", users["compiler"])
    workflow.resolve_comment(comment, users["compiler"], "accepted", "Mục I, đoạn 2")
    workflow.act(draft, "resolve", users["compiler"])
    assert step(draft) == "sign"
    workflow.act(draft, "sign", users["office_head"])
    draft.refresh_from_db()
    assert draft.state == "signed"
    assert draft.signature_lines == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
    return draft


def test_the_monthly_workflow_from_draft_to_issue(monthly_draft, users, recipients):
    draft = walk_monthly(monthly_draft, users)
    workflow.act(draft, "issue", users["clerk"], recipients=recipients[:2],
                 issued_on=timezone.localdate())
    draft.refresh_from_db()
    assert draft.state == "issued" and draft.step.code == "file"
    document = draft.document
    assert document.reference == "01/BC-UBND" and document.recipients[:1] == ["Quận ủy"]
    assert document.place == "Tây Hồ" and document.issuer_name.endswith("QUẬN TÂY HỒ")
    assert document.content == draft.latest_version().content
    actions = [e.action for e in draft.log.all()]
    assert actions == ["create", "submit", "return", "submit", "approve", "consult", "close",
                       "resolve", "sign", "issue"]
    assert "an ninh" in Event.objects.get(action="draft.return").details["reason"]


def test_refused_wrong_role(monthly_draft, users):
    for who in ("office_head", "clerk", "leader", "reporter", "outsider", "planning_compiler"):
        with pytest.raises(WorkflowError, match="không phải của bạn"):
            workflow.act(monthly_draft, "submit", users[who])
    assert step(monthly_draft) == "draft" and monthly_draft.log.count() == 1


def test_refused_wrong_step(monthly_draft, users):
    for action in ("approve", "sign", "issue", "initial", "resolve"):
        with pytest.raises(WorkflowError, match="không có thao tác này"):
            workflow.act(monthly_draft, action, users["compiler"])
    with pytest.raises(WorkflowError, match="không có thao tác này"):
        workflow.act(monthly_draft, "sign", users["office_head"])
    assert step(monthly_draft) == "draft"


def test_refused_when_the_draft_moved_on(monthly_draft, users):
    seen = monthly_draft.step_id
    workflow.act(monthly_draft, "submit", users["compiler"], seen_step=seen)
    with pytest.raises(WorkflowError, match="Trong lúc đó"):
        workflow.act(monthly_draft, "approve", users["office_head"], seen_step=seen)
    assert step(monthly_draft) == "review"


def test_a_return_needs_a_reason(monthly_draft, users):
    workflow.act(monthly_draft, "submit", users["compiler"])
    with pytest.raises(WorkflowError):
        workflow.act(monthly_draft, "return", users["office_head"], reason="  ")
    assert step(monthly_draft) == "review"


def test_refused_after_issue(monthly_draft, users, recipients):
    draft = walk_monthly(monthly_draft, users, with_return=False)
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    for who, action in (("compiler", "submit"), ("office_head", "sign"), ("clerk", "issue")):
        with pytest.raises(WorkflowError, match="đã được ban hành"):
            workflow.act(draft, action, users[who])
    section = draft.sections.first()
    with pytest.raises(PermissionDenied):
        editing.save_section(section, "<p>sửa sau khi ban hành</p>", users["compiler"],
                             revision=section.revision)
    assert draft.document.number == 1


def test_nobody_edits_the_text_at_a_step_that_does_not_write(monthly_draft, users):
    workflow.act(monthly_draft, "submit", users["compiler"])
    section = monthly_draft.sections.first()
    with pytest.raises(PermissionDenied):  # the compiler waits while the head reviews
        editing.save_section(section, "<p>x</p>", users["compiler"], revision=section.revision)


def test_the_consultation_closes_at_the_deadline_with_whoever_answered(monthly_draft, users):
    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"],
                 users["committee_member"]], units=[], deadline=TOMORROW)
    consultation = workflow.open_consultation_of(draft)
    workflow.answer(consultation, users["leader"], body="Đồng ý.")
    assert step(draft) == "comment"
    assert workflow.remind_consultations() == 1  # the committee member, once
    assert workflow.remind_consultations() == 0
    assert workflow.close_overdue(TOMORROW + timedelta(days=1)) == 1
    assert step(draft) == "take_in"
    consultation.refresh_from_db()
    assert consultation.invitees.get(user=users["committee_member"]).state == "pending"
    with pytest.raises(WorkflowError, match="đã kết thúc"):
        workflow.answer(consultation, users["committee_member"], body="muộn")


def test_only_those_asked_answer(monthly_draft, users, tree):
    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[], units=[tree["department"]],
                 deadline=TOMORROW)
    consultation = workflow.open_consultation_of(draft)
    with pytest.raises(WorkflowError, match="không được xin ý kiến"):
        workflow.answer(consultation, users["leader"], body="?")
    invitee = workflow.decline(consultation, users["department_reporter"], "Không có ý kiến")
    assert invitee.state == "declined" and step(draft) == "take_in"


def test_a_declined_comment_needs_a_reason(monthly_draft, users):
    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"]], units=[],
                 deadline=TOMORROW)
    comment = workflow.answer(workflow.open_consultation_of(draft), users["leader"], body="X")
    with pytest.raises(WorkflowError):
        workflow.resolve_comment(comment, users["compiler"], "declined", "")
    with pytest.raises(WorkflowError):  # the leader does not take in comments
        workflow.resolve_comment(comment, users["leader"], "accepted", "")
    comment.refresh_from_db()
    assert comment.resolution == Comment.Resolution.PENDING


def test_a_consultation_needs_someone_and_a_deadline(monthly_draft, users):
    workflow.act(monthly_draft, "submit", users["compiler"])
    workflow.act(monthly_draft, "approve", users["office_head"])
    with pytest.raises(WorkflowError):
        workflow.act(monthly_draft, "consult", users["compiler"], users=[], units=[],
                     deadline=TOMORROW)
    with pytest.raises(WorkflowError):
        workflow.act(monthly_draft, "consult", users["compiler"], users=[users["leader"]],
                     units=[], deadline=date(2020, 1, 1))
    assert step(monthly_draft) == "consult"


def test_the_quarterly_workflow_with_initials_and_the_leaders_signature(
        quarterly_round, users, recipients):
    sent(*quarterly_round.submissions.all())  # the units sent: no gate
    draft = building.draft_from_round(quarterly_round, users["planning_compiler"])
    assert draft.lead_unit.code == "TAYHO-TCKH" and step(draft) == "draft"
    workflow.act(draft, "submit", users["planning_compiler"])
    workflow.act(draft, "initial", users["planning_head"])  # before the consultation
    assert step(draft) == "consult"
    workflow.act(draft, "consult", users["planning_compiler"], users=[users["leader"]],
                 units=[], deadline=TOMORROW)
    workflow.answer(workflow.open_consultation_of(draft), users["leader"], body="Đồng ý")
    for comment in draft.comments.all():
        workflow.resolve_comment(comment, users["planning_compiler"], "accepted", "")
    workflow.act(draft, "resolve", users["planning_compiler"])
    assert step(draft) == "leader_review"
    with pytest.raises(WorkflowError, match="không phải của bạn"):
        workflow.act(draft, "approve", users["planning_head"])
    workflow.act(draft, "approve", users["vice_chair"])
    section = draft.sections.first()
    editing.save_section(section, "<p>Hoàn chỉnh lần cuối.</p>", users["planning_compiler"],
                         revision=section.revision)
    workflow.act(draft, "submit", users["planning_compiler"])
    workflow.act(draft, "initial", users["planning_head"])  # the final check
    assert step(draft) == "sign"
    with pytest.raises(WorkflowError, match="không phải của bạn"):
        workflow.act(draft, "sign", users["office_head"])
    workflow.act(draft, "sign", users["vice_chair"])
    draft.refresh_from_db()
    assert draft.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    initials = list(Initial.objects.filter(draft=draft).order_by("at"))
    assert len(initials) == 2 and initials[0].version.number < initials[1].version.number
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    workflow.act(draft, "distribute", users["clerk"])
    assert step(draft) == "file"


def test_the_chair_signs_for_the_committee(quarterly_round, users):
    sent(*quarterly_round.submissions.all())  # the units sent: no gate
    draft = building.draft_from_round(quarterly_round, users["planning_compiler"])
    draft.step = draft.regime.steps.get(code="sign")
    draft.save()
    assert workflow.signature_block(users["leader"], draft)[1] == [
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert workflow.signature_block(users["vice_chair"], draft)[0] == "deputy"


def test_an_ad_hoc_report_ordered_by_a_leader(users, tree, builtins):
    draft = building.order_ad_hoc(subject="Báo cáo tình hình phòng chống dịch",
                                  department=tree["department"], deadline=TOMORROW,
                                  actor=users["leader"], instructions="Báo cáo trước thứ Sáu",
                                  contributors=[tree["ward"]])
    assert step(draft) == "contribute" and draft.ad_hoc.department == tree["department"]
    consultation = workflow.open_consultation_of(draft)
    workflow.answer(consultation, users["reporter"], body="Phường Bưởi: không có ca mới.")
    assert step(draft) == "draft1"
    assert workflow.is_actor(draft, draft.step, users["department_reporter"])
    with pytest.raises(PermissionDenied):
        building.order_ad_hoc(subject="x", department=tree["department"], deadline=TOMORROW,
                              actor=users["office_head"])


def test_every_action_is_on_the_record(monthly_draft, users):
    workflow.act(monthly_draft, "submit", users["compiler"])
    event = Event.objects.filter(action="draft.submit").get()
    assert event.actor == users["compiler"] and event.details["to"] == "review"

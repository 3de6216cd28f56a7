"""Shared steps of the records tests: the retention schedule loaded, a monthly cycle walked to
its filing step."""

from django.utils import timezone

from baocao.drafting import workflow


def load_schedule():
    from baocao.records import builtin
    from baocao.records.models import RetentionRule

    builtin.load(RetentionRule)


def issue_monthly(draft, users, recipients):
    """The monthly draft submitted, approved, consulted, taken in, signed and issued: at the
    workflow's filing step."""
    from datetime import timedelta

    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"]], units=[],
                 deadline=timezone.localdate() + timedelta(days=1), message="Xin ý kiến")
    consultation = workflow.open_consultation_of(draft)
    comment = workflow.answer(consultation, users["leader"], body="Làm rõ chỉ tiêu y tế.")
    workflow.resolve_comment(comment, users["compiler"], "accepted", "Mục I")
    workflow.act(draft, "resolve", users["compiler"])
    workflow.act(draft, "sign", users["office_head"])
    workflow.act(draft, "issue", users["clerk"], recipients=recipients[:2],
                 issued_on=timezone.localdate())
    draft.refresh_from_db()
    return draft

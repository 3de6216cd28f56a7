"""What drafting puts in "Việc cần làm": one task per job, gone once superseded."""

from datetime import date, timedelta

from django.utils import timezone

from baocao.core import registry
from baocao.drafting import building, workflow

from .conftest import sent


def titles(user):
    return [(item.title, item.url, item.detail) for item in registry.todo_for(user)]


def test_the_comments_to_take_in_join_the_draft_s_task(monthly_draft, users, tree):
    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(
        draft,
        "consult",
        users["compiler"],
        users=[users["leader"], users["committee_member"]],
        deadline=timezone.localdate() + timedelta(days=2),
    )
    consultation = workflow.open_consultation_of(draft)
    section = draft.sections.order_by("order").first()
    workflow.answer(consultation, users["leader"], body="Làm rõ nguyên nhân.", section=section)
    workflow.answer(
        consultation, users["committee_member"], body="Bổ sung số liệu.", section=section
    )
    draft.refresh_from_db()
    mine = [t for t in titles(users["compiler"]) if draft.title in t[0]]
    assert len(mine) == 1, mine  # not "Tiếp thu ý kiến về…" and "2 ý kiến cần tiếp thu…"
    title, url, detail = mine[0]
    assert "2 ý kiến cần tiếp thu" in detail
    assert url == f"/drafts/{draft.pk}/comments/"


def test_a_later_round_s_draft_supersedes_an_earlier_one(monthly_draft, users, tree, collection):
    from baocao.collection import rounds

    assert f"/drafts/{monthly_draft.pk}/" in [t[1] for t in titles(users["compiler"])]
    november = rounds.open_round(
        form=collection["form"],
        period_text="2026-11",
        units=[tree["ward"], tree["other_ward"]],
        due_date=date(2026, 11, 20),
        paper_due_date=date(2026, 11, 22),
        subject="Báo cáo tháng 11",
        actor=users["compiler"],
    )
    sent(*november.submissions.all())
    later = building.draft_from_round(november, users["compiler"])
    urls = [t[1] for t in titles(users["compiler"])]
    assert f"/drafts/{later.pk}/" in urls
    assert f"/drafts/{monthly_draft.pk}/" not in urls


def test_a_consultation_waits_on_each_invited_person_and_unit_until_answered(monthly_draft,
                                                                            users, tree):
    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"]],
                 units=[tree["ward"]], deadline=timezone.localdate() + timedelta(days=2))

    def asked(user):
        return [t for t in titles(user) if t[0] == f"Cho ý kiến: {draft.title}"]

    for who in ("leader", "reporter", "head"):  # the leader, and the ward for its people
        assert [t[1] for t in asked(users[who])] == [f"/drafts/{draft.pk}/#consultation"], who
    for who in ("other_reporter", "committee_member", "department_head"):
        assert asked(users[who]) == [], who
    consultation = workflow.open_consultation_of(draft)
    workflow.decline(consultation, users["leader"], "Nhất trí.")
    assert asked(users["leader"]) == []
    assert asked(users["reporter"])  # the ward has not answered yet

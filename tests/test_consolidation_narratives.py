"""The units' texts under the heading of the round's outline they answer (consolidation/
narratives.py), in the consolidated page and the draft: difficulties under "II. Tồn tại, hạn
chế", proposals under a "Kiến nghị" heading of their own, each marked with its unit."""

from datetime import date

import pytest

from baocao.collection import rounds, submissions
from baocao.consolidation.narratives import narrative_groups
from baocao.drafting import building

from .conftest import sent

OUTLINE = ("I. Kết quả thực hiện nhiệm vụ\n  1. Kinh tế - xã hội\nII. Tồn tại, hạn chế\n"
           "III. Phương hướng, nhiệm vụ tháng tới")


@pytest.fixture
def answered(users, tree, catalogue):
    """A form with the demo's four sections, a round with the demo's outline, and both wards'
    texts sent."""
    from baocao.catalogue.models import FormSection, FormVersion, Regime, ReportForm

    form = ReportForm.objects.create(code="BC-N", name="Báo cáo tháng",
                                     regime=Regime.objects.get(code="monthly"))
    form.units.set([tree["ward"], tree["other_ward"]])
    version = FormVersion.objects.create(form=form, number=1)
    sections = {kind: FormSection.objects.create(version=version, kind=kind, title=title,
                                                 sort_order=i, required=False)
                for i, (kind, title) in enumerate([
                    ("results", "Kết quả thực hiện nhiệm vụ trong tháng"),
                    ("difficulties", "Khó khăn, vướng mắc"),
                    ("proposals", "Kiến nghị, đề xuất"),
                    ("next_period_tasks", "Phương hướng, nhiệm vụ tháng tới")])}
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    rnd = rounds.open_round(form=form, period_text="2026-10",
                            units=[tree["ward"], tree["other_ward"]],
                            due_date=date(2026, 10, 20), paper_due_date=date(2026, 10, 22),
                            subject="Báo cáo tháng 10", actor=users["compiler"],
                            outline=OUTLINE)
    for unit, who in ((tree["ward"], "reporter"), (tree["other_ward"], "other_reporter")):
        submission = rnd.submissions.get(unit=unit)
        for kind, section in sections.items():
            submissions.save_text(submission, section, f"<p>{kind} của {unit.name}</p>",
                                  users[who])
        sent(submission)
    return rnd


def test_difficulties_go_under_the_heading_that_asks_for_them(answered, tree):
    groups = narrative_groups(answered, tree["committee"])
    headings = [g["heading"].strip() for g in groups]
    assert headings == ["I. Kết quả thực hiện nhiệm vụ", "1. Kinh tế - xã hội",
                        "II. Tồn tại, hạn chế", "III. Phương hướng, nhiệm vụ tháng tới",
                        "IV. Kiến nghị, đề xuất"]
    by_heading = {g["heading"].strip(): [t.html for t in g["texts"]] for g in groups}
    assert by_heading["II. Tồn tại, hạn chế"] == [
        "<p>difficulties của Phường Bưởi</p>", "<p>difficulties của Phường Nhật Tân</p>"]
    assert by_heading["IV. Kiến nghị, đề xuất"] == [
        "<p>proposals của Phường Bưởi</p>", "<p>proposals của Phường Nhật Tân</p>"]
    assert by_heading["III. Phương hướng, nhiệm vụ tháng tới"][0].startswith(
        "<p>next_period_tasks")


def test_the_draft_writes_each_text_under_its_heading_marked_with_its_unit(answered, users):
    draft = building.draft_from_round(answered, users["compiler"])
    sections = {s.heading: s.html for s in draft.sections.all()}
    assert "<em>Phường Bưởi:</em>" in sections["II. Tồn tại, hạn chế"]
    assert "difficulties của Phường Nhật Tân" in sections["II. Tồn tại, hạn chế"]
    assert "proposals của Phường Bưởi" in sections["IV. Kiến nghị, đề xuất"]
    assert "Khó khăn, vướng mắc" not in sections  # no unnumbered section after III

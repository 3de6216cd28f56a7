"""Any two versions side by side, insertions and deletions marked."""

from django.urls import reverse

from baocao.drafting import diff, editing


def test_it_compares_two_versions(client_for, monthly_draft, users):
    section = monthly_draft.sections.order_by("order").first()
    editing.save_section(section, "<p>Thu ngân sách đạt 92%.</p>", users["compiler"],
                         revision=section.revision)
    section.refresh_from_db()
    editing.save_section(section, "<p>Thu ngân sách đạt 95%.</p>", users["compiler"],
                         revision=section.revision)
    html = client_for("leader").get(reverse("drafting:versions", args=[monthly_draft.pk]),
                                    {"a": 2, "b": 3}).content.decode()
    assert "<del>92%.</del>" in html and "<ins>95%.</ins>" in html


def test_the_diff_keeps_each_side_well_formed():
    left, right, changed = diff.side_by_side("<p>một <b>hai</b> ba</p>", "<p>một <b>bốn</b></p>")
    assert changed
    assert left == "<p>một <b><del>hai</del></b><del> ba</del></p>"
    assert right == "<p>một <b><ins>bốn</ins></b></p>"
    assert diff.side_by_side("<p>a</p>", "<p>a</p>")[2] is False


def test_it_refuses_another_ward(client_for, monthly_draft):
    response = client_for("other_reporter").get(
        reverse("drafting:versions", args=[monthly_draft.pk]))
    assert response.status_code == 403

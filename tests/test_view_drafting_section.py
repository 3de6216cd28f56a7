"""Editing a section: every save a version; a save over someone else's is refused with both
texts shown to merge."""

from django.urls import reverse


def url(section):
    return reverse("drafting:section", args=[section.draft_id, section.pk])


def test_it_saves_a_version(client_for, monthly_draft):
    section = monthly_draft.sections.order_by("order").first()
    response = client_for("compiler").post(url(section), {
        "html": "<p><b>Đậm</b> và <script>x</script><table><tr><td>1</td></tr></table></p>",
        "revision": section.revision})
    assert response.status_code == 302
    section.refresh_from_db()
    assert "<b>Đậm</b>" in section.html and "<script>" not in section.html
    assert "<td>1</td>" in section.html
    assert monthly_draft.versions.count() == 2


def test_the_second_of_two_writers_is_refused_and_sees_both_texts(client_for, monthly_draft):
    section = monthly_draft.sections.order_by("order").first()
    start = section.revision
    first = client_for("compiler").post(url(section), {"html": "<p>Văn bản thứ nhất</p>",
                                                       "revision": start})
    assert first.status_code == 302
    second = client_for("compiler").post(url(section), {"html": "<p>Văn bản thứ hai</p>",
                                                        "revision": start})
    assert second.status_code == 409
    html = second.content.decode()
    assert "<del>nhất</del>" in html and "<ins>hai</ins>" in html  # theirs ↔ mine
    assert "&lt;p&gt;Văn bản thứ hai&lt;/p&gt;" in html  # mine, kept in the editor
    section.refresh_from_db()
    assert section.html == "<p>Văn bản thứ nhất</p>"
    merged = client_for("compiler").post(url(section), {
        "html": "<p>Văn bản thứ nhất và thứ hai</p>", "revision": section.revision,
        "merged": "1"})
    assert merged.status_code == 302
    assert monthly_draft.versions.order_by("-number").first().kind == "merged"


def test_it_refuses_who_may_not_write_now(client_for, monthly_draft):
    section = monthly_draft.sections.first()
    for who in ("office_head", "leader", "other_reporter", "clerk"):
        assert client_for(who).get(url(section)).status_code == 403
        assert client_for(who).post(url(section), {"html": "x", "revision": 1}
                                    ).status_code == 403

"""Answering a consultation, taking in comments, closing early, the table of comments."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baocao.drafting import workflow


@pytest.fixture
def consulted(monthly_draft, users, tree):
    workflow.act(monthly_draft, "submit", users["compiler"])
    workflow.act(monthly_draft, "approve", users["office_head"])
    workflow.act(monthly_draft, "consult", users["compiler"],
                 users=[users["leader"], users["committee_member"]], units=[tree["department"]],
                 deadline=timezone.localdate() + timedelta(days=2))
    return monthly_draft


def answer_url(draft):
    return reverse("drafting:answer", args=[draft.pk])


def test_a_leader_comments_on_a_section(client_for, consulted):
    section = consulted.sections.order_by("order").first()
    response = client_for("leader").post(answer_url(consulted), {
        "section": section.pk, "body": "Cần làm rõ nguyên nhân."})
    assert response.status_code == 302
    comment = consulted.comments.get()
    assert comment.section == section and comment.version.number == 1


def test_a_unit_attaches_a_letter(client_for, consulted):
    from tests.conftest import pdf_bytes

    letter = SimpleUploadedFile("gop-y.pdf", pdf_bytes(), content_type="application/pdf")
    response = client_for("department_reporter").post(answer_url(consulted), {
        "section": "", "body": "", "letter": letter})
    assert response.status_code == 302
    comment = consulted.comments.get()
    assert comment.letter_name == "gop-y.pdf"
    download = client_for("compiler").get(reverse("drafting:comment_letter",
                                                  args=[consulted.pk, comment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(
        b"%PDF")


def test_an_empty_answer_is_refused_at_the_field(client_for, consulted):
    response = client_for("leader").post(answer_url(consulted), {"body": " "})
    assert response.status_code == 400 and not consulted.comments.exists()


def test_someone_not_asked_is_refused(client_for, consulted):
    for who in ("planning_head", "other_reporter", "clerk"):
        assert client_for(who).post(answer_url(consulted), {"body": "x"}).status_code == 403
    assert not consulted.comments.exists()


def test_declining_and_closing_early(client_for, consulted):
    client_for("committee_member").post(answer_url(consulted), {"decline": "1",
                                                                 "reason": "Không có ý kiến"})
    assert client_for("leader").post(reverse("drafting:consultation_close",
                                             args=[consulted.pk])).status_code == 403
    response = client_for("compiler").post(reverse("drafting:consultation_close",
                                                   args=[consulted.pk]))
    assert response.status_code == 302
    consulted.refresh_from_db()
    assert consulted.step.code == "take_in"


def test_the_comments_table_and_taking_in(client_for, consulted, users):
    comment = workflow.answer(workflow.open_consultation_of(consulted), users["leader"],
                              body="Bổ sung số liệu y tế.")
    resolve = reverse("drafting:comment_resolve", args=[consulted.pk, comment.pk])
    assert client_for("leader").post(resolve, {"resolution": "accepted"}).status_code == 403
    client_for("compiler").post(resolve, {"resolution": "declined", "note": ""})
    comment.refresh_from_db()
    assert comment.resolution == "pending"  # a decline needs its reason
    client_for("compiler").post(resolve, {"resolution": "accepted", "note": "Mục I.1"})
    comment.refresh_from_db()
    assert comment.resolution == "accepted" and comment.resolution_note == "Mục I.1"
    html = client_for("leader").get(reverse("drafting:comments", args=[consulted.pk])
                                    ).content.decode()
    assert "Bổ sung số liệu y tế." in html and "Mục I.1" in html
    assert client_for("other_reporter").get(
        reverse("drafting:comments", args=[consulted.pk])).status_code == 403


def texted_section(draft):
    """The section of the draft holding our ward's text ("Phường đã hoàn thành kế hoạch.")."""
    return next(s for s in draft.sections.order_by("order") if "hoàn thành kế hoạch" in s.html)


def test_a_leader_gives_several_comments_then_sends_them(client_for, consulted):
    section = texted_section(consulted)
    leader = client_for("leader")
    for body in ("Ý kiến thứ nhất.", "Ý kiến thứ hai."):
        response = leader.post(answer_url(consulted), {
            "section": section.pk, "body": body, "finished": ""})
        assert response.status_code == 302
    invitee = workflow.open_consultation_of(consulted).invitees.get(user__username="leader")
    assert invitee.state == "pending" and invitee.comments.count() == 2
    page = leader.get(reverse("drafting:draft", args=[consulted.pk])).content.decode()
    assert "Ý kiến của bạn (2)" in page and "Thêm ý kiến này" in page
    assert "Gửi 2 ý kiến của tôi: tôi đã góp ý xong" in page
    assert "Không có ý kiến" not in page  # having commented, not "no comment"
    assert leader.post(answer_url(consulted), {"finish": "1"}).status_code == 302
    invitee.refresh_from_db()
    assert invitee.state == "answered"
    # still open for the others: the leader may add one more
    assert leader.post(answer_url(consulted), {"section": "", "body": "Một ý nữa."}
                       ).status_code == 302
    assert consulted.comments.count() == 3


def test_a_comment_on_a_selected_passage_keeps_the_quote(client_for, consulted):
    section = texted_section(consulted)
    response = client_for("leader").post(answer_url(consulted), {
        "section": section.pk, "quote": "  hoàn thành\n kế hoạch ", "body": "Kế hoạch nào?"})
    assert response.status_code == 302
    comment = consulted.comments.get()
    assert comment.quote == "hoàn thành kế hoạch" and comment.section == section
    html = client_for("compiler").get(reverse("drafting:comments", args=[consulted.pk])
                                      ).content.decode()
    assert "“hoàn thành kế hoạch”" in html and "Kế hoạch nào?" in html


def test_a_passage_not_in_the_section_is_refused_at_the_field(client_for, consulted):
    section = texted_section(consulted)
    response = client_for("leader").post(answer_url(consulted), {
        "section": section.pk, "quote": "không có trong dự thảo", "body": "?"})
    assert response.status_code == 400
    assert "Đoạn văn đã chọn không thuộc mục được chọn" in response.content.decode()
    assert not consulted.comments.exists()
    response = client_for("leader").post(answer_url(consulted), {
        "section": "", "quote": "hoàn thành kế hoạch", "body": "?"})  # no section
    assert response.status_code == 400 and not consulted.comments.exists()


def test_ticking_a_group_asks_everyone_in_it(client_for, monthly_draft, users, tree):
    workflow.act(monthly_draft, "submit", users["compiler"])
    workflow.act(monthly_draft, "approve", users["office_head"])
    monthly_draft.refresh_from_db()
    page = client_for("compiler").get(reverse("drafting:draft", args=[monthly_draft.pk])
                                      ).content.decode()
    assert "Tất cả lãnh đạo UBND (2)" in page and "Tất cả phường, xã (2)" in page
    assert 'data-groups="leaders"' in page and 'data-groups="wards"' in page
    response = client_for("compiler").post(
        reverse("drafting:act", args=[monthly_draft.pk, "consult"]),
        {"step": monthly_draft.step_id, "groups": ["leaders", "wards"],
         "units": [tree["department"].pk],
         "deadline": (timezone.localdate() + timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    invitees = workflow.open_consultation_of(monthly_draft).invitees.all()
    assert {i.user.username for i in invitees if i.user_id} == {"leader", "vice_chair"}
    assert {i.unit.code for i in invitees if i.unit_id} == {
        "TAYHO-BUOI", "TAYHO-NHATTAN", "TAYHO-YT"}

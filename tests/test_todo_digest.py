""""Việc cần làm" on the home page, most urgent first, and by e-mail once a day."""

from django.urls import reverse

from baocao.core.digest import send_todo_digests
from baocao.drafting import workflow


def test_the_office_head_is_told_to_review(client_for, monthly_draft, users, mailoutbox):
    workflow.act(monthly_draft, "submit", users["compiler"])
    html = client_for("office_head").get(reverse("home")).content.decode()
    assert monthly_draft.title in html and reverse("drafting:draft",
                                                   args=[monthly_draft.pk]) in html
    assert monthly_draft.title not in client_for("compiler").get(reverse("home")).content.decode()
    users["office_head"].email = "cvp@example.vn"
    users["office_head"].save()
    mailoutbox.clear()
    assert send_todo_digests() >= 1
    message = next(m for m in mailoutbox if m.to == ["cvp@example.vn"])
    assert monthly_draft.title in message.body and "Việc cần làm" in message.subject

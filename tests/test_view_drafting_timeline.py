"""A draft's timeline and a whole round's, from the request to the issue."""

from django.urls import reverse

from baocao.drafting import workflow


def test_the_draft_timeline_shows_every_step(client_for, monthly_draft, users):
    workflow.act(monthly_draft, "submit", users["compiler"])
    workflow.act(monthly_draft, "return", users["office_head"], reason="Thiếu số liệu")
    html = client_for("leader").get(reverse("drafting:timeline", args=[monthly_draft.pk])
                                    ).content.decode()
    assert "Thiếu số liệu" in html and html.count('class="timeline-entry"') == 3


def test_the_round_timeline(client_for, monthly_draft, collection):
    html = client_for("compiler").get(reverse("drafting:round_timeline",
                                              args=[collection["round"].pk])).content.decode()
    assert "mở đợt báo cáo" in html and html.count('class="timeline-entry"') >= 2


def test_they_refuse_a_ward(client_for, monthly_draft, collection):
    client = client_for("reporter")
    assert client.get(reverse("drafting:timeline", args=[monthly_draft.pk])).status_code == 403
    assert client.get(reverse("drafting:round_timeline",
                              args=[collection["round"].pk])).status_code == 403

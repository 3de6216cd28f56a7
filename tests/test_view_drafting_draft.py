"""The draft's page and its action buttons."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


def url(draft):
    return reverse("drafting:draft", args=[draft.pk])


def act(draft, action):
    return reverse("drafting:act", args=[draft.pk, action])


def test_it_shows_the_draft_and_what_awaits(client_for, monthly_draft):
    html = client_for("compiler").get(url(monthly_draft)).content.decode()
    assert monthly_draft.title in html and "Phường đã hoàn thành kế hoạch." in html
    assert 'aria-current="step"' in html and act(monthly_draft, "submit") in html


def test_the_leader_sees_it_without_buttons(client_for, monthly_draft):
    html = client_for("leader").get(url(monthly_draft)).content.decode()
    assert monthly_draft.title in html and act(monthly_draft, "submit") not in html


def test_it_refuses_a_ward_and_the_outsider(client_for, monthly_draft):
    for who in ("reporter", "other_reporter", "outsider", "department_reporter"):
        assert client_for(who).get(url(monthly_draft)).status_code == 403


def test_it_submits(client_for, monthly_draft):
    response = client_for("compiler").post(act(monthly_draft, "submit"),
                                           {"step": monthly_draft.step_id})
    assert response.status_code == 302
    monthly_draft.refresh_from_db()
    assert monthly_draft.step.code == "review"


def test_it_refuses_the_wrong_role_with_a_message(client_for, monthly_draft):
    response = client_for("office_head").post(act(monthly_draft, "submit"), follow=True)
    monthly_draft.refresh_from_db()
    assert monthly_draft.step.code == "draft"
    assert "không phải của bạn" in response.content.decode()


def test_it_refuses_a_forbidden_user(client_for, monthly_draft):
    assert client_for("other_reporter").post(act(monthly_draft, "submit")).status_code == 403


def test_a_return_without_reason_is_refused_at_the_field(client_for, monthly_draft, users):
    from baocao.drafting import workflow

    workflow.act(monthly_draft, "submit", users["compiler"])
    response = client_for("office_head").post(act(monthly_draft, "return"), {"reason": ""})
    assert response.status_code == 400
    monthly_draft.refresh_from_db()
    assert monthly_draft.step.code == "review"


def test_it_opens_a_consultation(client_for, monthly_draft, users, tree):
    from baocao.drafting import workflow

    workflow.act(monthly_draft, "submit", users["compiler"])
    workflow.act(monthly_draft, "approve", users["office_head"])
    deadline = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client_for("compiler").post(act(monthly_draft, "consult"), {
        "users": [users["leader"].pk], "units": [tree["department"].pk],
        "deadline": deadline, "message": "Xin ý kiến trước thứ Sáu"})
    assert response.status_code == 302
    consultation = monthly_draft.consultations.get()
    assert consultation.invitees.count() == 2
    html = client_for("department_reporter").get(url(monthly_draft)).content.decode()
    assert reverse("drafting:answer", args=[monthly_draft.pk]) in html


def test_it_refuses_an_unknown_action(client_for, monthly_draft):
    assert client_for("compiler").post(act(monthly_draft, "fly")).status_code == 404

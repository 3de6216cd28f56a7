"""A leader orders an ad hoc report; the department sees it in its to-do list."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from baocao.drafting.models import Draft


def test_a_leader_orders_it(client_for, tree, users):
    response = client_for("leader").post(reverse("drafting:ad_hoc_new"), {
        "subject": "Báo cáo công tác phòng chống bão", "department": tree["department"].pk,
        "deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "contributors": [], "instructions": "Gửi trước 17 giờ"})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.step.code == "draft1" and draft.lead_unit == tree["department"]
    for who in ("department_reporter", "department_head"):  # the compiler and the head
        home = client_for(who).get(reverse("home")).content.decode()
        assert "Báo cáo công tác phòng chống bão" in home, who
    assert "phòng chống bão" not in client_for("head").get(reverse("home")).content.decode()


def test_a_past_deadline_is_refused_at_the_field(client_for, tree):
    response = client_for("leader").post(reverse("drafting:ad_hoc_new"), {
        "subject": "x", "department": tree["department"].pk, "deadline": "2020-01-01"})
    assert response.status_code == 200 and not Draft.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_only_leaders_order(client_for, tree):
    for who in ("compiler", "office_head", "reporter", "committee_member"):
        assert client_for(who).get(reverse("drafting:ad_hoc_new")).status_code == 403

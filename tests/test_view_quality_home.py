"""The quality home page: the units whose registers a person sees, the links of their roles."""

from django.urls import reverse


def test_the_committees_people_see_every_department(client_for, tree, quality_form):
    html = client_for("iso_secretary").get(reverse("quality:home")).content.decode()
    assert "Phòng Y tế" in html and "toàn UBND" in html
    assert reverse("quality:completeness") in html


def test_a_department_sees_its_own(client_for, tree, quality_form):
    html = client_for("department_reporter").get(reverse("quality:home")).content.decode()
    assert "Phòng Y tế" in html and "Văn phòng" not in html.split("Sổ theo dõi")[1][:2000]


def test_someone_without_a_role_is_refused(client_for, quality_form):
    assert client_for("outsider").get(reverse("quality:home")).status_code == 403

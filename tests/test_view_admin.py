"""The administration pages: units, users and memberships, for the `admin` role only."""

import pytest

from baocao.audit.models import Event
from baocao.organisation.models import Membership, OrgUnit, User

PAGES = [
    "/admin/",
    "/admin/organisation/orgunit/",
    "/admin/organisation/orgunit/add/",
    "/admin/organisation/user/",
    "/admin/organisation/membership/",
]


def inline(prefix="memberships", total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


@pytest.mark.parametrize("name", ["reporter", "leader", "compiler", "clerk", "outsider"])
def test_it_is_forbidden_to_everyone_but_admin(client_for, name):
    client = client_for(name)
    for page in PAGES:
        response = client.get(page, follow=True)
        assert response.status_code == 403, page


def test_it_asks_anonymous_users_to_sign_in(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")


def test_the_admin_role_opens_every_page_in_vietnamese(client_for):
    client = client_for("admin")
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
    assert "Đơn vị" in client.get("/admin/").content.decode()


def test_adding_a_unit_is_audited(client_for, tree):
    response = client_for("admin").post("/admin/organisation/orgunit/add/", {
        "code": "TAYHO-PT", "name": "Phường Phú Thượng", "kind": "ward",
        "parent": tree["committee"].pk, "sort_order": "0", **inline(),
    })
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="TAYHO-PT")
    assert unit.path.startswith(tree["committee"].path)
    event = Event.objects.get(action="orgunit.create")
    assert event.object_id == str(unit.pk) and event.details["via"] == "admin"


def test_changing_a_unit_records_old_and_new(client_for, tree):
    ward = tree["ward"]
    client_for("admin").post(f"/admin/organisation/orgunit/{ward.pk}/change/", {
        "code": ward.code, "name": "Phường Bưởi (mới)", "kind": "ward",
        "parent": tree["committee"].pk, "sort_order": "0", "active_to": "2025-06-30", **inline(),
    })
    event = Event.objects.get(action="orgunit.update")
    assert event.details["changes"]["name"] == ["Phường Bưởi", "Phường Bưởi (mới)"]
    assert event.details["changes"]["active_to"] == [None, "2025-06-30"]


def test_a_unit_cannot_be_put_under_itself(client_for, tree):
    ward = tree["ward"]
    response = client_for("admin").post(f"/admin/organisation/orgunit/{ward.pk}/change/", {
        "code": ward.code, "name": ward.name, "kind": "ward", "parent": ward.pk,
        "sort_order": "0", **inline(),
    })
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Event.objects.filter(action="orgunit.update").exists()


def test_units_and_users_cannot_be_deleted(client_for, tree, users):
    client = client_for("admin")
    assert client.get(f"/admin/organisation/orgunit/{tree['ward'].pk}/delete/").status_code == 403
    assert client.get(f"/admin/organisation/user/{users['clerk'].pk}/delete/").status_code == 403


def test_adding_a_user_with_a_role_is_audited(client_for, tree):
    response = client_for("admin").post("/admin/organisation/user/add/", {
        "username": "moi.baocao", "full_name": "Cán bộ mới", "email": "",
        "password1": "Mot-mat-khau-2026", "password2": "Mot-mat-khau-2026",
        "usable_password": "true",
        **inline(total=1),
        "memberships-0-unit": tree["ward"].pk, "memberships-0-role": "reporter",
        "memberships-0-position": "Công chức",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="moi.baocao")
    assert Membership.objects.filter(user=user, role="reporter", unit=tree["ward"]).exists()
    assert Event.objects.filter(action="user.create", object_id=str(user.pk)).exists()
    assert Event.objects.filter(action="membership.create").exists()
    assert "password" not in str(Event.objects.get(action="user.create").details)


def test_removing_a_membership_is_audited(client_for, users):
    membership = Membership.objects.get(user=users["reporter"])
    response = client_for("admin").post(
        f"/admin/organisation/membership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Event.objects.get(action="membership.delete").details["id"] == membership.pk

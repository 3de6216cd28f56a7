from baocao.audit.log import record


def test_it_asks_to_sign_in(client, db):
    assert client.get("/audit/").status_code == 302


def test_it_is_forbidden_to_other_roles(client_for):
    for name in ["reporter", "head", "compiler", "clerk", "committee_member", "outsider"]:
        assert client_for(name).get("/audit/").status_code == 403, name


def test_leaders_and_admins_browse_the_log(client_for, users, tree):
    record("orgunit.update", tree["ward"], actor=users["admin"], details={"note": "đổi tên"})
    for name in ["leader", "admin"]:
        html = client_for(name).get("/audit/").content.decode()
        assert "orgunit.update" in html and "Phường Bưởi" in html and "đổi tên" in html
        # the kind of thing in words, not the model's label
        assert f"(đơn vị {tree['ward'].pk})" in html and "organisation.orgunit" not in html


def test_it_filters(client_for, users, tree):
    record("orgunit.update", tree["ward"], actor=users["admin"])
    record("user.update", users["clerk"], actor=users["leader"])
    client = client_for("leader")
    html = client.get("/audit/?action=orgunit").content.decode()
    assert "orgunit.update" in html and "user.update" not in html
    html = client.get("/audit/?actor=leader").content.decode()
    assert "user.update" in html and "orgunit.update" not in html


def test_a_bad_date_range_is_named_at_its_field(client_for):
    response = client_for("leader").get("/audit/?date_from=2026-10-01&date_to=2026-09-01")
    html = response.content.decode()
    assert response.status_code == 200 and "is-invalid" in html and "trước ngày bắt đầu" in html

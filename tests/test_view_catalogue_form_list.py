def test_it_asks_to_sign_in(client, db):
    assert client.get("/catalogue/forms/").status_code == 302


def test_it_is_forbidden_without_a_role(client_for):
    assert client_for("outsider").get("/catalogue/forms/").status_code == 403


def test_a_unit_sees_the_forms_it_fills(client_for, catalogue):
    assert "BC-T" in client_for("reporter").get("/catalogue/forms/").content.decode()
    assert "BC-T" not in client_for("other_reporter").get("/catalogue/forms/").content.decode()


def test_the_committee_sees_every_form(client_for, catalogue):
    for name in ["compiler", "leader", "admin"]:
        assert "BC-T" in client_for(name).get("/catalogue/forms/").content.decode(), name

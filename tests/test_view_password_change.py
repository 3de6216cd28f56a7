from baocao.audit.models import Event

from .conftest import PASSWORD

NEW = "Mot-mat-khau-moi-2026"


def test_it_asks_to_sign_in(client, db):
    assert client.get("/password/").status_code == 302


def test_it_changes_the_password_and_records_it(client_for, users):
    client = client_for("reporter")
    response = client.post("/password/", {
        "old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW,
    })
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    users["reporter"].refresh_from_db()
    assert users["reporter"].check_password(NEW)
    assert Event.objects.filter(action="user.password_change", actor=users["reporter"]).exists()
    assert "đã được đổi" in client.get("/password/done/").content.decode()


def test_a_wrong_old_password_is_named_at_its_field(client_for, users):
    response = client_for("reporter").post("/password/", {
        "old_password": "sai", "new_password1": NEW, "new_password2": NEW,
    })
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    users["reporter"].refresh_from_db()
    assert users["reporter"].check_password(PASSWORD)
    assert not Event.objects.filter(action="user.password_change").exists()


def test_a_weak_password_is_refused(client_for, users):
    response = client_for("reporter").post("/password/", {
        "old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678",
    })
    assert response.status_code == 200
    users["reporter"].refresh_from_db()
    assert users["reporter"].check_password(PASSWORD)

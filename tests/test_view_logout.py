from baocao.audit.models import Event


def test_it_signs_out_and_records_it(client_for, users):
    client = client_for("clerk")
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert Event.objects.filter(action="auth.logout", actor=users["clerk"]).exists()


def test_it_rejects_get(client_for):
    assert client_for("clerk").get("/logout/").status_code == 405

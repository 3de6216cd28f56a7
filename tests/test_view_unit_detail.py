def test_it_asks_to_sign_in(client, tree):
    assert client.get("/units/TAYHO-BUOI/").status_code == 302


def test_a_reporter_opens_the_ward(client_for):
    response = client_for("reporter").get("/units/TAYHO-BUOI/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường Bưởi" in html and "Người reporter" in html


def test_a_reporter_cannot_open_another_ward(client_for):
    response = client_for("reporter").get("/units/TAYHO-NHATTAN/")
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()


def test_a_reporter_cannot_open_the_committee(client_for):
    assert client_for("reporter").get("/units/TAYHO/").status_code == 403


def test_a_leader_opens_any_unit(client_for):
    assert client_for("leader").get("/units/TAYHO-NHATTAN/").status_code == 200


def test_an_unknown_unit_is_not_found(client_for):
    assert client_for("leader").get("/units/KHONGCO/").status_code == 404

def test_it_asks_to_sign_in(client, db):
    assert client.get("/catalogue/indicators/").status_code == 302


def test_it_is_forbidden_without_a_role(client_for):
    assert client_for("outsider").get("/catalogue/indicators/").status_code == 403


def test_it_lists_and_filters(client_for, catalogue):
    client = client_for("reporter")
    html = client.get("/catalogue/indicators/").content.decode()
    assert "YT03" in html and "100 * YT02 / YT01" in html
    html = client.get("/catalogue/indicators/?q=bảo hiểm").content.decode()
    assert "YT02" in html and "<td>Dân số</td>" not in html  # its row; its name in a formula
    html = client.get("/catalogue/indicators/?family=security_defence").content.decode()
    assert "YT01" not in html

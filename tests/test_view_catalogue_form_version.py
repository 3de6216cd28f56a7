URL = "/catalogue/forms/BC-T/v{}/"


def test_it_asks_to_sign_in(client, catalogue):
    assert client.get(URL.format(1)).status_code == 302


def test_another_ward_cannot_open_it(client_for, catalogue):
    assert client_for("other_reporter").get(URL.format(1)).status_code == 403
    assert client_for("outsider").get(URL.format(1)).status_code == 403


def test_it_previews_what_the_unit_sees(client_for, catalogue):
    html = client_for("reporter").get(URL.format(2)).content.decode()
    assert "Biểu 01. Y tế" in html and "Dân số" in html and "Kết quả" in html
    assert "100 * YT02 / YT01" not in html and "÷ Dân số × 100" in html  # the formula in words
    assert "Phê duyệt" not in html  # a reporter does not approve


def test_heads_and_leaders_see_the_approve_button_on_a_draft(client_for, catalogue):
    assert "Phê duyệt phiên bản này" in client_for("leader").get(URL.format(2)).content.decode()
    assert "Phê duyệt phiên bản này" not in client_for("leader").get(
        URL.format(1)).content.decode()


def test_an_unknown_version_is_not_found(client_for, catalogue):
    assert client_for("leader").get(URL.format(7)).status_code == 404

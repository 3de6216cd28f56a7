def test_it_asks_to_sign_in(client, db):
    assert client.get("/rounds/").status_code == 302


def test_it_is_forbidden_without_a_role(client_for):
    assert client_for("outsider").get("/rounds/").status_code == 403


def test_the_office_sees_every_round_with_progress(client_for, collection):
    html = client_for("compiler").get("/rounds/").content.decode()
    assert "Báo cáo tháng (thu thập)" in html and "0/2" in html and "Mở đợt báo cáo" in html


def test_a_ward_sees_only_its_own_reports(client_for, collection):
    html = client_for("reporter").get("/rounds/").content.decode()
    assert "Phường Bưởi" in html and "Phường Nhật Tân" not in html
    assert "Mở đợt báo cáo" not in html

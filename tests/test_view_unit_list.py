from datetime import date


def test_it_asks_to_sign_in(client, db):
    assert client.get("/units/").status_code == 302


def test_a_ward_reporter_sees_only_the_ward(client_for):
    html = client_for("reporter").get("/units/").content.decode()
    assert "Phường Bưởi" in html
    assert "Phường Nhật Tân" not in html and "Phòng Y tế" not in html


def test_a_leader_sees_the_whole_tree(client_for):
    html = client_for("leader").get("/units/").content.decode()
    for name in ["Quận Tây Hồ", "Phường Bưởi", "Phường Nhật Tân", "Phòng Y tế"]:
        assert name in html


def test_ended_units_are_hidden_unless_asked(client_for, tree):
    tree["other_ward"].active_to = date(2025, 6, 30)
    tree["other_ward"].save()
    client = client_for("leader")
    assert "Phường Nhật Tân" not in client.get("/units/").content.decode()
    html = client.get("/units/?ended=1").content.decode()
    assert "Phường Nhật Tân" in html and "30/06/2025" in html

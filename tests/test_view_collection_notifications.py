from baocao.outbox.models import Notification


def test_the_units_people_see_their_notifications_and_they_become_read(client_for, collection,
                                                                       users):
    client = client_for("reporter")
    home = client.get("/").content.decode()
    assert 'id="notifications-link"' in home and "chưa đọc" in home
    html = client.get("/rounds/notifications/").content.decode()
    assert "Yêu cầu báo cáo mới" in html and "mới" in html
    assert not Notification.objects.filter(user=users["reporter"], read_at=None).exists()


def test_nobody_sees_anothers_notifications(client_for, collection):
    assert "Yêu cầu báo cáo mới" not in client_for("clerk").get(
        "/rounds/notifications/").content.decode()


def test_it_asks_to_sign_in(client, db):
    assert client.get("/rounds/notifications/").status_code == 302

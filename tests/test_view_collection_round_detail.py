from datetime import datetime
from zoneinfo import ZoneInfo

from baocao.collection import submissions

from .conftest import fill


def url(collection):
    return f"/rounds/{collection['round'].pk}/"


def test_it_is_forbidden_to_the_units(client_for, collection):
    for name in ["reporter", "head", "other_reporter", "outsider"]:
        assert client_for(name).get(url(collection)).status_code == 403, name


def test_it_shows_each_unit_with_timeliness_and_a_chart(client_for, collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>Xong</p>", users["reporter"])
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"],
                     now=datetime(2026, 10, 19, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    html = client_for("clerk").get(url(collection)).content.decode()
    assert "<svg" in html and "Đúng hạn: <strong>1</strong>" in html
    assert "Không gửi (quá hạn)" in html  # the other ward, due 20/10/2026, never sent
    assert "Tiếp nhận" in html  # the clerk's button


def test_the_compiler_can_extend_and_the_clerk_cannot(client_for, collection):
    assert "Gia hạn" in client_for("compiler").get(url(collection)).content.decode()
    assert "Gia hạn" not in client_for("clerk").get(url(collection)).content.decode()

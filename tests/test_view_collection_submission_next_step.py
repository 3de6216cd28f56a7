"""The entry page says what to do next, to whoever looks at it, with the progress and days."""

from baocao.collection import submissions

from .conftest import fill


def url(collection):
    return f"/rounds/submissions/{collection['submission'].pk}/"


def complete(collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>Xong</p>", users["reporter"])
    return sub


def test_a_reporter_s_complete_draft_has_its_button_and_says_so(client_for, collection, users):
    complete(collection, users)
    html = client_for("reporter").get(url(collection)).content.decode()
    assert "Việc tiếp theo:</strong> Không có lỗi: hãy trình thủ trưởng duyệt." in html
    assert "Trình lãnh đạo duyệt" in html or "Trình thủ trưởng" in html
    assert "có thể duyệt và gửi" not in html
    assert "đã nhập 2/4 chỉ tiêu, đã viết 1/2 phần lời" in html


def test_once_put_to_the_head_the_reporter_is_told_who_acts(client_for, collection, users):
    submissions.ask_approval(complete(collection, users), users["reporter"])
    html = client_for("reporter").get(url(collection)).content.decode()
    assert "thủ trưởng đang duyệt" in html


def test_the_head_is_told_to_approve(client_for, collection, users):
    complete(collection, users)
    html = client_for("head").get(url(collection)).content.decode()
    assert "Không có lỗi: hãy duyệt, rồi gửi báo cáo." in html


def test_a_sent_report_tells_the_unit_the_clerk_acts_and_the_clerk_what_to_do(
    client_for, collection, users
):
    sub = complete(collection, users)
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    assert (
        "văn thư Văn phòng đang tiếp nhận"
        in client_for("reporter").get(url(collection)).content.decode()
    )
    assert (
        "rồi tiếp nhận hoặc trả lại kèm lý do"
        in client_for("clerk").get(url(collection)).content.decode()
    )


def test_the_returned_reason_is_at_the_top_for_the_unit(client_for, collection, users):
    sub = complete(collection, users)
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    submissions.return_submission(sub, "Thiếu số liệu AN04", users["clerk"])
    html = client_for("reporter").get(url(collection)).content.decode()
    assert html.index("Thiếu số liệu AN04") < html.index("Việc tiếp theo")
    assert html.index("Việc tiếp theo") < html.index('id="check-h"')


def test_the_committee_is_told_it_has_nothing_to_do(client_for, collection):
    html = client_for("leader").get(url(collection)).content.decode()
    assert "hiện bạn chưa có việc gì phải làm" in html


def test_it_says_the_days_left_and_late(client_for, collection, monkeypatch):
    from datetime import date

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 18))
    assert "còn 2 ngày" in client_for("reporter").get(url(collection)).content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 25))
    assert "quá hạn 5 ngày" in client_for("reporter").get(url(collection)).content.decode()

"""What collection puts in "Việc cần làm"."""

from baocao.collection import submissions

from .conftest import fill


def test_the_reporter_is_asked_to_fill_and_the_head_to_approve(client_for, collection):
    assert "Nhập báo cáo: BC-C · Tháng 10/2026" in client_for("reporter").get(
        "/").content.decode()
    assert "Nhập, duyệt và gửi: BC-C" in client_for("head").get("/").content.decode()


def test_the_clerk_is_asked_to_receive_and_the_compiler_to_watch(client_for, collection,
                                                                  users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>x</p>", users["reporter"])
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    assert "1 báo cáo đã gửi đang chờ tiếp nhận" in client_for("clerk").get(
        "/").content.decode()
    assert "1 đơn vị chưa gửi" in client_for("compiler").get("/").content.decode()


def test_a_returned_report_is_urgent_for_the_unit(client_for, collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>x</p>", users["reporter"])
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    submissions.return_submission(sub, "Thiếu", users["clerk"])
    html = client_for("reporter").get("/").content.decode()
    assert "Sửa báo cáo bị trả lại" in html and "list-group-item-warning" in html

from django.utils import timezone

from baocao.collection.models import Submission

from .conftest import fill, sent


def url(collection, key="submission"):
    return f"/rounds/submissions/{collection[key].pk}/"


def test_it_asks_to_sign_in(client, collection):
    assert client.get(url(collection)).status_code == 302


def test_another_ward_cannot_open_it(client_for, collection):
    assert client_for("other_reporter").get(url(collection)).status_code == 403
    assert client_for("outsider").get(url(collection)).status_code == 403


def test_the_reporter_sees_the_form_with_computed_columns(client_for, collection, users):
    fill(collection["submission"], users["reporter"], YT01="2.000", YT02="1.500")
    html = client_for("reporter").get(url(collection)).content.decode()
    assert 'id="cell-' in html and "Biểu 01" in html and "Kết quả" in html
    assert "75,0" in html  # YT03 = 100 × 1500 / 2000, computed
    assert "Tải mẫu Excel" in html and "Duyệt (lãnh đạo đơn vị)" not in html


def test_the_head_sees_the_approve_button(client_for, collection):
    assert "Duyệt (lãnh đạo đơn vị)" in client_for("head").get(url(collection)).content.decode()


def test_the_committee_reads_it_without_editing(client_for, collection):
    html = client_for("leader").get(url(collection)).content.decode()
    assert "disabled" in html and "rich-editor" not in html


def test_a_sent_report_says_when_it_went_where_the_checks_were(client_for, collection):
    sent(collection["submission"])
    at = Submission.objects.get(pk=collection["submission"].pk).sent_at
    html = client_for("reporter").get(
        f"/rounds/submissions/{collection['submission'].pk}/").content.decode()
    assert f"Đã gửi lúc {timezone.localtime(at):%d/%m/%Y %H:%M}, đã qua mọi bước kiểm tra." in html

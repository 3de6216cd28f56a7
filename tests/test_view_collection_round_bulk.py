"""POST /rounds/<id>/bulk/: an action on several reports, its confirmation page, then the action."""

from baocao.collection.models import Reminder, Submission

from .conftest import sent


def url(collection):
    return f"/rounds/{collection['round'].pk}/bulk/"


def test_it_is_forbidden_to_the_units_and_to_those_without_the_action(client_for, collection):
    sent(collection["submission"])
    for name in ["reporter", "head", "other_reporter", "outsider"]:
        assert client_for(name).post(url(collection), {"action": "receive"}).status_code == 403
    assert client_for("compiler").post(url(collection), {"action": "receive"}).status_code == 403
    assert client_for("clerk").post(url(collection), {"action": "extend"}).status_code == 403
    assert client_for("leader").post(url(collection), {"action": "remind"}).status_code == 403
    collection["submission"].refresh_from_db()
    assert collection["submission"].state == Submission.State.SENT


def test_it_rejects_a_get(client_for, collection):
    assert client_for("clerk").get(url(collection)).status_code == 405


def test_it_refuses_a_bad_selection(client_for, collection):
    response = client_for("clerk").post(url(collection), {"action": "receive", "selected": ["1x"]})
    assert response.status_code == 400
    assert client_for("clerk").post(url(collection), {"action": "burn"}).status_code == 400


def test_it_asks_to_confirm_first_and_changes_nothing(client_for, collection):
    sent(collection["submission"])
    response = client_for("clerk").post(
        url(collection),
        {"action": "receive", "selected": [collection["submission"].pk, collection["other"].pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiếp nhận các báo cáo này?" in html
    assert "Phường Nhật Tân: chưa gửi" in html
    assert f'name="selected" value="{collection["submission"].pk}"' in html
    assert f'name="selected" value="{collection["other"].pk}"' not in html
    collection["submission"].refresh_from_db()
    assert collection["submission"].state == Submission.State.SENT


def test_confirmed_it_receives_and_goes_back_to_the_round(client_for, collection):
    sent(collection["submission"])
    response = client_for("clerk").post(
        url(collection),
        {"action": "receive", "selected": [collection["submission"].pk], "confirm": "1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/rounds/{collection['round'].pk}/"
    assert "Đã tiếp nhận 1 báo cáo." in response.content.decode()
    collection["submission"].refresh_from_db()
    assert collection["submission"].state == Submission.State.RECEIVED


def test_confirmed_it_reminds_and_the_round_counts_the_reminder(
    client_for, collection, monkeypatch
):
    from datetime import date

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 23))
    client = client_for("clerk")
    response = client.post(
        url(collection), {"action": "remind", "confirm": "1", "message": "Gửi ngay"}, follow=True
    )
    assert "Đã nhắc 2 đơn vị" in response.content.decode()
    assert Reminder.objects.filter(kind="manual").count() == 2
    page = client.get(f"/rounds/{collection['round'].pk}/").content.decode()
    assert "Số lần nhắc" in page


def test_an_extension_without_its_date_and_reason_shows_errors_at_the_fields(
    client_for, collection
):
    response = client_for("compiler").post(
        url(collection),
        {"action": "extend", "selected": [collection["submission"].pk], "confirm": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập hạn mới." in html and "is-invalid" in html
    collection["submission"].refresh_from_db()
    assert collection["submission"].extension_reason == ""


def test_confirmed_it_extends(client_for, collection):
    response = client_for("compiler").post(
        url(collection),
        {
            "action": "extend",
            "selected": [collection["submission"].pk, collection["other"].pk],
            "confirm": "1",
            "due_date": "2026-10-30",
            "reason": "Mất điện",
        },
    )
    assert response.status_code == 302
    assert set(Submission.objects.values_list("extension_reason", flat=True)) == {"Mất điện"}


def test_the_round_page_offers_each_role_its_actions(client_for, collection):
    page = f"/rounds/{collection['round'].pk}/"
    clerk = client_for("clerk").get(page).content.decode()
    assert "Tiếp nhận các báo cáo đã chọn" in clerk and "Nhắc các đơn vị đã chọn" in clerk
    assert "Gia hạn cho các đơn vị đã chọn" not in clerk
    compiler = client_for("compiler").get(page).content.decode()
    assert "Gia hạn cho các đơn vị đã chọn" in compiler
    assert "Tiếp nhận các báo cáo đã chọn" not in compiler
    leader = client_for("leader").get(page).content.decode()
    assert 'id="bulk-form"' not in leader

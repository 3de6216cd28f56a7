from baocao.collection import submissions
from baocao.collection.models import Submission

from .conftest import fill


def act(client, collection, action, **data):
    return client.post(f"/rounds/submissions/{collection['submission'].pk}/{action}/", data,
                       follow=True)


def ready(collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>Xong</p>", users["reporter"])
    return sub


def state(collection):
    return Submission.objects.get(pk=collection["submission"].pk).state


def test_the_head_approves_and_the_reporter_sends(client_for, collection, users):
    ready(collection, users)
    assert "Đã duyệt" in act(client_for("head"), collection, "approve").content.decode()
    assert state(collection) == "approved"
    act(client_for("reporter"), collection, "send")
    assert state(collection) == "sent"


def test_approval_with_errors_shows_them(client_for, collection, users):
    fill(collection["submission"], users["reporter"], YT01="100", YT02="150")
    html = act(client_for("head"), collection, "approve").content.decode()
    assert "YT02" in html and state(collection) == "draft"


def test_only_the_units_head_approves(client_for, collection, users):
    ready(collection, users)
    for name in ["reporter", "other_reporter", "leader", "clerk", "compiler"]:
        assert act(client_for(name), collection, "approve").status_code == 403, name
    assert state(collection) == "draft"


def test_the_clerk_receives_returns_and_records_the_paper_copy(client_for, collection, users):
    sub = ready(collection, users)
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    clerk = client_for("clerk")
    act(clerk, collection, "return", reason="")
    assert state(collection) == "sent"  # a return needs its reason
    act(clerk, collection, "return", reason="Thiếu số liệu")
    assert state(collection) == "returned"
    act(clerk, collection, "paper", day="2026-10-21")
    assert str(Submission.objects.get(pk=sub.pk).paper_received_on) == "2026-10-21"


def test_units_cannot_receive_or_return(client_for, collection, users):
    sub = ready(collection, users)
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    for action in ["receive", "return", "paper"]:
        assert act(client_for("head"), collection, action, reason="x",
                   day="2026-10-21").status_code == 403
    assert state(collection) == "sent"


def test_the_compiler_extends_with_a_reason(client_for, collection):
    act(client_for("compiler"), collection, "extend", due_date="2026-10-27", reason="Lũ lụt")
    sub = Submission.objects.get(pk=collection["submission"].pk)
    assert str(sub.due_date) == "2026-10-27" and sub.extension_reason == "Lũ lụt"
    assert act(client_for("clerk"), collection, "extend", due_date="2026-10-30",
               reason="x").status_code == 403


def test_an_unknown_action_is_not_found(client_for, collection):
    assert act(client_for("head"), collection, "delete").status_code == 404


def test_it_rejects_get(client_for, collection):
    response = client_for("head").get(
        f"/rounds/submissions/{collection['submission'].pk}/approve/")
    assert response.status_code == 405


def next_month(collection, users, tree):
    """The round of 2026-11 of the same form: our ward's report of it (nothing written)."""
    from datetime import date

    from baocao.collection import rounds

    rnd = rounds.open_round(form=collection["form"], period_text="2026-11",
                            units=[tree["ward"], tree["other_ward"]],
                            due_date=date(2026, 11, 20), paper_due_date=date(2026, 11, 22),
                            subject="Báo cáo tháng 11", actor=users["compiler"])
    return rnd.submissions.get(unit=tree["ward"])


def test_it_copies_last_periods_texts_into_the_empty_sections(client_for, collection, users,
                                                               tree):
    from baocao.audit.models import Event

    october = collection["submission"]
    submissions.save_text(october, collection["results"], "<p>Kết quả tháng 10</p>",
                          users["reporter"])
    submissions.save_text(october, collection["tasks"], "<p>Nhiệm vụ <b>tháng 11</b></p>",
                          users["reporter"])
    november = next_month(collection, users, tree)
    submissions.save_text(november, collection["results"], "<p>Đã viết tháng 11</p>",
                          users["reporter"])
    page = client_for("reporter").get(f"/rounds/submissions/{november.pk}/").content.decode()
    assert "Sao chép nội dung kỳ trước" in page and "Tháng 10/2026" in page
    response = client_for("reporter").post(
        f"/rounds/submissions/{november.pk}/copy_texts/", follow=True)
    assert "Đã chép nội dung kỳ trước vào 1 mục: Nhiệm vụ tháng tới." in response.content.decode()
    texts = dict(november.texts.values_list("section__title", "html"))
    assert texts == {"Kết quả": "<p>Đã viết tháng 11</p>",  # written: left as it is
                     "Nhiệm vụ tháng tới": "<p>Nhiệm vụ <b>tháng 11</b></p>"}
    event = Event.objects.get(action="submission.copy_texts")
    assert event.details["sections"] == ["Nhiệm vụ tháng tới"]
    assert event.details["from"] == october.pk
    again = client_for("reporter").post(f"/rounds/submissions/{november.pk}/copy_texts/",
                                        follow=True).content.decode()
    assert "Không có gì để sao chép" in again
    assert Event.objects.filter(action="submission.copy_texts").count() == 1


def test_copying_is_refused_without_an_earlier_report_or_once_sent(client_for, collection,
                                                                   users, tree):
    from .conftest import sent

    html = act(client_for("reporter"), collection, "copy_texts").content.decode()
    assert "chưa có báo cáo nào của biểu mẫu này ở kỳ trước" in html
    submissions.save_text(collection["submission"], collection["tasks"], "<p>Cũ</p>",
                          users["reporter"])
    november = next_month(collection, users, tree)
    sent(november)
    html = client_for("reporter").post(f"/rounds/submissions/{november.pk}/copy_texts/",
                                       follow=True).content.decode()
    assert "nên không sửa được" in html
    assert not november.texts.exists()


def test_only_the_units_people_copy_texts(client_for, collection, users, tree):
    submissions.save_text(collection["submission"], collection["tasks"], "<p>Cũ</p>",
                          users["reporter"])
    november = next_month(collection, users, tree)
    for name in ["other_reporter", "clerk", "compiler", "leader"]:
        response = client_for(name).post(f"/rounds/submissions/{november.pk}/copy_texts/")
        assert response.status_code == 403, name
    assert not november.texts.exists()

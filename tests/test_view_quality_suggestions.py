"""Suggestions through the pages: a member of staff suggests; the head sends it to the QMR; the
QMR assigns; the assignee reports (and may open an improvement action); the head tells the
author, who sees each step; each step's form only for its person."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from baocao.quality.models import Capa, Suggestion

TODAY = timezone.localdate()


def step(client, suggestion, action, data):
    prefixed = {f"{action}-{k}": v for k, v in data.items()}
    return client.post(reverse("quality:suggestion_act", args=[suggestion.pk, action]),
                       prefixed)


def test_the_flow_through_the_pages(client_for, tree, users, quality_form):
    author = client_for("reporter")
    bad = author.post(reverse("quality:suggestion_new"), {"unit": tree["department"].pk,
                                                          "title": "", "body": "x"})
    assert bad.status_code == 400 and not Suggestion.objects.exists()
    response = author.post(reverse("quality:suggestion_new"), {
        "unit": tree["department"].pk, "title": "Tin nhắn báo kết quả",
        "body": "Gửi SMS khi hồ sơ có kết quả."})
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302 and suggestion.author == users["reporter"]
    page = reverse("quality:suggestion", args=[suggestion.pk])

    assert step(client_for("department_reporter"), suggestion, "forward",
                {"comment": "x"}).status_code == 403
    assert step(client_for("department_head"), suggestion, "forward",
                {"comment": "Nên làm"}).status_code == 302
    assert "Nên làm" not in author.get(page).content.decode()  # the head's opinion is internal
    assert step(client_for("qmr"), suggestion, "assign", {
        "assignee": users["department_reporter"].pk,
        "due_date": (TODAY - timedelta(days=1)).isoformat()}).status_code == 400
    assert step(client_for("qmr"), suggestion, "assign", {
        "assignee": users["department_reporter"].pk,
        "due_date": (TODAY + timedelta(days=7)).isoformat(), "note": "Thử 1 tháng"}
    ).status_code == 302

    assignee = client_for("department_reporter")
    assert "Mở hành động cải tiến" in assignee.get(page).content.decode()
    assert step(assignee, suggestion, "capa", {
        "kind": "improvement", "problem": "Công dân phải hỏi nhiều lần", "action": "Gửi SMS",
        "responsible": users["department_reporter"].pk,
        "due_date": (TODAY + timedelta(days=7)).isoformat()}).status_code == 302
    capa = Capa.objects.get(source="suggestion")
    assert step(assignee, suggestion, "report", {"outcome": "Đã gửi SMS từ tuần này",
                                                "capa": capa.pk}).status_code == 302
    assert step(client_for("department_head"), suggestion, "inform", {
        "message": "Đã gọi điện thông báo"}).status_code == 302
    html = author.get(page).content.decode()
    assert "Đã thông báo cho người đóng góp" in html and "Đã gửi SMS từ tuần này" in html
    assert "Đã gọi điện thông báo" in html
    suggestion.refresh_from_db()
    assert suggestion.state == "closed" and suggestion.capa == capa


def test_the_list_shows_each_person_theirs(client_for, tree, users, quality_form):
    client_for("reporter").post(reverse("quality:suggestion_new"), {
        "unit": tree["department"].pk, "title": "Ghế chờ", "body": "Thêm ghế"})
    assert "Ghế chờ" in client_for("reporter").get(
        reverse("quality:suggestion_list")).content.decode()
    assert "Ghế chờ" in client_for("qmr").get(
        reverse("quality:suggestion_list") + "?state=submitted").content.decode()
    assert "Ghế chờ" not in client_for("qmr").get(
        reverse("quality:suggestion_list") + "?state=closed").content.decode()
    assert "Ghế chờ" not in client_for("other_reporter").get(
        reverse("quality:suggestion_list")).content.decode()


def test_another_persons_suggestion_is_refused(client_for, tree, users, quality_form):
    client_for("department_reporter").post(reverse("quality:suggestion_new"), {
        "unit": tree["department"].pk, "title": "Ghế chờ", "body": "Thêm ghế"})
    suggestion = Suggestion.objects.get()
    for who in ("other_reporter", "reporter"):
        client = client_for(who)
        assert client.get(reverse("quality:suggestion", args=[suggestion.pk])) \
            .status_code == 403
        assert step(client, suggestion, "forward", {"comment": "x"}).status_code == 403
    assert client_for("outsider").get(reverse("quality:suggestion_new")).status_code == 403
    assert step(client_for("department_head"), suggestion, "nope", {}).status_code == 404

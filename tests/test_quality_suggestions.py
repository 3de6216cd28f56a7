"""Improvement suggestions (QT.07 §5.2): the head records and sends, the QMR assigns or declines,
the assignee reports, the head tells the author, who is told at every step; each step in "Việc
cần làm" with its deadline, reminded once a day; the wrong person or step is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from baocao.audit.models import Event
from baocao.core.registry import todo_for
from baocao.outbox.models import Notification
from baocao.quality import registers, suggestions
from baocao.quality.models import Suggestion

TODAY = timezone.localdate()


@pytest.fixture
def suggestion(tree, users, quality_form):
    return suggestions.submit(unit=tree["department"], title="Tin nhắn báo kết quả",
                              body="Gửi SMS khi có kết quả.", actor=users["reporter"])


def notified(user, text) -> bool:
    return Notification.objects.filter(user=user, title__icontains=text).exists()


def titles(user) -> list[str]:
    return [item.title for item in todo_for(user)]


def test_the_whole_flow_and_the_author_told_at_every_step(suggestion, users):
    head, qmr, assignee, author = (users["department_head"], users["qmr"],
                                   users["department_reporter"], users["reporter"])
    assert suggestion.state == "submitted" and suggestion.step_due > TODAY
    assert any("Tiếp nhận ý kiến" in t for t in titles(head))
    suggestions.forward(suggestion, "Đề nghị triển khai", head)
    assert notified(author, "Đã chuyển") and any("Giao thực hiện" in t for t in titles(qmr))
    suggestions.assign(suggestion, assignee=assignee, due_date=TODAY + timedelta(days=10),
                       note="Làm thử một tháng", actor=qmr)
    assert notified(author, "đang thực hiện") and notified(assignee, "được giao")
    assert any(item.due == TODAY + timedelta(days=10) for item in todo_for(assignee))
    suggestions.report(suggestion, "Đã gửi SMS từ tháng 11", assignee)
    assert notified(author, "Đã thực hiện") and any("Thông báo kết quả" in t
                                                    for t in titles(head))
    suggestions.inform(suggestion, "Đã gọi điện cảm ơn", head)
    suggestion.refresh_from_db()
    assert suggestion.state == "closed" and suggestion.step_due is None
    assert notified(author, "Kết quả xử lý")
    assert [e.action for e in suggestion.events.all()] == ["submit", "forward", "assign",
                                                           "report", "inform"]
    assert Event.objects.filter(object_type="quality.suggestion").count() == 5
    public = suggestions.timeline(suggestion, for_author=True)
    assert [s["note"] for s in public] == ["", "", "", "Đã gửi SMS từ tháng 11",
                                           "Đã gọi điện cảm ơn"]
    assert all(s["actor"] is None for s in public)
    assert not any("Tin nhắn" in t for u in (head, qmr, assignee) for t in titles(u))


def test_a_declined_suggestion_is_answered_with_the_reason(suggestion, users):
    suggestions.forward(suggestion, "Ý kiến", users["department_head"])
    with pytest.raises(ValidationError) as error:
        suggestions.decline(suggestion, "  ", users["qmr"])
    assert "reason" in error.value.message_dict
    suggestions.decline(suggestion, "Chưa có kinh phí", users["qmr"])
    assert any(s["note"] == "Chưa có kinh phí"
               for s in suggestions.timeline(suggestion, for_author=True))
    suggestions.inform(suggestion, "Đã trả lời", users["department_head"])
    suggestion.refresh_from_db()
    assert suggestion.state == "closed"


def test_the_wrong_person_or_step_is_refused(suggestion, users):
    with pytest.raises(PermissionDenied):
        suggestions.forward(suggestion, "x", users["department_reporter"])
    with pytest.raises(ValidationError):  # not yet with the QMR
        suggestions.assign(suggestion, assignee=users["department_reporter"],
                           due_date=TODAY, actor=users["qmr"])
    suggestions.forward(suggestion, "x", users["department_head"])
    with pytest.raises(ValidationError):  # sent already
        suggestions.forward(suggestion, "x", users["department_head"])
    with pytest.raises(PermissionDenied):
        suggestions.assign(suggestion, assignee=users["department_reporter"], due_date=TODAY,
                           actor=users["iso_secretary"])
    with pytest.raises(ValidationError) as error:
        suggestions.assign(suggestion, assignee=users["department_reporter"],
                           due_date=TODAY - timedelta(days=1), actor=users["qmr"])
    assert "due_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        suggestions.assign(suggestion, assignee=users["outsider"], due_date=TODAY,
                           actor=users["qmr"])
    assert "assignee" in error.value.message_dict
    suggestions.assign(suggestion, assignee=users["department_reporter"], due_date=TODAY,
                       actor=users["qmr"])
    with pytest.raises(PermissionDenied):  # only the assignee reports
        suggestions.report(suggestion, "x", users["department_head"])
    suggestion.refresh_from_db()
    assert suggestion.state == "assigned"


def test_the_report_names_only_a_capa_opened_from_it(suggestion, users, tree):
    suggestions.forward(suggestion, "x", users["department_head"])
    suggestions.assign(suggestion, assignee=users["department_reporter"], due_date=TODAY,
                       actor=users["qmr"])
    other = registers.open_capa(unit=tree["department"], kind="improvement", problem="p",
                                action="a", responsible=users["department_reporter"],
                                due_date=TODAY, actor=users["department_head"])
    with pytest.raises(ValidationError):
        suggestions.report(suggestion, "Đã làm", users["department_reporter"], capa=other)
    capa = registers.open_capa_from(suggestion, kind="improvement", problem="p", action="a",
                                    responsible=users["department_reporter"], due_date=TODAY,
                                    actor=users["department_reporter"], check_access=False)
    suggestions.report(suggestion, "Đã làm", users["department_reporter"], capa=capa)
    suggestion.refresh_from_db()
    assert suggestion.capa == capa and suggestion.state == "done"


def test_a_citizens_suggestion_is_followed_with_its_code_only(tree, quality_form):
    suggestion, code = suggestions.submit_public(unit=tree["department"], title="Ghế chờ",
                                                 body="Thêm ghế chờ")
    assert code not in suggestion.tracking_hash and len(code) == 14
    assert suggestions.find_by_code(code.lower().replace("-", " ")) == suggestion
    assert suggestions.find_by_code("AAAA-BBBB-CCCC") is None
    assert suggestion.author is None and suggestion.author_name == ""
    event = Event.objects.get(object_type="quality.suggestion", action="suggestion.submit")
    assert event.ip is None and event.actor is None
    with pytest.raises(ValidationError):  # not a department of the committee
        suggestions.submit_public(unit=tree["ward"], title="x", body="y")
    with pytest.raises(ValidationError):
        suggestions.submit_public(unit=tree["department"], title="x", body="y" * 5000)
    assert Suggestion.objects.count() == 1


def test_reminders_go_the_day_before_and_once_a_day(suggestion, users):
    head = users["department_head"]
    Suggestion.objects.filter(pk=suggestion.pk).update(step_due=TODAY + timedelta(days=3))
    assert suggestions.remind(TODAY) == 0
    Suggestion.objects.filter(pk=suggestion.pk).update(step_due=TODAY + timedelta(days=1))
    assert suggestions.remind(TODAY) == 1 and suggestions.remind(TODAY) == 0
    assert notified(head, "Nhắc việc")
    Suggestion.objects.filter(pk=suggestion.pk).update(step_due=TODAY - timedelta(days=2))
    assert suggestions.remind(TODAY + timedelta(days=1)) == 1
    assert notified(head, "Quá hạn")

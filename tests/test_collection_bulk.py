"""Acting on several reports of a round at once (collection/bulk.py): receive, remind, extend."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baocao.audit.models import Event
from baocao.collection import bulk
from baocao.collection.models import Reminder, Submission
from baocao.outbox.models import Email, Notification

from .conftest import sent

TODAY = date(2026, 10, 23)  # the round was due on 20/10/2026


def ids(*subs):
    return [s.pk for s in subs]


def test_it_receives_the_selected_sent_reports_and_leaves_the_others(collection, users):
    sent(collection["submission"])
    result = bulk.receive_selected(
        collection["round"], ids(collection["submission"], collection["other"]), users["clerk"]
    )
    assert [s.unit.code for s in result.chosen] == ["TAYHO-BUOI"]
    assert [(s.unit.code, why) for s, why in result.skipped] == [("TAYHO-NHATTAN", "chưa gửi")]
    collection["submission"].refresh_from_db()
    collection["other"].refresh_from_db()
    assert collection["submission"].state == Submission.State.RECEIVED
    assert collection["submission"].received_by == users["clerk"]
    assert collection["other"].state == Submission.State.DRAFT
    assert Event.objects.filter(action="submission.receive").count() == 1
    event = Event.objects.get(action="round.receive_selected")
    assert event.details["units"] == ["TAYHO-BUOI"]


def test_with_nothing_selected_it_receives_every_sent_report(collection, users):
    sent(collection["submission"], collection["other"])
    result = bulk.receive_selected(collection["round"], [], users["clerk"])
    assert len(result.chosen) == 2
    assert set(Submission.objects.values_list("state", flat=True)) == {"received"}


def test_receiving_nothing_receivable_is_refused_and_changes_nothing(collection, users):
    with pytest.raises(ValidationError):
        bulk.receive_selected(collection["round"], ids(collection["other"]), users["clerk"])
    assert not Event.objects.filter(action__endswith="_selected").exists()


def test_only_the_clerk_receives(collection, users):
    sent(collection["submission"])
    for name in ["compiler", "reporter", "head", "leader", "outsider"]:
        with pytest.raises(PermissionDenied):
            bulk.receive_selected(collection["round"], [], users[name])
    collection["submission"].refresh_from_db()
    assert collection["submission"].state == Submission.State.SENT


def test_a_report_of_another_round_is_never_touched(collection, quarterly_round, users):
    other_round = quarterly_round.submissions.first()
    sent(other_round)
    with pytest.raises(ValidationError):
        bulk.receive_selected(collection["round"], [other_round.pk], users["clerk"])
    other_round.refresh_from_db()
    assert other_round.state == Submission.State.SENT


def test_it_reminds_the_late_units_by_notification_and_email(collection, users):
    users["reporter"].email = "buoi@example.vn"
    users["reporter"].save()
    sent(collection["other"])
    result = bulk.remind(collection["round"], [], users["clerk"], "Đề nghị gửi ngay.", today=TODAY)
    assert [s.unit.code for s in result.chosen] == ["TAYHO-BUOI"]  # the other ward sent
    reminder = Reminder.objects.get(submission=collection["submission"])
    assert (reminder.kind, reminder.day, reminder.sent_by, reminder.recipients) == (
        "manual",
        TODAY,
        users["clerk"],
        2,
    )
    titles = set(
        Notification.objects.filter(title__startswith="Quá hạn").values_list(
            "user__username", "title"
        )
    )
    assert titles == {
        (name, "Quá hạn: Báo cáo tháng (thu thập), Tháng 10/2026 đã đến hạn ngày 20/10/2026")
        for name in ("reporter", "head")
    }
    mail = Email.objects.get(to="buoi@example.vn", kind="submission_reminder")
    assert "3 ngày" in mail.text and "Đề nghị gửi ngay." in mail.text
    assert "Người clerk" in mail.text
    assert Event.objects.filter(action="submission.remind").count() == 1


def test_the_reminder_counts_once_a_day(collection, users):
    bulk.remind(collection["round"], ids(collection["submission"]), users["compiler"], today=TODAY)
    with pytest.raises(ValidationError):
        bulk.remind(collection["round"], ids(collection["submission"]), users["clerk"], today=TODAY)
    result = bulk.plan(
        collection["round"], "remind", ids(collection["submission"]), users["clerk"], today=TODAY
    )
    assert result.skipped[0][1] == "đã nhắc hôm nay"
    assert collection["submission"].reminders.count() == 1


def test_a_unit_that_sent_is_not_reminded(collection, users):
    sent(collection["submission"])
    result = bulk.plan(
        collection["round"], "remind", ids(collection["submission"]), users["clerk"], today=TODAY
    )
    assert result.chosen == [] and result.skipped[0][1] == "đã gửi"


def test_the_units_cannot_remind(collection, users):
    for name in ["reporter", "head", "leader", "outsider"]:
        with pytest.raises(PermissionDenied):
            bulk.remind(collection["round"], [], users[name], today=TODAY)
    assert not Reminder.objects.exists()


def test_a_too_long_message_is_refused_at_its_field(collection, users):
    with pytest.raises(ValidationError) as error:
        bulk.remind(collection["round"], [], users["clerk"], "x" * 1001, today=TODAY)
    assert "message" in error.value.message_dict
    assert not Reminder.objects.exists()


def test_it_extends_the_deadline_of_the_selected_units(collection, users):
    result = bulk.extend_selected(
        collection["round"],
        ids(collection["submission"], collection["other"]),
        date(2026, 10, 30),
        "Mất điện",
        users["compiler"],
    )
    assert len(result.chosen) == 2
    assert set(Submission.objects.values_list("due_date", "extension_reason")) == {
        (date(2026, 10, 30), "Mất điện")
    }
    assert Event.objects.filter(action="submission.extend").count() == 2
    assert Event.objects.get(action="round.extend_selected").details["reason"] == "Mất điện"


def test_an_extension_skips_a_unit_already_due_later_or_that_sent(collection, users):
    sent(collection["other"])
    result = bulk.extend_selected(
        collection["round"],
        ids(collection["submission"], collection["other"]),
        date(2026, 10, 25),
        "Lý do",
        users["compiler"],
    )
    assert [s.unit.code for s in result.chosen] == ["TAYHO-BUOI"]
    with pytest.raises(ValidationError):  # already due on 25/10: nothing to extend
        bulk.extend_selected(
            collection["round"],
            ids(collection["submission"]),
            date(2026, 10, 24),
            "Lý do",
            users["compiler"],
        )
    collection["submission"].refresh_from_db()
    assert collection["submission"].due_date == date(2026, 10, 25)


def test_an_extension_needs_a_reason_and_a_selection(collection, users):
    with pytest.raises(ValidationError) as error:
        bulk.extend_selected(
            collection["round"],
            ids(collection["submission"]),
            date(2026, 10, 30),
            "  ",
            users["compiler"],
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        bulk.extend_selected(
            collection["round"], [], date(2026, 10, 30), "Lý do", users["compiler"]
        )
    assert set(Submission.objects.values_list("due_date", flat=True)) == {date(2026, 10, 20)}


def test_only_the_compiler_extends(collection, users):
    for name in ["clerk", "reporter", "head", "leader", "outsider"]:
        with pytest.raises(PermissionDenied):
            bulk.extend_selected(
                collection["round"],
                ids(collection["submission"]),
                date(2026, 10, 30),
                "Lý do",
                users[name],
            )

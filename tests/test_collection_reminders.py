from datetime import date

from baocao.collection.models import Reminder
from baocao.collection.reminders import send_due_reminders
from baocao.outbox.models import Notification


def titles(user):
    return list(Notification.objects.filter(
        user=user, title__contains="Báo cáo tháng (thu thập)").values_list(
        "title", flat=True)) + list(Notification.objects.filter(
            user=user).values_list("title", flat=True))


def test_reminders_go_before_on_and_after_the_due_date_once(collection, users):
    Notification.objects.all().delete()
    assert send_due_reminders(date(2026, 10, 17)) == 0
    assert send_due_reminders(date(2026, 10, 18)) == 2  # two days before
    assert send_due_reminders(date(2026, 10, 18)) == 0  # once
    assert send_due_reminders(date(2026, 10, 20)) == 2
    assert send_due_reminders(date(2026, 10, 21)) == 2
    assert send_due_reminders(date(2026, 10, 22)) == 0
    kinds = list(Reminder.objects.filter(submission=collection["submission"]).values_list(
        "kind", flat=True))
    assert kinds == ["before", "due", "after"]
    assert Notification.objects.filter(user=users["reporter"]).count() == 3
    assert Notification.objects.filter(user=users["head"]).count() == 3


def test_no_reminder_once_sent(collection, users):
    collection["submission"].state = "sent"
    collection["submission"].save()
    assert send_due_reminders(date(2026, 10, 20)) == 1  # only the other ward
    assert not Reminder.objects.filter(submission=collection["submission"]).exists()


def test_the_worker_task_runs_the_reminders(collection, users, monkeypatch):
    from baocao.collection import tasks

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 20))
    assert tasks.daily_reminders.call_local() == 2

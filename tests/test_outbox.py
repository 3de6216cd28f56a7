"""The outbox: an e-mail is queued in the transaction of the action that causes it, sent by the
worker once the mail server accepted it, retried after a failure, and its state is shown."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baocao.drafting import workflow
from baocao.outbox import sending
from baocao.outbox.models import BACKOFF, Email, Notification
from baocao.outbox.notify import notify


@pytest.fixture
def reporter(users):
    user = users["reporter"]
    user.email = "buoi@example.vn"
    user.save()
    return user


def tell(user, **extra):
    return notify([user], gettext_lazy("Returned for correction: %(round)s"), "/rounds/1/",
                  body="Thiếu số liệu", params={"round": "BC-T · Tháng 10/2026"}, **extra)


def test_an_email_is_queued_with_its_action_and_sent_by_the_worker(reporter):
    tell(reporter)
    email = Email.objects.get()
    assert email.state == Email.State.QUEUED and email.to == "buoi@example.vn"
    assert email.subject == "Báo cáo bị trả lại để sửa: BC-T · Tháng 10/2026"
    assert "Thiếu số liệu" in email.text and "http://" in email.text and "<a href" in email.html
    assert mail.outbox == []  # nothing leaves before the worker sends it
    assert sending.send_due() == 1
    assert [m.to for m in mail.outbox] == [["buoi@example.vn"]]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    email.refresh_from_db()
    assert email.state == Email.State.SENT and email.sent_at is not None
    assert sending.send_due() == 0 and len(mail.outbox) == 1  # sent once


def test_nothing_is_queued_when_the_action_rolls_back(reporter):
    def action_that_fails():
        with transaction.atomic():
            tell(reporter)
            raise RuntimeError("the action failed after telling")

    with pytest.raises(RuntimeError):
        action_that_fails()
    assert not Email.objects.exists() and not Notification.objects.exists()
    assert sending.send_due() == 0 and mail.outbox == []


def test_the_worker_is_woken_after_the_commit(reporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell(reporter)
    assert mail.outbox == [] and callbacks  # waits for the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_two_workers_never_send_the_same_email(reporter):
    tell(reporter)
    email = Email.objects.get()
    now = timezone.now()
    assert sending.claim(email, now)
    assert not sending.claim(email, now)  # the second worker finds it taken
    assert sending.send_one(email, now) is False and mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_again(reporter):
    tell(reporter)
    Email.objects.update(state=Email.State.SENDING, claimed_at=timezone.now() - timedelta(hours=1))
    assert sending.send_due() == 1 and len(mail.outbox) == 1


def test_a_failure_is_retried_with_back_off_then_shown_as_failed(reporter, monkeypatch):
    tell(reporter)
    failures = []

    def refuse(email):
        failures.append(email.pk)
        raise ConnectionRefusedError("smtp.example.vn:587")

    monkeypatch.setattr(sending, "deliver", refuse)
    now = timezone.now()
    assert sending.send_due(now=now) == 0
    email = Email.objects.get()
    assert email.state == Email.State.QUEUED and email.attempts == 1
    assert email.next_attempt_at == now + timedelta(seconds=BACKOFF[0])
    assert "ConnectionRefusedError" in email.last_error
    assert sending.send_due(now=now + timedelta(seconds=BACKOFF[0] - 1)) == 0  # not yet due
    assert len(failures) == 1
    later = now
    for wait in BACKOFF:
        later += timedelta(seconds=wait)
        sending.send_due(now=later)
    email.refresh_from_db()
    assert email.state == Email.State.FAILED and email.attempts == len(BACKOFF) + 1
    monkeypatch.undo()
    assert sending.retry(email, None)
    assert sending.send_due() == 1 and len(mail.outbox) == 1


def test_each_person_reads_in_their_own_language(users, reporter):
    users["head"].email, users["head"].language = "head@example.vn", "en"
    users["head"].save()
    tell(reporter)
    tell(users["head"])
    assert Notification.objects.get(user=reporter).title.startswith("Báo cáo bị trả lại")
    assert Notification.objects.get(user=users["head"]).title.startswith("Returned for correction")
    assert Email.objects.get(to="head@example.vn").subject.startswith("Returned for correction")


def test_a_copy_is_shown_queued_then_sent_on_the_documents_page(users, tree, recipients,
                                                                 client_for):
    from baocao.documents.models import Document
    from tests.test_documents_register import signed_draft

    draft = signed_draft(users, tree)
    workflow.issue(draft, users["clerk"], recipients=recipients[:1])
    document = Document.objects.get()
    page = reverse("documents:document", args=[document.pk])
    html = client_for("clerk").get(page).content.decode()
    assert "đang chờ gửi" in html and "quanuy@example.vn" in html
    assert document.distributions.get().sent_at is None
    sending.send_due()
    html = client_for("clerk").get(page).content.decode()
    assert "đã gửi lúc" in html and "đang chờ gửi" not in html
    assert document.distributions.get().sent_at is not None


def test_a_failed_copy_is_shown_failed(users, tree, recipients, client_for):
    from baocao.documents.models import Document
    from tests.test_documents_register import signed_draft

    workflow.issue(signed_draft(users, tree), users["clerk"], recipients=recipients[:1])
    Email.objects.update(state=Email.State.FAILED, attempts=6, last_error="SMTP 550")
    html = client_for("clerk").get(reverse("documents:document", args=[
        Document.objects.get().pk])).content.decode()
    assert "không gửi được sau 6 lần thử" in html


def test_the_administrator_sees_the_outbox_and_retries_a_failed_email(reporter, client_for):
    tell(reporter)
    Email.objects.update(state=Email.State.FAILED, attempts=6, last_error="SMTP 550")
    admin = client_for("admin")
    html = admin.get("/admin/outbox/email/").content.decode()
    assert "buoi@example.vn" in html
    response = admin.post("/admin/outbox/email/", {
        "action": "retry", "_selected_action": [Email.objects.get().pk]})
    assert response.status_code == 302
    assert Email.objects.get().state == Email.State.QUEUED
    from baocao.audit.models import Event

    assert Event.objects.filter(action="email.retry").exists()
    assert client_for("clerk").get("/admin/outbox/email/").status_code in (302, 403)


@pytest.mark.parametrize("reason", ["Tỷ lệ tiêm chủng 95% chưa khớp", "Sai %(round)s và 100%"])
def test_a_reason_with_a_percent_sign_is_kept_as_typed(reporter, reason):
    # The body is what a person typed: formatting it with the title's parameters crashed on
    # "95% chưa" (TypeError) and would have rewritten "%(round)s".
    notify([reporter], gettext_lazy("Returned for correction: %(round)s"), "/rounds/1/",
           body=reason, params={"round": "BC-T · Tháng 10/2026"})
    notification = Notification.objects.get(user=reporter)
    assert notification.body == reason
    assert notification.title.endswith("BC-T · Tháng 10/2026")
    assert reason in Email.objects.get(to="buoi@example.vn").text

"""The submission's state changes: one function each, transactional, audited, refusing what
the state does not allow."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from baocao.audit.models import Event
from baocao.collection import submissions
from baocao.collection.models import DataValue, Submission

from .conftest import fill

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def write_results(submission, user, collection):
    submissions.save_text(submission, collection["results"], "<p>Đã hoàn thành</p>", user)


def ready(collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="1.000", YT02="900")
    write_results(sub, users["reporter"], collection)
    return sub


def test_a_cell_is_saved_and_audited(collection, users):
    sub = collection["submission"]
    result = submissions.save_cell(sub, collection["yt"]["YT01"].pk, "actual", "1.234",
                                   users["reporter"])
    assert result.saved and result.value.value == 1234
    assert DataValue.objects.get(unit=sub.unit, period="2026-10").value == 1234
    event = Event.objects.get(action="datavalue.save")
    assert event.details["new"] == "1234" and event.actor == users["reporter"]


def test_a_bad_value_is_refused_and_changes_nothing(collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100")
    for raw in ["mười", "-5", "12,5"]:  # not a number, negative, not whole
        result = submissions.save_cell(sub, collection["yt"]["YT01"].pk, "actual", raw,
                                       users["reporter"])
        assert not result.saved and result.problems
    assert DataValue.objects.get(indicator__code="YT01").value == 100


def test_a_computed_column_cannot_be_typed(collection, users):
    with pytest.raises(ValidationError):
        submissions.save_cell(collection["submission"], collection["yt"]["YT01"].pk,
                              "year_to_date", "5", users["reporter"])
    with pytest.raises(ValidationError):  # a derived indicator
        submissions.save_cell(collection["submission"], collection["yt"]["YT03"].pk,
                              "actual", "5", users["reporter"])


def test_someone_elses_save_meanwhile_is_not_overwritten(collection, users):
    sub, yt01 = collection["submission"], collection["yt"]["YT01"].pk
    first = submissions.save_cell(sub, yt01, "actual", "100", users["reporter"])
    submissions.save_cell(sub, yt01, "actual", "200", users["head"],
                          revision=first.value.revision)
    stale = submissions.save_cell(sub, yt01, "actual", "300", users["reporter"],
                                  revision=first.value.revision)
    assert stale.conflict and not stale.saved
    assert DataValue.objects.get(indicator_id=yt01).value == 200


def test_approval_is_refused_with_errors_named(collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="150")  # breaks YT02 ≤ YT01; results empty
    with pytest.raises(ValidationError) as error:
        submissions.approve(sub, users["head"])
    text = " ".join(error.value.messages)
    assert "YT02" in text and "Kết quả" in text
    assert Submission.objects.get(pk=sub.pk).state == "draft"


def test_a_warning_needs_an_explanation(collection, users):
    sub = ready(collection, users)
    fill(sub, users["reporter"], AN04="2", AN05="3")
    with pytest.raises(ValidationError):
        submissions.approve(sub, users["head"])
    submissions.save_comment(sub, collection["an05"].pk, "Một vụ có 3 người chết",
                             users["reporter"])
    assert submissions.approve(sub, users["head"]).state == "approved"


def test_an_edit_after_approval_voids_it(collection, users):
    sub = ready(collection, users)
    submissions.approve(sub, users["head"])
    fill(sub, users["reporter"], YT02="901")
    assert Submission.objects.get(pk=sub.pk).state == "draft"


def test_it_is_sent_on_time_or_late_by_the_due_date(collection, users):
    sub = ready(collection, users)
    submissions.approve(sub, users["head"])
    with pytest.raises(ValidationError):
        submissions.receive(sub, users["clerk"])  # not sent yet
    sent = submissions.send(sub, users["reporter"],
                            now=datetime(2026, 10, 20, 23, 0, tzinfo=TZ))
    assert sent.state == "sent" and sent.on_time is True
    other = collection["other"]
    fill(other, users["other_reporter"], YT01="10", YT02="9")
    write_results(other, users["other_reporter"], collection)
    submissions.approve(other, _head_of(other, users))
    late = submissions.send(other, users["other_reporter"],
                            now=datetime(2026, 10, 21, 0, 30, tzinfo=TZ))
    assert late.on_time is False and late.timeliness() == "late"


def _head_of(submission, users):
    from baocao.organisation.models import Membership

    user = users["other_reporter"]
    Membership.objects.get_or_create(user=user, unit=submission.unit, role="head")
    user._baocao_memberships = None
    return user


def test_an_extension_moves_the_due_date(collection, users):
    from baocao.collection import rounds

    sub = ready(collection, users)
    with pytest.raises(ValidationError):
        rounds.extend(sub, date(2026, 10, 25), "", users["compiler"])
    rounds.extend(sub, date(2026, 10, 25), "Mất điện diện rộng", users["compiler"])
    submissions.approve(sub, users["head"])
    sent = submissions.send(sub, users["reporter"], now=datetime(2026, 10, 24, 9, tzinfo=TZ))
    assert sent.on_time is True
    assert Event.objects.get(action="submission.extend").details["reason"] == "Mất điện diện rộng"


def test_receive_return_correct_and_receive_again(collection, users):
    sub = ready(collection, users)
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    submissions.receive(sub, users["clerk"])
    with pytest.raises(ValidationError):
        fill(sub, users["reporter"], YT01="5")  # received: locked
    with pytest.raises(ValidationError):
        submissions.return_submission(sub, " ", users["clerk"])
    submissions.return_submission(sub, "Số dân chưa khớp", users["clerk"])
    assert Submission.objects.get(pk=sub.pk).state == "returned"
    fill(sub, users["reporter"], YT01="1.001")
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    final = submissions.receive(sub, users["clerk"])
    assert final.state == "received" and final.return_reason == "Số dân chưa khớp"
    actions = list(Event.objects.filter(object_type="collection.submission",
                                        object_id=str(sub.pk)).order_by("seq")
                   .values_list("action", flat=True))
    for action in ["submission.approve", "submission.send", "submission.receive",
                   "submission.return"]:
        assert action in actions


def test_two_clerks_cannot_both_receive(collection, users):
    sub = ready(collection, users)
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    submissions.receive(sub, users["clerk"])
    with pytest.raises(ValidationError):
        submissions.receive(sub, users["clerk"])
    assert Event.objects.filter(action="submission.receive").count() == 1


def test_the_paper_copy_is_recorded(collection, users):
    sub = collection["submission"]
    submissions.record_paper_copy(sub, date(2026, 10, 21), users["clerk"])
    assert Submission.objects.get(pk=sub.pk).paper_received_on == date(2026, 10, 21)
    with pytest.raises(ValidationError):
        submissions.record_paper_copy(sub, date(2099, 1, 1), users["clerk"])


def test_texts_are_sanitised(collection, users):
    text, conflict = submissions.save_text(
        collection["submission"], collection["results"],
        '<p onclick="x()">Tốt <b>lắm</b><script>alert(1)</script></p>', users["reporter"])
    assert not conflict and text.html == "<p>Tốt <b>lắm</b></p>"


def test_attachments_are_checked(collection, users, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sub = collection["submission"]
    from tests.conftest import pdf_bytes

    pdf = SimpleUploadedFile("ban-giay.pdf", pdf_bytes(), "application/pdf")
    attachment = submissions.add_attachment(sub, pdf, users["reporter"])
    assert attachment.content_type == "application/pdf"
    with pytest.raises(ValidationError):
        submissions.add_attachment(sub, SimpleUploadedFile("x.exe", b"MZ\x90\x00"), users[
            "reporter"])
    settings.BAOCAO_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(ValidationError):
        submissions.add_attachment(sub, SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20),
                                   users["reporter"])

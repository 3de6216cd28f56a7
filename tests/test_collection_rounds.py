from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from baocao.audit.models import Event
from baocao.collection import rounds
from baocao.collection.models import Round
from baocao.outbox.models import Notification


def test_opening_a_round_makes_a_submission_per_unit_and_notifies(collection, users):
    rnd = collection["round"]
    assert rnd.submissions.count() == 2 and rnd.request.subject == "Báo cáo tháng 10"
    rnd.form_version.refresh_from_db()
    assert rnd.form_version.state == "used"
    assert Notification.objects.filter(user=users["reporter"], title__contains="2026").exists()
    assert Notification.objects.filter(user=users["other_reporter"]).exists()
    assert not Notification.objects.filter(user=users["clerk"]).exists()
    assert Event.objects.get(action="round.open").details["units"] == ["TAYHO-BUOI",
                                                                        "TAYHO-NHATTAN"]


def test_opening_sends_emails_after_commit(collection, users, tree,
                                           django_capture_on_commit_callbacks):
    users["reporter"].email = "buoi@example.vn"
    users["reporter"].save()
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(form=collection["form"], period_text="2026-11", units=[tree["ward"]],
                          due_date=date(2026, 11, 20), paper_due_date=date(2026, 11, 23),
                          subject="Tháng 11", actor=users["compiler"], number="40/UBND-VP")
    assert [m.to for m in mail.outbox] == [["buoi@example.vn"]]
    assert "Tháng 11/2026" in mail.outbox[0].subject


@pytest.mark.parametrize(("period", "field"), [("2026-10", "period"), ("2026-Q4", "period"),
                                               ("2026-13", "period")])
def test_a_bad_round_is_refused_at_its_field(collection, users, tree, period, field):
    with pytest.raises(ValidationError) as error:
        rounds.open_round(form=collection["form"], period_text=period, units=[tree["ward"]],
                          due_date=date(2026, 11, 20), paper_due_date=date(2026, 11, 23),
                          subject="x", actor=users["compiler"])
    assert field in error.value.message_dict
    assert Round.objects.count() == 1


def test_a_form_without_an_approved_version_cannot_be_used(catalogue, users, tree):
    from baocao.catalogue.models import FormVersion

    FormVersion.objects.filter(form=catalogue["form"]).update(state="draft")
    with pytest.raises(ValidationError) as error:
        rounds.open_round(form=catalogue["form"], period_text="2026-10", units=[tree["ward"]],
                          due_date=date(2026, 10, 20), paper_due_date=date(2026, 10, 22),
                          subject="x", actor=users["compiler"])
    assert "form" in error.value.message_dict


def test_the_calendar_proposes_the_due_dates(collection):
    from baocao.catalogue.periods import parse

    assert rounds.proposed_dates(collection["form"], parse("2026-02")) == (
        date(2026, 2, 23), date(2026, 2, 25))

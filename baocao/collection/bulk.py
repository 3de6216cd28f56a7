"""Acting on several units' reports of a round at once, from the round's page: receive the
selected reports, remind the units that have not sent, extend their deadline.

Each action is first shown on a confirmation page (`plan`: which reports it will act on, and
why it leaves the others), then done in one transaction: every report's own change and audit
event (the same functions as for one report), and one event of the round naming them all."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.organisation import access
from baocao.organisation.models import Role
from baocao.outbox import emails
from baocao.outbox.notify import notify

from . import rounds, submissions
from .models import Reminder, Round, Submission

S = Submission.State
ACTIONS = ("receive", "remind", "extend")
MAX_MESSAGE = 1000


def may(action: str, user) -> bool:
    return {
        "receive": access.can_receive_submissions,
        "remind": access.can_remind_units,
        "extend": access.can_extend_submission,
    }[action](user)


@dataclass
class Plan:
    """What an action will do (or did): the reports it acts on, and the others with a reason."""

    action: str
    round: Round
    chosen: list[Submission] = field(default_factory=list)
    skipped: list[tuple[Submission, str]] = field(default_factory=list)


def _reminded_today(submission: Submission, today: date) -> bool:
    return any(
        r.kind == Reminder.Kind.MANUAL and r.day == today for r in submission.reminders.all()
    )


def _why_not(action: str, submission: Submission, today: date, new_due: date | None) -> str:
    """Why `action` leaves this report alone ("" when it acts on it)."""
    sent = submission.first_sent_at is not None and submission.state in (S.SENT, S.RECEIVED)
    if action == "receive":
        if submission.state == S.RECEIVED:
            return _("already received")
        if submission.state != S.SENT:
            return _("not sent yet")
        return ""
    if submission.round.state != Round.State.OPEN:
        return _("the round is closed")
    if sent:
        return _("already sent")
    if action == "remind":
        if _reminded_today(submission, today):
            return _("already reminded today")
        if not access.people_of(submission.unit, [Role.REPORTER, Role.HEAD]):
            return _("nobody in the unit to remind")
        return ""
    if new_due is not None and new_due <= submission.due_date:
        return _("already due on %(due)s") % {"due": submission.due_date.strftime("%d/%m/%Y")}
    return ""


def _default(action: str, submission: Submission, today: date) -> bool:
    """Nothing selected: receive every sent report; remind every late unit."""
    if action == "receive":
        return submission.state == S.SENT
    if action == "remind":
        return submission.first_sent_at is None and submission.due_date < today
    return False


def plan(
    rnd: Round,
    action: str,
    ids,
    user,
    *,
    new_due: date | None = None,
    today=None,
    lock: bool = False,
) -> Plan:
    """Which of the selected reports `action` acts on (with no selection: every sent report to
    receive, every late unit to remind; an extension needs a selection)."""
    if action not in ACTIONS:
        raise ValidationError(_("Unknown action."))
    access.require(may(action, user))
    today = today or timezone.localdate()
    found = (
        Submission.objects.filter(round=rnd)
        .select_related("unit", "round", "round__form")
        .prefetch_related("reminders")
        .order_by("unit__path")
    )
    if lock:
        found = found.select_for_update(of=("self",))
    ids = {int(i) for i in ids}
    result = Plan(action, rnd)
    for submission in found:
        if ids and submission.pk not in ids:
            continue
        if not ids and not _default(action, submission, today):
            continue
        reason = _why_not(action, submission, today, new_due)
        if reason:
            result.skipped.append((submission, reason))
        else:
            result.chosen.append(submission)
    return result


def _nothing_to_do(result: Plan) -> None:
    if not result.chosen:
        raise ValidationError(_("None of the selected reports can take this action."))


def _record_round(result: Plan, actor, **details) -> None:
    record(
        f"round.{result.action}_selected",
        result.round,
        actor=actor,
        details={
            "units": [s.unit.code for s in result.chosen],
            "skipped": {s.unit.code: reason for s, reason in result.skipped},
            **details,
        },
    )


def receive_selected(rnd: Round, ids, actor) -> Plan:
    """The clerk receives the selected sent reports (all sent ones when none is selected)."""
    access.require(access.can_receive_submissions(actor))
    with transaction.atomic():
        result = plan(rnd, "receive", ids, actor, lock=True)
        _nothing_to_do(result)
        for submission in result.chosen:
            submissions.receive(submission, actor)
        _record_round(result, actor)
    return result


def remind(rnd: Round, ids, actor, message: str = "", today=None) -> Plan:
    """Remind the selected units that have not sent (the late ones when none is selected): a
    notification and an e-mail to their reporters and head, counted among the report's
    reminders (once a day by hand)."""
    access.require(access.can_remind_units(actor))
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError(
            {"message": _("Keep the message under %(n)d characters.") % {"n": MAX_MESSAGE}}
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        result = plan(rnd, "remind", ids, actor, today=today, lock=True)
        _nothing_to_do(result)
        for submission in result.chosen:
            _remind_one(submission, actor, message, today)
        _record_round(result, actor, message=message)
    return result


def _remind_one(submission: Submission, actor, message: str, today: date) -> None:
    people = access.people_of(submission.unit, [Role.REPORTER, Role.HEAD])
    Reminder.objects.create(
        submission=submission,
        kind=Reminder.Kind.MANUAL,
        day=today,
        recipients=len(people),
        sent_by=actor,
    )
    late = (today - submission.due_date).days
    link = reverse("collection:submission", args=[submission.pk])
    params = {
        "form": submission.round.form.name,
        "period": submission.round.period_label,
        "due": submission.due_date.strftime("%d/%m/%Y"),
    }
    title = (
        gettext_lazy("Late: %(form)s, %(period)s was due on %(due)s")
        if late > 0
        else gettext_lazy("Reminder: %(form)s, %(period)s is due on %(due)s")
    )
    notify(people, title, link, body=message, params=params, email=False)
    for person in people:
        if person.email:
            emails.submission_reminder(
                person,
                form=params["form"],
                period=params["period"],
                unit=submission.unit.name,
                due=submission.due_date,
                days_late=max(late, 0),
                link=link,
                sender=actor.display_name,
                message=message,
            )
    record(
        "submission.remind",
        submission,
        actor=actor,
        details={
            "kind": Reminder.Kind.MANUAL,
            "day": today,
            "recipients": len(people),
            "message": message,
        },
    )


def extend_selected(rnd: Round, ids, new_due: date, reason: str, actor) -> Plan:
    """The compiler gives the selected units (not sent yet) a later due date, with the reason."""
    access.require(access.can_extend_submission(actor))
    if not ids:
        raise ValidationError(_("Select the units whose deadline to extend."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    with transaction.atomic():
        result = plan(rnd, "extend", ids, actor, new_due=new_due, lock=True)
        _nothing_to_do(result)
        for submission in result.chosen:
            rounds.extend(submission, new_due, reason, actor)
        _record_round(result, actor, to=new_due, reason=reason.strip())
    return result


def run(
    rnd: Round,
    action: str,
    ids,
    actor,
    *,
    new_due: date | None = None,
    reason: str = "",
    message: str = "",
) -> Plan:
    """The confirmed action."""
    if action == "receive":
        return receive_selected(rnd, ids, actor)
    if action == "remind":
        return remind(rnd, ids, actor, message)
    if action == "extend":
        return extend_selected(rnd, ids, new_due, reason, actor)
    raise ValidationError(_("Unknown action."))

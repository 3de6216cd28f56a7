"""Reminders on a schedule: N days before the due date, on the day, and after it (the day after,
three days after, then weekly) until the unit sends.  Each goes out once."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baocao.audit.log import record
from baocao.organisation import access
from baocao.organisation.models import Role
from baocao.outbox.notify import notify
from baocao.outbox.sending import send_due

from .models import Reminder, Round, Submission


def reminder_kind(submission: Submission, today: date) -> str | None:
    due = submission.due_date
    if today == due - timedelta(days=submission.round.remind_days_before):
        return Reminder.Kind.BEFORE
    if today == due:
        return Reminder.Kind.DUE
    late = (today - due).days
    if late in (1, 3) or (late > 0 and late % 7 == 0):
        return Reminder.Kind.AFTER
    return None


def send_due_reminders(today: date) -> int:
    """Send today's reminders; returns how many submissions were reminded."""
    sent = 0
    waiting = Submission.objects.filter(round__state=Round.State.OPEN,
                                        state__in=Submission.EDITABLE)
    for submission in waiting.select_related("round", "round__form", "unit"):
        kind = reminder_kind(submission, today)
        if kind is None:
            continue
        people = access.people_of(submission.unit, [Role.REPORTER, Role.HEAD])
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(submission=submission, kind=kind, day=today,
                                                   recipients=len(people))
                titles = {
                    Reminder.Kind.BEFORE: _("Reminder: %(form)s, %(period)s is due on %(due)s"),
                    Reminder.Kind.DUE: _("Today is the due date of %(form)s, %(period)s"),
                    Reminder.Kind.AFTER: _("Late: %(form)s, %(period)s was due on %(due)s"),
                }
                notify(people, titles[kind],
                       reverse("collection:submission", args=[submission.pk]),
                       params={"form": submission.round.form.name,
                               "period": submission.round.period_label,
                               "due": submission.due_date.strftime("%d/%m/%Y")})
                record("submission.remind", submission, actor=None,
                       details={"kind": kind, "day": today, "recipients": reminder.recipients})
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    send_due()  # this job runs in the worker: send the reminders' e-mails now
    return sent

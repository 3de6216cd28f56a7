"""Improvement suggestions (QT.07 §5.2): every step one function, in a transaction with the
suggestion's row locked, a line of its timeline and an audit event; the next person is told, and
so is the author (a member of staff by notification; a citizen sees the state with their
tracking code).

    submit (staff, or a citizen through the public page)
      → forward: the department's head records it with their opinion and sends it to the QMR
      → assign: the QMR names who carries it out and by when   | decline, with the reason
      → report: the assignee says what was done (possibly a CAPA opened from it)
      → inform: the head tells the author what became of it
Each step has a deadline (the assignee's set by the QMR; the others BAOCAO_SUGGESTION_STEP_DAYS
working days) shown in "Việc cần làm" and reminded by the daily job.
"""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.catalogue.workdays import WorkingCalendar
from baocao.organisation import access
from baocao.organisation.models import Membership, Role

from .models import Capa, Suggestion, SuggestionEvent
from .tell import tell

S = Suggestion.State
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MAX_TITLE, MAX_BODY, MAX_NAME = 200, 4000, 150


# --- shared ------------------------------------------------------------------------------------

def _text(value, field, limit, required=True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return text


def step_due(days: int | None = None, start: date | None = None) -> date:
    days = settings.BAOCAO_SUGGESTION_STEP_DAYS if days is None else days
    start = start or timezone.localdate()
    return WorkingCalendar(start, start).add_working_days(start, days)


def qmrs(unit) -> list:
    """The QMRs of the unit's committee."""
    committee = unit.committee()
    today = timezone.localdate()
    found = Membership.objects.filter(role=Role.QMR, user__is_active=True,
                                      unit__path__startswith=committee.path).select_related(
        "user")
    return list({m.user_id: m.user for m in found if m.is_active_on(today)}.values())


def current_actors(suggestion: Suggestion) -> list:
    """Who the suggestion waits for now."""
    if suggestion.state in (S.SUBMITTED, S.DONE, S.DECLINED):
        return access.people_of(suggestion.unit, [Role.HEAD])
    if suggestion.state == S.WITH_QMR:
        return qmrs(suggestion.unit)
    if suggestion.state == S.ASSIGNED and suggestion.assignee_id:
        return [suggestion.assignee]
    return []


def _url(suggestion) -> str:
    return reverse("quality:suggestion", args=[suggestion.pk])


def _step(suggestion: Suggestion, action: str, actor, note: str = "", public: bool = True,
          **details):
    SuggestionEvent.objects.create(suggestion=suggestion, action=action,
                                   state=suggestion.state, actor=actor, note=note,
                                   public=public)
    extra = {"ip": None} if actor is None else {}
    record(f"suggestion.{action}", suggestion, actor=actor, details={
        "state": suggestion.state, "note": note, **details}, **extra)


def _tell(suggestion: Suggestion, message, body: str = "", /, *, author: bool = True,
          **params):
    """The people the suggestion now waits for (`message` with %(title)s and `params`), and its
    author (staff)."""
    people = current_actors(suggestion)
    if people:
        tell(people, message, _url(suggestion), body, title=suggestion.title, **params)
    if author and suggestion.author_id and suggestion.author not in people:
        tell([suggestion.author], gettext_lazy("Your suggestion \"%(title)s\": %(state)s"),
             _url(suggestion), body, title=suggestion.title,
             state=str(suggestion.get_state_display()))


def _locked(suggestion) -> Suggestion:
    """The suggestion, its row locked (only its own: PostgreSQL locks no outer-joined row)."""
    return Suggestion.objects.select_for_update(of=("self",)).select_related(
        "unit", "author", "assignee").get(pk=suggestion.pk)


def _expect(suggestion, *states):
    if suggestion.state not in states:
        raise ValidationError(_("This suggestion is now \"%(state)s\"; it can no longer take "
                                "this step. Look again before acting.")
                              % {"state": suggestion.get_state_display()})


# --- submitting -----------------------------------------------------------------------------------

def submit(*, unit, title: str, body: str, actor) -> Suggestion:
    """A member of staff's suggestion, to the head of the department it concerns."""
    if not access.can_suggest(actor):
        raise PermissionDenied
    suggestion = Suggestion(unit=unit, title=_text(title, "title", MAX_TITLE),
                            body=_text(body, "body", MAX_BODY), source=Suggestion.Source.STAFF,
                            author=actor, step_due=step_due())
    with transaction.atomic():
        suggestion.save()
        _step(suggestion, "submit", actor, unit=unit.code, title=suggestion.title)
        _tell(suggestion, gettext_lazy("New improvement suggestion to record: %(title)s"),
              suggestion.body, author=False)
    return suggestion


def public_units() -> list:
    """The units a citizen may address a suggestion or find a survey of: the committee's
    departments and office, active today."""
    from baocao.organisation.models import Kind, OrgUnit

    committee = access.committee()
    if committee is None:
        return []
    return list(OrgUnit.objects.filter(
        parent=committee, kind__in=[Kind.DEPARTMENT, Kind.OFFICE, Kind.PLANNING_DEPARTMENT]
    ).active_on(timezone.localdate()).order_by("sort_order", "name"))


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def code_hash(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch in CODE_ALPHABET)
    return hashlib.sha256(f"suggestion:{cleaned}".encode()).hexdigest()


def submit_public(*, unit, title: str, body: str, name: str = "",
                  contact: str = "") -> tuple[Suggestion, str]:
    """A citizen's suggestion from the public page: (the suggestion, its tracking code).  The
    code is shown once and only its hash is kept; a name and a contact only if they give them."""
    if unit not in public_units():
        raise ValidationError({"unit": _("Choose a department from the list.")})
    code = new_tracking_code()
    suggestion = Suggestion(unit=unit, title=_text(title, "title", MAX_TITLE),
                            body=_text(body, "body", MAX_BODY),
                            author_name=_text(name, "name", MAX_NAME, required=False),
                            author_contact=_text(contact, "contact", MAX_NAME, required=False),
                            source=Suggestion.Source.CITIZEN, tracking_hash=code_hash(code),
                            step_due=step_due())
    with transaction.atomic():
        suggestion.save()
        _step(suggestion, "submit", None, unit=unit.code, title=suggestion.title,
              named=bool(suggestion.author_name))
        _tell(suggestion, gettext_lazy("New improvement suggestion from a citizen: %(title)s"),
              suggestion.body, author=False)
    return suggestion, code


def find_by_code(code: str) -> Suggestion | None:
    if not code or len(code) > 40:
        return None
    return Suggestion.objects.filter(tracking_hash=code_hash(code),
                                     source=Suggestion.Source.CITIZEN).first()


# --- the steps ----------------------------------------------------------------------------------

def forward(suggestion: Suggestion, comment: str, actor) -> Suggestion:
    """The head records the suggestion with their opinion and sends it to the QMR."""
    comment = _text(comment, "comment", MAX_BODY)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        if not access.is_head_of(actor, suggestion.unit):
            raise PermissionDenied
        _expect(suggestion, S.SUBMITTED)
        suggestion.state, suggestion.head_comment = S.WITH_QMR, comment
        suggestion.forwarded_by, suggestion.forwarded_at = actor, timezone.now()
        suggestion.step_due = step_due()
        suggestion.save(update_fields=["state", "head_comment", "forwarded_by", "forwarded_at",
                                       "step_due", "reminded_on"])
        _step(suggestion, "forward", actor, comment, public=False)
        _tell(suggestion, gettext_lazy("Improvement suggestion to assign: %(title)s"), comment)
    return suggestion


def assign(suggestion: Suggestion, *, assignee, due_date: date, actor,
           note: str = "") -> Suggestion:
    """The QMR names who carries the suggestion out, and by when."""
    if not access.can_assign_suggestions(actor):
        raise PermissionDenied
    note = _text(note, "note", MAX_BODY, required=False)
    if assignee is None or not assignee.is_active:
        raise ValidationError({"assignee": _("Choose who carries it out.")})
    if not isinstance(due_date, date) or due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Give a due date from today on.")})
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _expect(suggestion, S.WITH_QMR)
        if not any(m.unit.is_within(suggestion.unit.committee())
                   for m in access.memberships(assignee)):
            raise ValidationError({"assignee": _("Choose someone of the committee.")})
        suggestion.state, suggestion.assignee, suggestion.qmr_note = S.ASSIGNED, assignee, note
        suggestion.assigned_at, suggestion.step_due = timezone.now(), due_date
        suggestion.save(update_fields=["state", "assignee", "qmr_note", "assigned_at",
                                       "step_due", "reminded_on"])
        _step(suggestion, "assign", actor, note, public=False,
              assignee=assignee.get_username(), due_date=due_date)
        _tell(suggestion, gettext_lazy("Improvement suggestion assigned to you, due %(due)s: "
                                       "%(title)s"), note, due=due_date.strftime("%d/%m/%Y"))
    return suggestion


def decline(suggestion: Suggestion, reason: str, actor) -> Suggestion:
    """The QMR declines the suggestion, with the reason the author will read."""
    if not access.can_assign_suggestions(actor):
        raise PermissionDenied
    reason = _text(reason, "reason", MAX_BODY)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _expect(suggestion, S.WITH_QMR)
        suggestion.state, suggestion.decline_reason = S.DECLINED, reason
        suggestion.step_due = step_due()
        suggestion.save(update_fields=["state", "decline_reason", "step_due", "reminded_on"])
        _step(suggestion, "decline", actor, reason)
        _tell(suggestion, gettext_lazy("Suggestion declined by the QMR; tell its author: "
                                       "%(title)s"), reason)
    return suggestion


def report(suggestion: Suggestion, outcome: str, actor, capa: Capa | None = None) -> Suggestion:
    """The assignee says what was done (and which CAPA, if one was opened from it)."""
    outcome = _text(outcome, "outcome", MAX_BODY)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        if suggestion.assignee_id != actor.pk:
            raise PermissionDenied
        _expect(suggestion, S.ASSIGNED)
        if capa is not None and not (capa.source == Capa.Source.SUGGESTION
                                     and capa.source_id == suggestion.pk):
            raise ValidationError({"capa": _("Choose an action opened from this suggestion.")})
        suggestion.state, suggestion.outcome, suggestion.capa = S.DONE, outcome, capa
        suggestion.done_at, suggestion.step_due = timezone.now(), step_due()
        suggestion.save(update_fields=["state", "outcome", "capa", "done_at", "step_due",
                                       "reminded_on"])
        _step(suggestion, "report", actor, outcome, capa=capa.pk if capa else None)
        _tell(suggestion, gettext_lazy("Suggestion carried out; tell its author: %(title)s"),
              outcome)
    return suggestion


def inform(suggestion: Suggestion, message: str, actor) -> Suggestion:
    """The head tells the author what became of their suggestion (QT.07 §5.2)."""
    message = _text(message, "message", MAX_BODY)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        if not access.is_head_of(actor, suggestion.unit):
            raise PermissionDenied
        _expect(suggestion, S.DONE, S.DECLINED)
        suggestion.state, suggestion.author_message = S.CLOSED, message
        suggestion.closed_at, suggestion.step_due = timezone.now(), None
        suggestion.save(update_fields=["state", "author_message", "closed_at", "step_due",
                                       "reminded_on"])
        _step(suggestion, "inform", actor, message)
        if suggestion.author_id:
            tell([suggestion.author],
                 gettext_lazy("What became of your suggestion \"%(title)s\""),
                 _url(suggestion), message, title=suggestion.title)
    return suggestion


# --- reading ------------------------------------------------------------------------------------

def timeline(suggestion: Suggestion, *, for_author: bool) -> list[dict]:
    """The steps in order; for the author (or the tracking page) without the internal notes."""
    shown = []
    for event in suggestion.events.select_related("actor"):
        shown.append({"event": event, "label": S(event.state).label, "at": event.at,
                      "note": event.note if (event.public or not for_author) else "",
                      "actor": None if for_author else event.actor})
    return shown


def visible(user):
    """The suggestions a user may see: their own, those assigned to them, and those of the
    units they see (all of them for the committee's quality roles)."""
    from django.db.models import Q

    condition = Q(author=user) | Q(assignee=user)
    if access.sees_whole_committee(user):
        return Suggestion.objects.all()
    units = access.visible_units(user)
    return Suggestion.objects.filter(condition | Q(unit__in=units))


def remind(today: date | None = None) -> int:
    """Remind whoever a suggestion waits for, the day before its step's deadline and every day
    after it (once a day)."""
    today = today or timezone.localdate()
    sent = 0
    waiting = Suggestion.objects.exclude(state=S.CLOSED).filter(step_due__isnull=False).exclude(
        reminded_on=today).select_related("unit", "assignee", "author")
    for suggestion in waiting:
        if (suggestion.step_due - today).days > 1:
            continue
        with transaction.atomic():
            people = current_actors(suggestion)
            late = suggestion.step_due < today
            title = (gettext_lazy("Late: the suggestion \"%(title)s\" was due %(due)s") if late
                     else gettext_lazy("Reminder: the suggestion \"%(title)s\" is due %(due)s"))
            sent += tell(people, title, _url(suggestion), title=suggestion.title,
                         due=suggestion.step_due.strftime("%d/%m/%Y"))
            Suggestion.objects.filter(pk=suggestion.pk).update(reminded_on=today)
            record("suggestion.remind", suggestion, actor=None, details={
                "state": suggestion.state, "people": len(people), "late": late})
    return sent

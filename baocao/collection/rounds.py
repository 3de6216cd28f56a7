"""Opening a round and extending its deadline for one unit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.catalogue import forms as form_services
from baocao.catalogue.periods import Period, PeriodError
from baocao.catalogue.schedule import schedule
from baocao.organisation import access
from baocao.organisation.models import Role
from baocao.outbox.notify import notify

from . import signals
from .models import ReportRequest, Round, Submission
from .submissions import check_upload


def proposed_dates(form, period: Period) -> tuple[date, date]:
    """The due dates the regime's calendar gives; the compiler may change them."""
    s = schedule(form.regime, period)
    return s.due_date, s.paper_due_date


def open_round(*, form, period_text: str, units=None, due_date: date | None = None,
               paper_due_date: date | None = None, subject: str, actor, outline: str = "",
               body: str = "", number: str = "", letter_date: date | None = None,
               guidance=None, opened_at=None, notify_units: bool = True) -> Round:
    """Open a round: its request letter (with the higher level's guidance, a PDF, when given),
    one submission per expected unit (default: the form's units), the due dates the regime's
    calendar gives unless others are chosen.  All or nothing.

    The request letter: with a `number` (and `letter_date`), a letter issued elsewhere, and the
    units are told at once; without, the letter is drafted here (drafting.letters) and the units
    are told with it once it is issued."""
    access.require(access.can_open_round(actor))
    errors = {}
    try:
        period = Period.parse(period_text)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    if due_date is None or paper_due_date is None:
        proposed = proposed_dates(form, period)
        due_date = due_date or proposed[0]
        paper_due_date = paper_due_date or proposed[1]
    if units is None or not list(units):
        units = form.units.all()
    if period.kind not in form.regime.period_kinds:
        errors["period"] = _("The regime \"%(regime)s\" reports by %(kinds)s, not by this "
                             "period.") % {"regime": form.regime.name,
                                           "kinds": ", ".join(form.regime.period_kinds)}
    version = form.current_version()
    if version is None:
        errors["form"] = _("The form has no approved version yet.")
    units = list(units)
    if not units:
        errors["units"] = _("Choose at least one unit.")
    if paper_due_date < due_date:
        errors["paper_due_date"] = _("The paper copy cannot be due before the electronic one.")
    number = (number or "").strip()
    if letter_date is not None and not number:
        errors["number"] = _("Give the number of the letter issued on that date (or leave both "
                             "empty to draft the letter here).")
    if guidance is not None:
        try:
            check_upload(guidance, {b"%PDF-": "application/pdf"},
                         _("The guidance must be a PDF file."))
        except ValidationError as error:
            errors["guidance"] = error.messages
    if errors:
        raise ValidationError(errors)
    taken = ValidationError({"period": _("A round of this form for %(period)s is already "
                                         "open.") % {"period": period.label()}})
    try:
        with transaction.atomic():
            if Round.objects.select_for_update().filter(form=form,
                                                        period=str(period)).exists():
                raise taken
            return _open(form, version, period, units, due_date, paper_due_date, subject,
                         actor, outline, body, number, letter_date, guidance, opened_at,
                         notify_units)
    except IntegrityError:  # opened by someone else at the same moment
        raise taken from None


def _open(form, version, period, units, due_date, paper_due_date, subject, actor, outline,
          body, number, letter_date, guidance, opened_at, notify_units) -> Round:
    form_services.mark_used(version, actor)
    extra = {"opened_at": opened_at} if opened_at else {}
    rnd = Round.objects.create(
        form=form, form_version=version, period=str(period), period_start=period.start,
        period_end=period.end, due_date=due_date, paper_due_date=paper_due_date,
        opened_by=actor, **extra)
    ReportRequest.objects.create(round=rnd, subject=subject, outline=outline, body=body,
                                 number=number, issued_on=letter_date)
    Submission.objects.bulk_create(
        Submission(round=rnd, unit=unit, due_date=due_date) for unit in units)
    record("round.open", rnd, actor=actor, details={
        "form": form.code, "version": version.number, "period": str(period),
        "due_date": due_date, "paper_due_date": paper_due_date,
        "units": [u.code for u in units], "letter": number or None})
    drafted = [] if number else [
        answer for _receiver, answer in signals.round_opened.send(sender=Round, round=rnd,
                                                                  actor=actor) if answer]
    if notify_units and not drafted:
        announce(rnd)
    if guidance is not None:
        attach_guidance(rnd, guidance, actor)
    return rnd


def letter_drafted(rnd: Round) -> bool:
    """Whether the round's request letter is drafted here (the units are told once it is
    issued), rather than issued elsewhere."""
    return hasattr(rnd.request, "letter_draft")


def announce(rnd: Round, *, letter: str = "", links: dict | None = None) -> int:
    """Tell each unit's reporters and heads that the round asks their report (in the
    application and by e-mail): at the opening, or with the request letter once it is issued
    (`letter`: its number; `links`: each unit's read-only copy of it)."""
    links = links or {}
    period = rnd.period_obj
    told = 0
    for submission in rnd.submissions.select_related("unit"):
        body = rnd.request.subject
        if letter:
            body = f"Công văn số {letter}: {body}"
            if submission.unit_id in links:
                body += f"\n{links[submission.unit_id]}"
        told += notify(access.people_of(submission.unit, [Role.REPORTER, Role.HEAD]),
                       gettext_lazy("New report requested: %(form)s, %(period)s, due %(due)s"),
                       reverse("collection:submission", args=[submission.pk]), body=body,
                       params={"form": rnd.form.name, "period": period.label(),
                               "due": submission.due_date.strftime("%d/%m/%Y")})
    return told


def attach_guidance(rnd: Round, upload, actor):
    """The higher level's guidance, attached to the round's request letter (PDF)."""
    from .models import Attachment

    check_upload(upload, {b"%PDF-": "application/pdf"}, _("The guidance must be a PDF file."))
    with transaction.atomic():
        attachment = Attachment.objects.create(
            request=rnd.request, kind=Attachment.Kind.GUIDANCE, file=upload,
            name=upload.name[:255], size=upload.size, content_type="application/pdf",
            uploaded_by=actor)
        record("attachment.create", attachment, actor=actor, details={"round": rnd.pk})
    return attachment


def extend(submission: Submission, new_due: date, reason: str, actor) -> Submission:
    """A later due date for one unit, with its reason, on the record."""
    access.require(access.can_extend_submission(actor))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("round").get(
            pk=submission.pk)
        if new_due <= submission.due_date:
            raise ValidationError({"due_date": _(
                "The new due date must be after %(due)s.") % {
                "due": submission.due_date.strftime("%d/%m/%Y")}})
        old = submission.due_date
        submission.due_date, submission.extension_reason = new_due, reason.strip()
        submission.save(update_fields=["due_date", "extension_reason", "updated_at"])
        record("submission.extend", submission, actor=actor,
               details={"from": old, "to": new_due, "reason": reason.strip()})
        notify(access.people_of(submission.unit, [Role.REPORTER, Role.HEAD]),
               gettext_lazy("Deadline extended to %(due)s: %(round)s"),
               reverse("collection:submission", args=[submission.pk]), body=reason,
               params={"due": new_due.strftime("%d/%m/%Y"), "round": str(submission.round)})
    return submission

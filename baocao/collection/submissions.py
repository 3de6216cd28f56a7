"""Every change of a submission: one function each, in a transaction, with row locks (two people
acting at once cannot both win) and an audit event.

    draft ─approve→ approved ─send→ sent ─receive→ received
      ↑      (an edit after approval puts it back to draft)    │
      └──────────────── returned ←─return (with a reason)─────┘
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.catalogue import frozen
from baocao.catalogue.models import ENTERED_COLUMNS, FormRow, FormSection
from baocao.core import registry
from baocao.lib import richtext, rows
from baocao.organisation import access
from baocao.organisation.models import Role
from baocao.outbox.notify import notify

from . import validation
from .models import COMPUTED_BY, Attachment, DataValue, Round, Submission, SubmissionText
from .signals import official_changed

State = Submission.State


@dataclass
class CellResult:
    value: DataValue | None
    problems: list = field(default_factory=list)
    conflict: bool = False  # someone else saved the cell since: `value` is theirs, `mine` not kept
    saved: bool = False
    column: str = "actual"
    mine: str = ""  # what was typed, shown beside theirs on a conflict


def _is_empty(value: DataValue | None, column: str) -> bool:
    """A cell nobody has filled: no row, or a row without this column's content."""
    if value is None:
        return True
    return not value.text.strip() if column == "note" else value.value is None


def read(submission_id) -> Submission | None:
    """The submission with its round, the round's form and version, and its unit: what every
    page and save of a report reads first, by a statement written once (lib/rows.py)."""
    from baocao.catalogue.models import FormVersion, ReportForm
    from baocao.organisation.models import OrgUnit

    models = (Submission, Round, ReportForm, FormVersion, OrgUnit)
    if not rows.fits(Submission, submission_id):
        return None
    found = rows.fetch(
        "SELECT "  # noqa: S608 (the models' own names)
        + ", ".join(rows.columns(m, a) for m, a in zip(models, "srfvu", strict=True))
        + f" FROM {rows.table(Submission)} s"
        f" JOIN {rows.table(Round)} r ON r.id = s.round_id"
        f" JOIN {rows.table(ReportForm)} f ON f.id = r.form_id"
        f" JOIN {rows.table(FormVersion)} v ON v.id = r.form_version_id"
        f" JOIN {rows.table(OrgUnit)} u ON u.id = s.unit_id WHERE s.id = %s",
        [submission_id], *models)
    if not found:
        return None
    submission, rnd, form, version, unit = found[0]
    rnd.form, rnd.form_version = form, version
    submission.round, submission.unit = rnd, unit
    return submission


def _locked(submission) -> Submission:
    """The submission, its row locked until the transaction ends: two changes of one report go
    one after the other.  Only its own row, and FOR NO KEY UPDATE: a writer that does not take
    this lock (an import adding a value of the unit) checks its foreign keys at commit with a
    KEY SHARE lock, which this does not block; a stronger lock (on the joined unit too) made
    such a writer and a save of the same cell deadlock.

    The round and the unit are read again with it, not taken from the caller's submission,
    whose round may be long out of date (a round closed since must refuse the change: a test
    of filing caught the shortcut that trusted it)."""
    return Submission.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "round", "round__form", "round__form_version", "unit").get(pk=submission.pk)


def _require_round_open(submission: Submission):
    """A closed round (its dossier filed) takes nothing more: no sending, receiving, returning."""
    if submission.round.state != Round.State.OPEN:
        raise ValidationError(_("This round is closed (its dossier is filed): nothing more is "
                                "sent or received in it."))


def _require_editable(submission: Submission):
    if not submission.is_editable:
        raise ValidationError(_("This report is %(state)s and can no longer be changed here; "
                                "a correction goes through a return by the clerk.")
                              % {"state": submission.get_state_display()})


def _reopen_if_approved(submission: Submission, actor):
    """Any change after the head's approval voids it."""
    if submission.state == State.APPROVED:
        submission.state, submission.approved_by, submission.approved_at = State.DRAFT, None, None
        submission.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
        record("submission.reopen", submission, actor=actor,
               details={"why": "changed after approval"})


def form_row(submission: Submission, indicator_id: int) -> FormRow:
    """The form's row of the indicator that this submission's unit fills; refused otherwise."""
    kept = frozen.indicator_rows(submission.round.form_version)
    if kept is not None:
        rows = [r for r in kept if r.indicator_id == indicator_id]
    else:
        rows = list(FormRow.objects.filter(table__version=submission.round.form_version_id,
                                           indicator_id=indicator_id)
                    .select_related("indicator", "table").prefetch_related("units"))
    if not rows or rows[0].indicator.is_derived:
        raise ValidationError(_("This indicator is not entered in this form."))
    for row in rows:
        if row.fills(submission.unit):
            return row
    raise ValidationError(_("%(unit)s does not report \"%(indicator)s\" in this form: the "
                            "row is filled by %(who)s.") % {
        "unit": submission.unit.name, "indicator": rows[0].indicator.name,
        "who": rows[0].filled_by_label() or _("other units")})


def _conflicts(existing: DataValue | None, column: str, revision: int | None, actor) -> bool:
    """Whether a save that started from `revision` would overwrite someone else's.

    None: no check (scripts, imports).  0: the user saw the cell empty; the save is kept only
    while it still is (two people typing into the same empty cell: the second is told).  N: the
    row's revision the user saw; a later one saved by someone else is theirs to keep (one
    person's own saves from one page may cross each other: theirs is the latest)."""
    if revision is None or existing is None:
        return False
    if revision == 0:
        return not _is_empty(existing, column)
    return existing.revision != revision and existing.stored_by != actor.get_username()


def save_cell(submission: Submission, indicator_id: int, column: str, raw, actor, *,
              revision: int | None = None) -> CellResult:
    """Save one typed cell (a value, or the row's note).  A bad value is refused and changes
    nothing.  `revision` is the one the user saw (see _conflicts): if someone saved the cell
    since, nothing is overwritten and their value comes back, beside the one typed."""
    if column not in ENTERED_COLUMNS:
        raise ValidationError(_("This column is computed and cannot be typed."))
    access.require(access.can_edit_submission(actor, submission))
    period = submission.round.period_obj
    mine = str(raw if raw is not None else "")[:2000]
    with transaction.atomic():
        submission = _locked(submission)  # two saves of one report: one after the other
        _require_editable(submission)
        row = form_row(submission, indicator_id)
        if column != "note" and registry.is_computed(row.indicator):
            raise ValidationError(_("This figure is computed by the system from its registers "
                                    "and cannot be typed."))
        stored_column = "actual" if column == "note" else column
        key = {"indicator_id": indicator_id, "unit": submission.unit, "period": str(period),
               "column": stored_column}
        existing = DataValue.objects.filter(**key).first()
        if _conflicts(existing, column, revision, actor):
            return CellResult(existing, conflict=True, column=column, mine=mine)
        if column == "note":
            old, new = (existing.text if existing else ""), str(raw or "").strip()[:2000]
            problems = []
        else:
            new, problems = validation.parse_cell(row.indicator, raw, column)
            if any(p.level == validation.ERROR for p in problems):
                return CellResult(existing, problems, column=column)
            old = existing.value if existing else None
        if existing is not None and (existing.text if column == "note" else existing.value) == new:
            return CellResult(existing, problems, saved=True, column=column)
        value = existing or DataValue.for_period(
            period, indicator_id=indicator_id, unit=submission.unit, column=stored_column)
        if column == "note":
            value.text = new
        else:
            value.value = new
        value.submission, value.official = submission, False  # official once sent
        value.revision = (existing.revision + 1) if existing else 1
        value.stored_by, value.updated_at = actor.get_username(), timezone.now()
        try:
            with transaction.atomic():  # a savepoint: an import may have inserted it meanwhile
                value.save()
        except IntegrityError:  # the unique constraint decides: theirs came first
            return CellResult(DataValue.objects.filter(**key).first(), conflict=True,
                              column=column, mine=mine)
        _reopen_if_approved(submission, actor)
        record("datavalue.save", submission, actor=actor, details={
            "indicator": row.indicator.code, "column": column, "old": old, "new": new})
    return CellResult(value, problems, saved=True, column=column)


def save_comment(submission: Submission, indicator_id: int, comment: str, actor) -> DataValue:
    """The unit's explanation of a warning on a value."""
    access.require(access.can_edit_submission(actor, submission))
    period = submission.round.period_obj
    with transaction.atomic():
        submission = _locked(submission)
        _require_editable(submission)
        form_row(submission, indicator_id)
        key = {"indicator_id": indicator_id, "unit": submission.unit, "period": str(period),
               "column": "actual"}
        value = DataValue.objects.filter(**key).first() or DataValue.for_period(
            period, indicator_id=indicator_id, unit=submission.unit, submission=submission,
            stored_by=actor.get_username(), revision=0)
        value.comment = comment.strip()[:2000]
        value.revision += 1
        try:
            with transaction.atomic():  # a savepoint: an import may have inserted it meanwhile
                value.save()
        except IntegrityError:  # then the explanation goes on the row it inserted
            value = DataValue.objects.get(**key)
            value.comment, value.revision = comment.strip()[:2000], value.revision + 1
            value.save(update_fields=["comment", "revision"])
        _reopen_if_approved(submission, actor)
        record("datavalue.comment", submission, actor=actor,
               details={"indicator": value.indicator.code, "comment": value.comment})
    return value


def clean_html(html: str) -> str:
    """A unit's text through the one rich-text sanitiser (baocao.lib.richtext)."""
    return richtext.clean(html)


def save_text(submission: Submission, section: FormSection, html: str, actor, *,
              revision: int | None = None) -> tuple[SubmissionText, bool]:
    """Save a narrative section (sanitised).  Returns (text, conflict): on a conflict nothing
    is written and `text` is the one saved meanwhile.  `revision` is the one the user started
    from: None, no check; 0, the section was empty, and the save is kept only while it still
    is (the first save of a unit's text by two people); N, it must still be N."""
    access.require(access.can_edit_submission(actor, submission))
    with transaction.atomic():
        submission = _locked(submission)  # two saves of one report: one after the other
        _require_editable(submission)
        if section.version_id != submission.round.form_version_id:
            raise ValidationError(_("This section is not in this form."))
        if not section.fills(submission.unit):
            raise ValidationError(_("%(unit)s does not write the section \"%(title)s\" in "
                                    "this form.") % {"unit": submission.unit.name,
                                                     "title": section.title})
        text = SubmissionText.objects.filter(submission=submission, section=section).first()
        if text and revision is not None and (
                not validation.is_blank(text.html) if revision == 0
                else text.revision != revision):
            return text, True
        cleaned = clean_html(html)
        if text and text.html == cleaned:
            return text, False
        if text is None:
            text = SubmissionText(submission=submission, section=section, revision=0)
        text.html, text.revision = cleaned, text.revision + 1
        try:
            with transaction.atomic():  # a savepoint: the unique constraint decides
                text.save()
        except IntegrityError:
            return SubmissionText.objects.get(submission=submission, section=section), True
        _reopen_if_approved(submission, actor)
        record("submissiontext.save", submission, actor=actor,
               details={"section": section.title, "length": len(cleaned)})
    return text, False


def previous_submission(submission: Submission) -> Submission | None:
    """The unit's report of the same form for the period before this one (the latest earlier
    round of the form that holds a report of the unit), or None."""
    rnd = submission.round
    return Submission.objects.filter(
        unit=submission.unit, round__form_id=rnd.form_id,
        round__period_end__lt=rnd.period_start).select_related("round").order_by(
        "-round__period_end").first()


def _same_section(section: FormSection, candidates: list) -> FormSection | None:
    """A section of another version of the form answering the same question: the same title,
    else the only one of the same kind."""
    for other in candidates:
        if other.title.strip().lower() == section.title.strip().lower():
            return other
    kind = [other for other in candidates if other.kind == section.kind]
    return kind[0] if len(kind) == 1 else None


def copy_previous_texts(submission: Submission, actor) -> list[str]:
    """Copy the narrative texts of the unit's previous report of the same form into this
    report's empty sections (a section already written is left as it is).  Returns the titles
    of the sections filled; refuses when the report is not editable or there is nothing to
    copy."""
    access.require(access.can_edit_submission(actor, submission))
    with transaction.atomic():
        submission = _locked(submission)
        _require_editable(submission)
        previous = previous_submission(submission)
        if previous is None:
            raise ValidationError(_("This unit has no report of this form for an earlier "
                                    "period to copy from."))
        old_texts = {t.section_id: t for t in previous.texts.select_related("section")
                     if not validation.is_blank(t.html)}
        old_sections = [t.section for t in old_texts.values()]
        mine = {t.section_id: t for t in submission.texts.all()}
        filled = []
        for section in submission.round.form_version.sections.order_by("sort_order", "pk"):
            if not section.fills(submission.unit):
                continue
            current = mine.get(section.pk)
            if current is not None and not validation.is_blank(current.html):
                continue
            source = _same_section(section, old_sections)
            if source is None:
                continue
            text = current or SubmissionText(submission=submission, section=section,
                                             revision=0)
            text.html, text.revision = clean_html(old_texts[source.pk].html), text.revision + 1
            text.save()
            filled.append(section.title)
        if not filled:
            raise ValidationError(_("Nothing to copy: every section is already written, or "
                                    "the report of %(period)s has no text for them.")
                                  % {"period": previous.round.period_label})
        _reopen_if_approved(submission, actor)
        record("submission.copy_texts", submission, actor=actor, details={
            "from": previous.pk, "period": previous.round.period, "sections": filled})
    return filled


def current_entries(submission: Submission):
    """(values by indicator id, comments by indicator id, texts by section id)."""
    rows = DataValue.objects.filter(unit=submission.unit, period=submission.round.period,
                                    column="actual")
    values = {v.indicator_id: v.value for v in rows}
    comments = {v.indicator_id: v.comment for v in rows}
    texts = dict(submission.texts.values_list("section_id", "html"))
    return values, comments, texts


def problems_of(submission: Submission) -> list:
    """What sending would refuse; the figures the system computes are checked as they stand now
    (they are written when the head approves)."""
    values, comments, texts = current_entries(submission)
    values.update(live_computed(submission))
    return validation.check_submission(submission, values, comments, texts)


def _refuse(problems, why: str):
    """Refuse an action because of the report's problems: `why` first ("Chưa duyệt được…"),
    then each problem with its indicator."""
    labels = {r.indicator.code: f"{r.indicator.code} {r.indicator.name}" for r in FormRow.objects
              .filter(indicator__code__in={p.code for p in problems}).select_related("indicator")}
    raise ValidationError([why] + [f"{labels.get(p.code, p.code)}: {p.message}" if p.code
                                   else p.message for p in problems])


def ask_approval(submission: Submission, actor) -> Submission:
    """Trình lãnh đạo duyệt: the reporter tells the unit's head the report is ready for their
    approval (refused while it has errors or unexplained warnings)."""
    access.require(access.can_edit_submission(actor, submission))
    with transaction.atomic():
        submission = _locked(submission)
        if submission.state not in (State.DRAFT, State.RETURNED):
            raise ValidationError(_("Only a draft or a returned report is put to the head."))
        _require_editable(submission)
        blocking = problems_of(submission)
        if blocking:
            _refuse(blocking, _("Not yet put to the head: %(n)d problem(s) to correct or "
                                "explain first.") % {"n": len(blocking)})
        heads = [u for u in access.people_of(submission.unit, [Role.HEAD]) if u != actor]
        submission.approval_asked_at, submission.approval_asked_by = timezone.now(), actor
        submission.save(update_fields=["approval_asked_at", "approval_asked_by", "updated_at"])
        record("submission.ask_approval", submission, actor=actor,
               details={"heads": [u.get_username() for u in heads]})
        notify(heads, gettext_lazy("%(person)s asks you to approve the report %(round)s"),
               reverse("collection:submission", args=[submission.pk]),
               params={"person": actor.display_name, "round": str(submission.round)})
    return submission


def computed_indicators(submission: Submission) -> list:
    """The form's indicators whose values the system computes (registry.computed_values)."""
    rows = FormRow.objects.filter(table__version=submission.round.form_version_id,
                                  indicator__isnull=False).select_related("indicator")
    return [r.indicator for r in rows if registry.is_computed(r.indicator)]


def live_computed(submission: Submission, indicators=None) -> dict:
    """{indicator id: value} computed now, while the report can still be approved; once approved
    its figures are those written then (write_computed), so this is empty."""
    if submission.state not in (State.DRAFT, State.RETURNED):
        return {}
    indicators = computed_indicators(submission) if indicators is None else [
        i for i in indicators if registry.is_computed(i)]
    if not indicators:
        return {}
    return registry.computed_values(submission.unit, submission.round.period_obj, indicators)


def write_computed(submission: Submission, actor) -> int:
    """Write the computed figures as the report's values (marked COMPUTED_BY), so that they are
    sent, consolidated and drafted like typed ones.  Called when the head approves: what is sent
    is what the head saw.  Returns how many values changed."""
    indicators = computed_indicators(submission)
    if not indicators:
        return 0
    period = submission.round.period_obj
    found = registry.computed_values(submission.unit, period, indicators)
    changed = {}
    for indicator in indicators:
        new = found.get(indicator.pk)
        existing = DataValue.objects.filter(indicator=indicator, unit=submission.unit,
                                            period=str(period), column="actual").first()
        if existing is not None and existing.value == new and existing.stored_by == COMPUTED_BY \
                and existing.submission_id == submission.pk and not existing.official:
            continue
        value = existing or DataValue.for_period(period, indicator=indicator,
                                                 unit=submission.unit, column="actual",
                                                 revision=0)
        changed[indicator.code] = [existing.value if existing else None, new]
        value.value, value.submission, value.stored_by = new, submission, COMPUTED_BY
        value.official = False  # official once sent, like a typed value
        value.revision, value.updated_at = value.revision + 1, timezone.now()
        value.save()
    if changed:
        record("datavalue.compute", submission, actor=actor, details={"values": changed})
    return len(changed)


def approve(submission: Submission, actor) -> Submission:
    """The unit's head approves the report: only without errors and with every warning explained.
    The figures the system computes are written first, as they stand now."""
    access.require(access.can_approve_submission(actor, submission))
    with transaction.atomic():
        submission = _locked(submission)
        if submission.state not in (State.DRAFT, State.RETURNED):
            raise ValidationError(_("Only a draft or a returned report can be approved."))
        _require_editable(submission)
        write_computed(submission, actor)
        blocking = problems_of(submission)  # errors, and warnings not yet explained
        if blocking:
            _refuse(blocking, _("Not approved: %(n)d problem(s) to correct or explain first; "
                                "the report stays a draft.") % {"n": len(blocking)})
        submission.state = State.APPROVED
        submission.approved_by, submission.approved_at = actor, timezone.now()
        submission.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
        record("submission.approve", submission, actor=actor)
    return submission


def send(submission: Submission, actor, *, now=None) -> Submission:
    """Send the approved report; on time or late by the unit's due date (with any extension)."""
    access.require(access.can_send_submission(actor, submission))
    now = now or timezone.now()
    with transaction.atomic():
        submission = _locked(submission)
        _require_round_open(submission)
        if submission.state != State.APPROVED:
            raise ValidationError(_("The unit's head must approve the report before it is sent."))
        blocking = problems_of(submission)  # errors, and warnings not yet explained
        if blocking:
            _refuse(blocking, _("Not sent: %(n)d problem(s) to correct or explain first.")
                    % {"n": len(blocking)})
        submission.state, submission.sent_by, submission.sent_at = State.SENT, actor, now
        if submission.first_sent_at is None:
            submission.first_sent_at = now
            submission.on_time = timezone.localdate(now) <= submission.due_date
        submission.save(update_fields=["state", "sent_by", "sent_at", "first_sent_at",
                                       "on_time", "updated_at"])
        _make_official(submission, True)
        record("submission.send", submission, actor=actor,
               details={"on_time": submission.on_time, "due_date": submission.due_date})
        notify(access.people_of(submission.unit.office() or submission.unit.committee(),
                                [Role.CLERK]),
               gettext_lazy("%(unit)s sent %(round)s"),
               reverse("collection:submission", args=[submission.pk]), email=False,
               params={"unit": submission.unit.name, "round": str(submission.round)})
    return submission


def _make_official(submission: Submission, official: bool) -> int:
    """The report's values join the committee's figures (sent) or leave them (returned), in the
    caller's transaction; the apps that keep figures of them are told (signals.official_changed)."""
    values = DataValue.objects.filter(submission=submission).exclude(official=official)
    keys = {(i, u, start.year) for i, u, start in values.filter(
        column="actual", period_kind="month").values_list("indicator_id", "unit_id",
                                                           "period_start")}
    changed = values.update(official=official)
    if keys:
        official_changed.send(sender=DataValue, keys=keys)
    return changed


def receive(submission: Submission, actor) -> Submission:
    """The clerk registers the sent report as received."""
    access.require(access.can_receive_submissions(actor))
    with transaction.atomic():
        submission = _locked(submission)
        _require_round_open(submission)
        if submission.state != State.SENT:
            raise ValidationError(_("Only a sent report can be received."))
        submission.state = State.RECEIVED
        submission.received_by, submission.received_at = actor, timezone.now()
        submission.save(update_fields=["state", "received_by", "received_at", "updated_at"])
        record("submission.receive", submission, actor=actor)
    return submission


def return_submission(submission: Submission, reason: str, actor) -> Submission:
    """Send a report back for correction, with the reason; the unit can edit it again."""
    access.require(access.can_receive_submissions(actor))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the report.")})
    with transaction.atomic():
        submission = _locked(submission)
        _require_round_open(submission)
        if submission.state not in (State.SENT, State.RECEIVED):
            raise ValidationError(_("Only a sent or received report can be returned."))
        submission.state, submission.return_reason = State.RETURNED, reason.strip()
        submission.returned_at, submission.approved_by, submission.approved_at = \
            timezone.now(), None, None
        submission.received_by, submission.received_at = None, None
        submission.save(update_fields=["state", "return_reason", "returned_at", "approved_by",
                                       "approved_at", "received_by", "received_at",
                                       "updated_at"])
        _make_official(submission, False)
        record("submission.return", submission, actor=actor, details={"reason": reason.strip()})
        notify(access.people_of(submission.unit, [Role.REPORTER, Role.HEAD]),
               gettext_lazy("Returned for correction: %(round)s"),
               reverse("collection:submission", args=[submission.pk]), body=reason.strip(),
               params={"round": str(submission.round)})
    return submission


def record_paper_copy(submission: Submission, day: date, actor) -> Submission:
    """The clerk records the day the signed paper copy arrived."""
    access.require(access.can_receive_submissions(actor))
    if day > timezone.localdate():
        raise ValidationError({"day": _("The paper copy cannot arrive in the future.")})
    with transaction.atomic():
        submission = _locked(submission)
        _require_round_open(submission)
        submission.paper_received_on, submission.paper_received_by = day, actor
        submission.save(update_fields=["paper_received_on", "paper_received_by", "updated_at"])
        record("submission.paper_copy", submission, actor=actor, details={"day": day})
    return submission


SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png",
              b"\xff\xd8\xff": "image/jpeg"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_IMAGE_PIXELS = 60_000_000  # an A3 page scanned at 600 dpi


def check_upload(upload, signatures=SIGNATURES, refusal: str = "") -> str:
    """The content type of an uploaded file, known by its first bytes and confirmed by parsing
    it as that (a PDF by pypdf, an image by Pillow), within the size limit; a PDF carrying
    JavaScript, launch actions or embedded files is refused.  Raises a ValidationError at the
    field `file` otherwise."""
    limit = settings.BAOCAO_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.")
                               % {"mb": limit // (1024 * 1024)}})
    head = upload.read(16)
    upload.seek(0)
    content_type = next((t for sig, t in signatures.items() if head.startswith(sig)), None)
    if content_type is None:
        raise ValidationError({"file": refusal or _(
            "Only PDF, PNG or JPEG files can be attached.")})
    data = upload.read()
    upload.seek(0)
    if content_type == "application/pdf":
        _check_pdf(data)
    else:
        _check_image(data, PILLOW_FORMATS[content_type])
    return content_type


def _check_pdf(data: bytes) -> None:
    from baocao.lib import pdfcheck

    try:
        _pages, active = pdfcheck.inspect(data)
    except pdfcheck.NotPdf:
        raise ValidationError({"file": _("The file starts like a PDF but is not a readable PDF "
                                         "document.")}) from None
    if active:
        raise ValidationError({"file": _(
            "The PDF carries scripts or embedded files (%(what)s); such files are not kept. "
            "Print it to a plain PDF, or scan the paper copy, and attach that.")
            % {"what": ", ".join(active)}})


def _check_image(data: bytes, expected: str) -> None:
    import io
    import warnings

    from PIL import Image

    unreadable = ValidationError({"file": _("The file is not a readable %(kind)s image.")
                                  % {"kind": expected}})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise unreadable
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError({"file": _("The image is too large (%(w)d × %(h)d "
                                                     "pixels).") % {"w": width, "h": height}})
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, MemoryError):
        raise unreadable from None


def add_attachment(submission: Submission, upload, actor,
                   kind: str = Attachment.Kind.PAPER_COPY) -> Attachment:
    """Attach a scanned paper copy (PDF, PNG or JPEG, size-limited)."""
    access.require(access.can_edit_submission(actor, submission))
    content_type = check_upload(upload)
    with transaction.atomic():
        submission = _locked(submission)
        if submission.state == State.RECEIVED:
            raise ValidationError(_("The report is received; ask the clerk to return it first."))
        attachment = Attachment.objects.create(
            submission=submission, kind=kind, file=upload, name=upload.name[:255],
            size=upload.size, content_type=content_type, uploaded_by=actor)
        record("attachment.create", attachment, actor=actor,
               details={"submission": submission.pk, "name": attachment.name,
                        "size": attachment.size})
    return attachment


"""Every change of the quality registers (QT.07 §5.1.2 a–b): one function each, in a
transaction, the entry's row locked where two people could act on it at once, with an audit event
in the same transaction.  Bad input raises a ValidationError naming the field, and changes
nothing.

    objectives      create · record a result (typed, or from its indicator) · withdraw
    erroneous docs  record · correct
    CAPA            open (directly, or from an entry) · complete · check its effectiveness
    request probs   record · resolve
    workload        save a period's counts (entered or imported)
    audits          plan · record a finding (a nonconformity opens a CAPA) · complete · cancel
    incidents       record · repair
    complaints      record · explain
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.catalogue.periods import Period, PeriodError
from baocao.lib.numbers import format_vn, parse_vn_number
from baocao.organisation import access
from baocao.organisation.models import Role

from .models import (
    AuditFinding,
    Capa,
    Complaint,
    DocumentError,
    EquipmentIncident,
    InternalAudit,
    ObjectiveResult,
    QualityObjective,
    RequestProblem,
    WorkloadCount,
)
from .tell import tell

HEADS = [Role.HEAD]


# --- shared checks -------------------------------------------------------------------------------

def _text(value, field: str, *, required: bool = True, limit: int = 4000) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return text


def _past(day, field: str) -> date:
    if not isinstance(day, date):
        raise ValidationError({field: _("Give a date.")})
    if (day.date() if isinstance(day, datetime) else day) > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})
    return day


def _not_before(day, earlier: date, field: str, message: str) -> date:
    if not isinstance(day, date):
        raise ValidationError({field: _("Give a date.")})
    if day < earlier:
        raise ValidationError({field: message % {"day": earlier.strftime("%d/%m/%Y")}})
    return day


def _may_record(actor, unit):
    if not access.can_record_quality(actor, unit):
        raise PermissionDenied


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _period(text: str, field: str = "period") -> Period:
    try:
        period = Period.parse(text)
    except PeriodError as error:
        raise ValidationError({field: str(error)}) from None
    if period.kind == "ad_hoc":
        raise ValidationError({field: _("Choose a month, a quarter, a half year or a year.")})
    return period


def _tell_heads(unit, title, url: str, body: str = "", **params):
    tell(access.people_of(unit, HEADS), title, url, body, **params)


# --- quality objectives --------------------------------------------------------------------------

def create_objective(*, unit, year: int, title: str, measure: str, comparison: str, target,
                     actor, unit_of_measure: str = "", indicator=None) -> QualityObjective:
    _may_record(actor, unit)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year such as 2026.")})
    if comparison not in QualityObjective.Comparison.values:
        raise ValidationError({"comparison": _("Choose at least or at most.")})
    try:
        target = parse_vn_number(target)
    except ValueError:
        raise ValidationError({"target": _("Write a number, e.g. 95 or 1.234,5.")}) from None
    objective = QualityObjective(
        unit=unit, year=year, title=_text(title, "title", limit=300),
        measure=_text(measure, "measure", limit=300), comparison=comparison, target=target,
        unit_of_measure=_text(unit_of_measure, "unit_of_measure", required=False, limit=50),
        indicator=indicator, recorded_by=actor)
    with transaction.atomic():
        objective.save()
        record("qualityobjective.create", objective, actor=actor, details={
            "unit": unit.code, "year": year, "title": objective.title,
            "target": f"{objective.get_comparison_display()} {target}",
            "indicator": indicator.code if indicator else None})
    return objective


def indicator_value(objective: QualityObjective, period: Period) -> Decimal | None:
    """The result its indicator gives for the unit and period (the consolidated figure)."""
    from baocao.consolidation.engine import consolidate

    figures = consolidate([objective.indicator], period, objective.unit)
    return figures[0]["actual"] if figures else None


def record_result(objective: QualityObjective, *, period_text: str, actor, value=None,
                  note: str = "", from_indicator: bool = False) -> ObjectiveResult:
    """The objective's result for a period: typed, or taken from its indicator.  Recording a
    period's result again replaces it (both are on the record)."""
    _may_record(actor, objective.unit)
    period = _period(period_text)
    if period.end.year != objective.year:
        raise ValidationError({"period": _("Choose a period of %(year)d, the objective's year.")
                               % {"year": objective.year}})
    if period.start > timezone.localdate():
        raise ValidationError({"period": _("This period has not begun yet.")})
    if from_indicator:
        if objective.indicator is None:
            raise ValidationError({"value": _("This objective has no indicator to take its "
                                              "result from.")})
        found = indicator_value(objective, period)
        if found is None:
            raise ValidationError({"value": _("The indicator %(code)s has no figure for %(period)s "
                                              "yet.") % {"code": objective.indicator.code,
                                                         "period": period.label()}})
        value, source = found, ObjectiveResult.Source.INDICATOR
    else:
        try:
            value = parse_vn_number(value)
        except (ValueError, TypeError):
            raise ValidationError({"value": _("Write a number, e.g. 95 or 1.234,5.")}) from None
        source = ObjectiveResult.Source.ENTERED
    note = _text(note, "note", required=False, limit=500)
    with transaction.atomic():
        objective = _locked(QualityObjective, objective)
        if objective.state != QualityObjective.State.ACTIVE:
            raise ValidationError(_("This objective has been withdrawn."))
        result = ObjectiveResult.objects.filter(objective=objective, period=str(period)).first()
        old = result.value if result else None
        result = result or ObjectiveResult(objective=objective, period=str(period),
                                           period_start=period.start, period_end=period.end)
        result.value, result.met, result.source = value, objective.is_met_by(value), source
        result.note, result.recorded_by, result.recorded_at = note, actor, timezone.now()
        result.save()
        record("qualityobjective.result", objective, actor=actor, details={
            "period": str(period), "old": old, "new": value, "met": result.met,
            "source": source})
    return result


def withdraw_objective(objective: QualityObjective, reason: str, actor) -> QualityObjective:
    _may_record(actor, objective.unit)
    reason = _text(reason, "reason", limit=300)
    with transaction.atomic():
        objective = _locked(QualityObjective, objective)
        if objective.state != QualityObjective.State.ACTIVE:
            raise ValidationError(_("This objective has already been withdrawn."))
        objective.state, objective.withdrawn_reason = QualityObjective.State.WITHDRAWN, reason
        objective.save(update_fields=["state", "withdrawn_reason"])
        record("qualityobjective.withdraw", objective, actor=actor, details={"reason": reason})
    return objective


# --- erroneous documents -----------------------------------------------------------------------

def record_document_error(*, unit, document_title: str, error: str, found_by: str,
                          found_on: date, actor, document=None) -> DocumentError:
    _may_record(actor, unit)
    entry = DocumentError(
        unit=unit, document=document, recorded_by=actor,
        document_title=_text(document_title or (
            f"{document.reference} ngày {document.issued_on:%d/%m/%Y}: {document.summary}"
            if document else ""), "document_title", limit=300),
        error=_text(error, "error"), found_by=_text(found_by, "found_by", limit=200),
        found_on=_past(found_on, "found_on"))
    with transaction.atomic():
        entry.save()
        record("documenterror.create", entry, actor=actor, details={
            "unit": unit.code, "document": entry.document_title, "error": entry.error,
            "found_by": entry.found_by, "found_on": entry.found_on})
        _tell_heads(unit, gettext_lazy("Erroneous document recorded: %(doc)s"),
                    reverse("quality:document_error", args=[entry.pk]), entry.error,
                    doc=entry.document_title)
    return entry


def correct_document_error(entry: DocumentError, *, corrected_on: date, correction: str,
                           actor, corrected_document=None) -> DocumentError:
    _may_record(actor, entry.unit)
    correction = _text(correction, "correction")
    with transaction.atomic():
        entry = _locked(DocumentError, entry)
        if entry.state != DocumentError.State.OPEN:
            raise ValidationError(_("This document has already been corrected."))
        _past(corrected_on, "corrected_on")
        _not_before(corrected_on, entry.found_on, "corrected_on",
                    _("The correction cannot be before the error was found (%(day)s)."))
        entry.state, entry.corrected_on, entry.correction = (
            DocumentError.State.CORRECTED, corrected_on, correction)
        entry.corrected_by, entry.corrected_document = actor, corrected_document
        entry.save(update_fields=["state", "corrected_on", "correction", "corrected_by",
                                  "corrected_document"])
        record("documenterror.correct", entry, actor=actor, details={
            "corrected_on": corrected_on, "correction": correction,
            "corrected_document": corrected_document.reference if corrected_document else None})
    return entry


# --- corrective and preventive actions ---------------------------------------------------------

SOURCES = {
    Capa.Source.OBJECTIVE: QualityObjective,
    Capa.Source.DOCUMENT_ERROR: DocumentError,
    Capa.Source.REQUEST_PROBLEM: RequestProblem,
    Capa.Source.EQUIPMENT_INCIDENT: EquipmentIncident,
    Capa.Source.COMPLAINT: Complaint,
    Capa.Source.AUDIT_FINDING: AuditFinding,
}


def source_of(capa: Capa):
    """The entry a CAPA was opened from, or None."""
    if capa.source == Capa.Source.SUGGESTION:
        from .models import Suggestion

        return Suggestion.objects.filter(pk=capa.source_id).first()
    model = SOURCES.get(capa.source)
    return model.objects.filter(pk=capa.source_id).first() if model else None


def capas_from(entry) -> list[Capa]:
    source = {m: s for s, m in SOURCES.items()}.get(type(entry))
    if source is None:
        from .models import Suggestion

        source = Capa.Source.SUGGESTION if isinstance(entry, Suggestion) else None
    if source is None:
        return []
    return list(Capa.objects.filter(source=source, source_id=entry.pk).select_related(
        "responsible"))


def open_capa(*, unit, kind: str, problem: str, action: str, responsible, due_date: date,
              actor, cause: str = "", source: str = Capa.Source.DIRECT, source_id=None,
              check_access: bool = True) -> Capa:
    """Open a CAPA, directly or from an entry (its `source`); the person responsible is told."""
    if check_access:
        _may_record(actor, unit)
    if kind not in Capa.Kind.values:
        raise ValidationError({"kind": _("Choose corrective, preventive or improvement.")})
    if source not in Capa.Source.values or (source != Capa.Source.DIRECT and not source_id):
        raise ValidationError(_("Unknown source of the action."))
    if responsible is None or not responsible.is_active:
        raise ValidationError({"responsible": _("Choose who carries out the action.")})
    if not isinstance(due_date, date):
        raise ValidationError({"due_date": _("Give a date.")})
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    capa = Capa(unit=unit, kind=kind, problem=_text(problem, "problem"),
                cause=_text(cause, "cause", required=False), action=_text(action, "action"),
                responsible=responsible, due_date=due_date, source=source,
                source_id=source_id if source != Capa.Source.DIRECT else None,
                recorded_by=actor)
    with transaction.atomic():
        capa.save()
        record("capa.open", capa, actor=actor, details={
            "unit": unit.code, "kind": kind, "source": source, "source_id": capa.source_id,
            "responsible": responsible.get_username(), "due_date": due_date,
            "problem": capa.problem})
        tell([responsible], gettext_lazy("A %(kind)s is assigned to you, due %(due)s"),
             reverse("quality:capa", args=[capa.pk]), capa.action,
             kind=capa.get_kind_display().lower(), due=due_date.strftime("%d/%m/%Y"))
    return capa


def open_capa_from(entry, *, kind: str, problem: str, action: str, responsible, due_date,
                   actor, cause: str = "", check_access: bool = True) -> Capa:
    """A CAPA opened from a register entry (an objective not met, an erroneous document, a
    problem, an incident), a complaint or a suggestion."""
    from .models import Suggestion

    source = {m: s for s, m in SOURCES.items()}.get(type(entry))
    if isinstance(entry, Suggestion):
        source = Capa.Source.SUGGESTION
    if source is None:
        raise ValidationError(_("A CAPA cannot be opened from this entry."))
    return open_capa(unit=entry.unit, kind=kind, problem=problem, action=action,
                     responsible=responsible, due_date=due_date, actor=actor, cause=cause,
                     source=source, source_id=entry.pk, check_access=check_access)


def complete_capa(capa: Capa, *, done_on: date, done_note: str, actor) -> Capa:
    """Who carried it out says what was done; its effectiveness is checked next."""
    if not access.can_complete_capa(actor, capa):
        raise PermissionDenied
    done_note = _text(done_note, "done_note")
    with transaction.atomic():
        capa = _locked(Capa, capa)
        if capa.state != Capa.State.OPEN:
            raise ValidationError(_("Only an open action can be reported done."))
        _past(done_on, "done_on")
        _not_before(done_on, timezone.localdate(capa.recorded_at), "done_on",
                    _("It cannot be done before it was opened (%(day)s)."))
        capa.state, capa.done_on, capa.done_note = Capa.State.DONE, done_on, done_note
        capa.save(update_fields=["state", "done_on", "done_note"])
        record("capa.complete", capa, actor=actor, details={"done_on": done_on,
                                                            "done_note": done_note})
        _tell_heads(capa.unit, gettext_lazy("Check the effectiveness of %(capa)s"),
                    reverse("quality:capa", args=[capa.pk]), done_note, capa=str(capa))
    return capa


def check_capa(capa: Capa, *, effective: bool, note: str, actor, checked_on=None) -> Capa:
    """The effectiveness check, by someone other than whoever carried it out: effective closes
    the action; not effective opens it again, with the reason, for the same person."""
    if not access.can_check_effectiveness(actor, capa):
        raise PermissionDenied
    note = _text(note, "check_note")
    checked_on = checked_on or timezone.localdate()
    with transaction.atomic():
        capa = _locked(Capa, capa)
        if capa.state != Capa.State.DONE:
            raise ValidationError(_("Only an action reported done can be checked."))
        if capa.responsible_id == actor.pk:
            raise ValidationError(_("Whoever carried out the action cannot check its "
                                    "effectiveness."))
        capa.checked_by, capa.checked_on, capa.check_note = actor, checked_on, note
        capa.effective = bool(effective)
        if effective:
            capa.state = Capa.State.CLOSED
        else:
            capa.state, capa.done_on = Capa.State.OPEN, None
        capa.save(update_fields=["state", "done_on", "checked_by", "checked_on", "effective",
                                 "check_note"])
        record("capa.check", capa, actor=actor, details={"effective": capa.effective,
                                                         "note": note})
        if not effective:
            tell([capa.responsible], gettext_lazy("%(capa)s was not effective: it is open again"),
                 reverse("quality:capa", args=[capa.pk]), note, capa=str(capa))
    return capa


# --- problems in handling requests -------------------------------------------------------------

def record_problem(*, unit, occurred_on: date, kind: str, description: str, actor,
                   procedure: str = "", case_reference: str = "") -> RequestProblem:
    _may_record(actor, unit)
    if kind not in RequestProblem.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of problem.")})
    problem = RequestProblem(
        unit=unit, occurred_on=_past(occurred_on, "occurred_on"), kind=kind,
        procedure=_text(procedure, "procedure", required=False, limit=300),
        case_reference=_text(case_reference, "case_reference", required=False, limit=100),
        description=_text(description, "description"), recorded_by=actor)
    with transaction.atomic():
        problem.save()
        record("requestproblem.create", problem, actor=actor, details={
            "unit": unit.code, "kind": kind, "occurred_on": occurred_on,
            "case": problem.case_reference, "description": problem.description})
    return problem


def resolve_problem(problem: RequestProblem, *, resolution: str, resolved_on: date,
                    actor) -> RequestProblem:
    _may_record(actor, problem.unit)
    resolution = _text(resolution, "resolution")
    with transaction.atomic():
        problem = _locked(RequestProblem, problem)
        if problem.state != RequestProblem.State.OPEN:
            raise ValidationError(_("This problem has already been resolved."))
        _past(resolved_on, "resolved_on")
        _not_before(resolved_on, problem.occurred_on, "resolved_on",
                    _("It cannot be resolved before it happened (%(day)s)."))
        problem.state, problem.resolution = RequestProblem.State.RESOLVED, resolution
        problem.resolved_on, problem.resolved_by = resolved_on, actor
        problem.save(update_fields=["state", "resolution", "resolved_on", "resolved_by"])
        record("requestproblem.resolve", problem, actor=actor, details={
            "resolved_on": resolved_on, "resolution": resolution})
    return problem


# --- incoming documents handled, records filed -------------------------------------------------

def _count(value, field: str) -> int:
    try:
        number = parse_vn_number(value)
    except (ValueError, TypeError):
        raise ValidationError({field: _("Write a whole number.")}) from None
    if number < 0 or number != number.to_integral_value() or number > 10_000_000:
        raise ValidationError({field: _("Write a whole number from 0.")})
    return int(number)


def save_workload(*, unit, period_text: str, documents_received, documents_handled,
                  records_filed, actor, source: str = WorkloadCount.Source.ENTERED,
                  check_access: bool = True) -> tuple[WorkloadCount, str | None]:
    """A period's counts, entered (or imported); saving again replaces them (on the record).
    Returns the row and what happened: "create", "update" or None (nothing changed)."""
    if check_access:
        _may_record(actor, unit)
    period = _period(period_text)
    if period.start > timezone.localdate():
        raise ValidationError({"period": _("This period has not begun yet.")})
    received = _count(documents_received, "documents_received")
    handled = _count(documents_handled, "documents_handled")
    filed = _count(records_filed, "records_filed")
    if handled > received:
        raise ValidationError({"documents_handled": _(
            "The documents handled (%(h)s) cannot be more than those received (%(r)s).") % {
            "h": format_vn(handled), "r": format_vn(received)}})
    with transaction.atomic():
        row = WorkloadCount.objects.select_for_update().filter(unit=unit,
                                                               period=str(period)).first()
        old = None
        if row is not None:
            old = [row.documents_received, row.documents_handled, row.records_filed]
            if old == [received, handled, filed]:
                return row, None
        row = row or WorkloadCount(unit=unit, period=str(period), period_kind=period.kind,
                                   period_start=period.start, period_end=period.end)
        row.documents_received, row.documents_handled, row.records_filed = (received, handled,
                                                                            filed)
        row.source, row.recorded_by, row.recorded_at = source, actor, timezone.now()
        row.save()
        record("workloadcount.save", row, actor=actor, details={
            "unit": unit.code, "period": str(period), "old": old,
            "new": [received, handled, filed], "source": source})
    return row, ("update" if old else "create")


# --- internal audits -----------------------------------------------------------------------------

def plan_audit(*, committee, title: str, planned_on: date, scope: str, units, auditors,
               actor) -> InternalAudit:
    """The ISO secretary puts an audit in the plan: when, what, which units, who audits."""
    if not access.can_manage_quality(actor):
        raise PermissionDenied
    units, auditors = list(units), list(auditors)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit to audit.")})
    if not auditors:
        raise ValidationError({"auditors": _("Choose at least one auditor.")})
    if any(not u.is_within(committee) for u in units):
        raise ValidationError({"units": _("Choose units of the committee.")})
    if not isinstance(planned_on, date):
        raise ValidationError({"planned_on": _("Give a date.")})
    audit = InternalAudit(committee=committee, title=_text(title, "title", limit=300),
                          planned_on=planned_on, scope=_text(scope, "scope"), recorded_by=actor)
    with transaction.atomic():
        audit.save()
        audit.units.set(units)
        audit.auditors.set(auditors)
        record("internalaudit.plan", audit, actor=actor, details={
            "title": audit.title, "planned_on": planned_on, "units": [u.code for u in units],
            "auditors": [a.get_username() for a in auditors]})
        day = planned_on.strftime("%d/%m/%Y")
        tell(auditors, gettext_lazy("You audit: %(audit)s on %(day)s"),
             reverse("quality:audit", args=[audit.pk]), audit.scope, audit=audit.title, day=day)
        for unit in units:
            _tell_heads(unit, gettext_lazy("Internal audit of your unit on %(day)s: %(audit)s"),
                        reverse("quality:audit", args=[audit.pk]), audit.scope, day=day,
                        audit=audit.title)
    return audit


def _may_audit(actor, audit):
    if not (access.can_manage_quality(actor)
            or audit.auditors.filter(pk=actor.pk).exists()):
        raise PermissionDenied


def record_finding(audit: InternalAudit, *, unit, kind: str, description: str, actor,
                   clause: str = "", responsible=None, due_date=None, action: str = "",
                   cause: str = "") -> AuditFinding:
    """A finding of the audit in one of its units; a nonconformity opens its CAPA at once
    (who, what, by when are then required)."""
    _may_audit(actor, audit)
    if kind not in AuditFinding.Kind.values:
        raise ValidationError({"kind": _("Choose nonconformity or observation.")})
    description = _text(description, "description")
    with transaction.atomic():
        audit = _locked(InternalAudit, audit)
        if audit.state == InternalAudit.State.CANCELLED:
            raise ValidationError(_("This audit was cancelled."))
        if not audit.units.filter(pk=unit.pk).exists():
            raise ValidationError({"unit": _("This unit is not in the audit's scope.")})
        finding = AuditFinding(audit=audit, unit=unit, kind=kind, description=description,
                               clause=_text(clause, "clause", required=False, limit=50),
                               recorded_by=actor)
        finding.save()
        if kind == AuditFinding.Kind.NONCONFORMITY:
            finding.capa = open_capa(
                unit=unit, kind=Capa.Kind.CORRECTIVE, problem=description, cause=cause,
                action=action, responsible=responsible, due_date=due_date, actor=actor,
                source=Capa.Source.AUDIT_FINDING, source_id=finding.pk, check_access=False)
            finding.save(update_fields=["capa"])
        record("auditfinding.create", audit, actor=actor, details={
            "finding": finding.pk, "unit": unit.code, "kind": kind, "clause": finding.clause,
            "description": description, "capa": finding.capa_id})
    return finding


def complete_audit(audit: InternalAudit, *, held_on: date, summary: str,
                   actor) -> InternalAudit:
    _may_audit(actor, audit)
    summary = _text(summary, "summary")
    with transaction.atomic():
        audit = _locked(InternalAudit, audit)
        if audit.state != InternalAudit.State.PLANNED:
            raise ValidationError(_("Only a planned audit can be marked held."))
        audit.held_on = _past(held_on, "held_on")
        audit.state, audit.summary = InternalAudit.State.DONE, summary
        audit.save(update_fields=["state", "held_on", "summary"])
        record("internalaudit.complete", audit, actor=actor, details={
            "held_on": held_on, "summary": summary, "findings": audit.findings.count()})
    return audit


def cancel_audit(audit: InternalAudit, reason: str, actor) -> InternalAudit:
    if not access.can_manage_quality(actor):
        raise PermissionDenied
    reason = _text(reason, "reason", limit=300)
    with transaction.atomic():
        audit = _locked(InternalAudit, audit)
        if audit.state != InternalAudit.State.PLANNED:
            raise ValidationError(_("Only a planned audit can be cancelled."))
        if audit.findings.exists():
            raise ValidationError(_("This audit already has findings; mark it held instead."))
        audit.state, audit.cancelled_reason = InternalAudit.State.CANCELLED, reason
        audit.save(update_fields=["state", "cancelled_reason"])
        record("internalaudit.cancel", audit, actor=actor, details={"reason": reason})
    return audit


# --- equipment incidents -----------------------------------------------------------------------

def record_incident(*, unit, equipment: str, occurred_at: datetime, effect: str,
                    actor) -> EquipmentIncident:
    _may_record(actor, unit)
    if not isinstance(occurred_at, datetime):
        raise ValidationError({"occurred_at": _("Give the date and time.")})
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("This date cannot be in the future.")})
    incident = EquipmentIncident(unit=unit, equipment=_text(equipment, "equipment", limit=200),
                                 occurred_at=occurred_at, effect=_text(effect, "effect"),
                                 recorded_by=actor)
    with transaction.atomic():
        incident.save()
        record("equipmentincident.create", incident, actor=actor, details={
            "unit": unit.code, "equipment": incident.equipment, "occurred_at": occurred_at,
            "effect": incident.effect})
    return incident


def record_repair(incident: EquipmentIncident, *, repaired_on: date, repair: str,
                  repaired_by: str, actor) -> EquipmentIncident:
    _may_record(actor, incident.unit)
    repair = _text(repair, "repair")
    repaired_by = _text(repaired_by, "repaired_by", limit=200)
    with transaction.atomic():
        incident = _locked(EquipmentIncident, incident)
        if incident.state != EquipmentIncident.State.REPORTED:
            raise ValidationError(_("This incident has already been repaired."))
        _past(repaired_on, "repaired_on")
        _not_before(repaired_on, timezone.localdate(incident.occurred_at), "repaired_on",
                    _("The repair cannot be before the incident (%(day)s)."))
        incident.state, incident.repaired_on = EquipmentIncident.State.REPAIRED, repaired_on
        incident.repair, incident.repaired_by = repair, repaired_by
        incident.save(update_fields=["state", "repaired_on", "repair", "repaired_by"])
        record("equipmentincident.repair", incident, actor=actor, details={
            "repaired_on": repaired_on, "repair": repair, "repaired_by": repaired_by})
    return incident


# --- complaints ----------------------------------------------------------------------------------

def record_complaint(*, unit, received_on: date, subject: str, explanation_due: date, actor,
                     complainant: str = "") -> Complaint:
    """A complaint about a department; its head is asked for the explanation by the deadline."""
    _may_record(actor, unit)
    _past(received_on, "received_on")
    _not_before(explanation_due, received_on, "explanation_due",
                _("The deadline cannot be before the complaint was received (%(day)s)."))
    complaint = Complaint(unit=unit, received_on=received_on, subject=_text(subject, "subject"),
                          complainant=_text(complainant, "complainant", required=False,
                                            limit=200),
                          explanation_due=explanation_due, recorded_by=actor)
    with transaction.atomic():
        complaint.save()
        record("complaint.create", complaint, actor=actor, details={
            "unit": unit.code, "received_on": received_on, "due": explanation_due,
            "subject": complaint.subject})
        _tell_heads(unit, gettext_lazy("Complaint to explain by %(due)s"),
                    reverse("quality:complaint", args=[complaint.pk]), complaint.subject,
                    due=explanation_due.strftime("%d/%m/%Y"))
    return complaint


def record_explanation(complaint: Complaint, *, explained_on: date, explanation: str,
                       actor) -> Complaint:
    """The department's explanation (giải trình); on time when by the deadline."""
    if not access.is_head_of(actor, complaint.unit) and not access.can_manage_quality(actor):
        raise PermissionDenied
    explanation = _text(explanation, "explanation")
    with transaction.atomic():
        complaint = _locked(Complaint, complaint)
        if complaint.state != Complaint.State.RECEIVED:
            raise ValidationError(_("This complaint has already been explained."))
        _past(explained_on, "explained_on")
        _not_before(explained_on, complaint.received_on, "explained_on",
                    _("The explanation cannot be before the complaint (%(day)s)."))
        complaint.state, complaint.explained_on = Complaint.State.EXPLAINED, explained_on
        complaint.explanation, complaint.explained_by = explanation, actor
        complaint.save(update_fields=["state", "explained_on", "explanation", "explained_by"])
        record("complaint.explain", complaint, actor=actor, details={
            "explained_on": explained_on, "on_time": complaint.on_time,
            "explanation": explanation})
    return complaint

"""What the register pages show and offer: for each register, its list's columns, an entry's
fields, the form that records an entry and the state changes it offers (each calling one function
of registers.py).  The views (views.py) read these; nothing here writes."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.lib.numbers import format_vn
from baocao.organisation import access

from . import forms, registers
from .models import (
    Capa,
    Complaint,
    DocumentError,
    EquipmentIncident,
    InternalAudit,
    QualityObjective,
    RequestProblem,
    WorkloadCount,
)


def d(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def who(user) -> str:
    return user.display_name if user else "—"


@dataclass
class Action:
    name: str
    label: object
    form: type
    run: Callable  # (entry, cleaned data, actor) → entry
    allowed: Callable  # (user, entry) → bool
    states: tuple = ()
    setup: Callable | None = None  # (form, entry, committee)
    danger: bool = False


@dataclass
class Register:
    slug: str
    title: object
    entry_title: object
    model: type
    detail: str  # URL name of an entry
    form: type | None
    create: Callable | None  # (cleaned data, unit, actor) → entry
    columns: list  # [(label, entry → text)]
    fields: Callable  # entry → [(label, text)]
    day_field: str  # the date a year's filter uses
    actions: list = field(default_factory=list)
    capa_source: bool = False
    setup: Callable | None = None  # (form, unit, committee) for the create form
    link_column: int = 1  # the column that links to the entry

    def list_url(self, unit) -> str:
        return reverse(f"quality:{self.slug}_list", args=[unit.code])


def _record_here(user, entry) -> bool:
    return access.can_record_quality(user, entry.unit)


def _capa_setup(form, entry, committee):
    form.set_people(committee)
    form.fields.pop("unit", None)


CAPA_ACTION = Action(
    "capa", _("Open a corrective or preventive action"), forms.CapaForm,
    lambda entry, data, actor: registers.open_capa_from(
        entry, kind=data["kind"], problem=data["problem"], action=data["action"],
        responsible=data["responsible"], due_date=data["due_date"], actor=actor,
        cause=data["cause"]),
    _record_here, setup=_capa_setup)


def _people_setup(form, unit, committee):
    form.set_people(committee)


# --- the registers -------------------------------------------------------------------------------

def number(value) -> str:
    """1234.50 → "1.234,5"; 95.000000 → "95"."""
    text = format_vn(value, 6)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _objective_target(o) -> str:
    return f"{'≥' if o.comparison == 'at_least' else '≤'} {number(o.target)} " \
           f"{o.unit_of_measure}".strip()


def _latest_result(o) -> str:
    result = o.results.order_by("-period_end").first()
    if result is None:
        return "—"
    return f"{number(result.value)} ({result.period_label}) · " + (
        str(_("met")) if result.met else str(_("not met")))


def _objective_fields(o):
    return [(_("Unit"), o.unit.name), (_("Year"), str(o.year)), (_("Objective"), o.title),
            (_("How it is measured"), o.measure), (_("Target"), _objective_target(o)),
            (_("Result from the indicator"), str(o.indicator) if o.indicator else "—"),
            (_("State"), o.get_state_display())] + (
        [(_("Reason for the withdrawal"), o.withdrawn_reason)] if o.withdrawn_reason else []
    ) + [(_("Recorded by"), f"{who(o.recorded_by)}, {d(o.recorded_at)}")]


OBJECTIVES = Register(
    "objective", _("Quality objectives"), _("Quality objective"), QualityObjective,
    "quality:objective", forms.ObjectiveForm,
    lambda data, unit, actor: registers.create_objective(
        unit=unit, year=data["year"], title=data["title"], measure=data["measure"],
        comparison=data["comparison"], target=data["target"],
        unit_of_measure=data["unit_of_measure"], indicator=data["indicator"], actor=actor),
    [(_("Year"), lambda o: str(o.year)), (_("Objective"), lambda o: o.title),
     (_("Target"), _objective_target),
     (_("Latest result"), _latest_result)],
    _objective_fields, "recorded_at",
    actions=[
        Action("result", _("Record a result"), forms.ResultForm,
               lambda o, data, actor: registers.record_result(
                   o, period_text=data["period"], value=data["value"], note=data["note"],
                   from_indicator=data["from_indicator"], actor=actor),
               _record_here, (QualityObjective.State.ACTIVE,)),
        Action("withdraw", _("Withdraw the objective"), forms.ReasonForm,
               lambda o, data, actor: registers.withdraw_objective(o, data["reason"], actor),
               _record_here, (QualityObjective.State.ACTIVE,), danger=True),
    ],
    capa_source=True)

DOCUMENT_ERRORS = Register(
    "document_error", _("Erroneous documents"), _("Erroneous document"), DocumentError,
    "quality:document_error", forms.DocumentErrorForm,
    lambda data, unit, actor: registers.record_document_error(
        unit=unit, document_title=data["document_title"], document=data["document"],
        error=data["error"], found_by=data["found_by"], found_on=data["found_on"], actor=actor),
    [(_("Found on"), lambda e: d(e.found_on)), (_("Document"), lambda e: e.document_title),
     (_("What is wrong"), lambda e: e.error[:120]),
     (_("Corrected on"), lambda e: d(e.corrected_on))],
    lambda e: [(_("Unit"), e.unit.name), (_("Document"), e.document_title),
               (_("What is wrong"), e.error), (_("Found by"), e.found_by),
               (_("Found on"), d(e.found_on)), (_("State"), e.get_state_display()),
               (_("Corrected on"), d(e.corrected_on)),
               (_("How it was corrected"), e.correction or "—"),
               (_("The corrected document, if ours"),
                e.corrected_document.reference if e.corrected_document else "—"),
               (_("Corrected by"), who(e.corrected_by)),
               (_("Recorded by"), f"{who(e.recorded_by)}, {d(e.recorded_at)}")],
    "found_on",
    actions=[Action("correct", _("Record the correction"), forms.CorrectionForm,
                    lambda e, data, actor: registers.correct_document_error(
                        e, corrected_on=data["corrected_on"], correction=data["correction"],
                        corrected_document=data["corrected_document"], actor=actor),
                    _record_here, (DocumentError.State.OPEN,))],
    capa_source=True)


def _capa_source(c) -> str:
    source = registers.source_of(c)
    return f"{c.get_source_display()}: {source}" if source else c.get_source_display()


CAPAS = Register(
    "capa", _("Corrective and preventive actions"), _("Corrective or preventive action"), Capa,
    "quality:capa", forms.CapaForm,
    lambda data, unit, actor: registers.open_capa(
        unit=unit, kind=data["kind"], problem=data["problem"], cause=data["cause"],
        action=data["action"], responsible=data["responsible"], due_date=data["due_date"],
        actor=actor),
    [(_("Opened on"), lambda c: d(timezone.localdate(c.recorded_at))),
     (_("Kind"), lambda c: c.get_kind_display()), (_("The action"), lambda c: c.action[:100]),
     (_("Who carries it out"), lambda c: who(c.responsible)),
     (_("Due by"), lambda c: d(c.due_date) + (" ⚠" if c.is_overdue() else ""))],
    lambda c: [(_("Unit"), c.unit.name), (_("Kind"), c.get_kind_display()),
               (_("Opened from"), _capa_source(c)), (_("The problem"), c.problem),
               (_("Its cause"), c.cause or "—"), (_("The action"), c.action),
               (_("Who carries it out"), who(c.responsible)), (_("Due by"), d(c.due_date)),
               (_("State"), c.get_state_display()), (_("Done on"), d(c.done_on)),
               (_("What was done"), c.done_note or "—"),
               (_("Effectiveness checked by"),
                f"{who(c.checked_by)}, {d(c.checked_on)}" if c.checked_by else "—"),
               (_("The check"), c.check_note or "—"),
               (_("Opened by"), f"{who(c.recorded_by)}, {d(c.recorded_at)}")],
    "recorded_at",
    actions=[
        Action("complete", _("Report it done"), forms.CompleteForm,
               lambda c, data, actor: registers.complete_capa(
                   c, done_on=data["done_on"], done_note=data["done_note"], actor=actor),
               access.can_complete_capa, (Capa.State.OPEN,)),
        Action("check", _("Check its effectiveness"), forms.CheckForm,
               lambda c, data, actor: registers.check_capa(
                   c, effective=data["effective"], note=data["check_note"], actor=actor),
               access.can_check_effectiveness, (Capa.State.DONE,)),
    ],
    setup=_people_setup, link_column=2)

PROBLEMS = Register(
    "problem", _("Problems in handling requests"), _("Problem in handling a request"),
    RequestProblem, "quality:problem", forms.ProblemForm,
    lambda data, unit, actor: registers.record_problem(
        unit=unit, occurred_on=data["occurred_on"], kind=data["kind"],
        procedure=data["procedure"], case_reference=data["case_reference"],
        description=data["description"], actor=actor),
    [(_("On"), lambda p: d(p.occurred_on)), (_("Kind"), lambda p: p.get_kind_display()),
     (_("File number"), lambda p: p.case_reference or "—"),
     (_("What happened"), lambda p: p.description[:120])],
    lambda p: [(_("Unit"), p.unit.name), (_("On"), d(p.occurred_on)),
               (_("Kind"), p.get_kind_display()),
               (_("Administrative procedure"), p.procedure or "—"),
               (_("File number"), p.case_reference or "—"),
               (_("What happened"), p.description), (_("State"), p.get_state_display()),
               (_("How it was resolved"), p.resolution or "—"),
               (_("Resolved on"), d(p.resolved_on)), (_("Resolved by"), who(p.resolved_by)),
               (_("Recorded by"), f"{who(p.recorded_by)}, {d(p.recorded_at)}")],
    "occurred_on",
    actions=[Action("resolve", _("Record how it was resolved"), forms.ResolveForm,
                    lambda p, data, actor: registers.resolve_problem(
                        p, resolution=data["resolution"], resolved_on=data["resolved_on"],
                        actor=actor),
                    _record_here, (RequestProblem.State.OPEN,))],
    capa_source=True)

WORKLOAD = Register(
    "workload", _("Documents handled and records filed"),
    _("Documents handled and records filed"),
    WorkloadCount, "", forms.WorkloadForm,
    lambda data, unit, actor: registers.save_workload(
        unit=unit, period_text=data["period"], documents_received=data["documents_received"],
        documents_handled=data["documents_handled"], records_filed=data["records_filed"],
        actor=actor)[0],
    [(_("Period"), lambda w: w.period_label),
     (_("Incoming documents received"), lambda w: format_vn(w.documents_received)),
     (_("Incoming documents handled"), lambda w: format_vn(w.documents_handled)),
     (_("Records filed"), lambda w: format_vn(w.records_filed)),
     (_("Source"), lambda w: f"{w.get_source_display()} · {who(w.recorded_by)}")],
    lambda w: [], "period_start")

INCIDENTS = Register(
    "incident", _("Equipment incidents"), _("Equipment incident"), EquipmentIncident,
    "quality:incident", forms.IncidentForm,
    lambda data, unit, actor: registers.record_incident(
        unit=unit, equipment=data["equipment"], occurred_at=data["occurred_at"],
        effect=data["effect"], actor=actor),
    [(_("When"), lambda i: d(i.occurred_at)), (_("Equipment"), lambda i: i.equipment),
     (_("Effect on the work"), lambda i: i.effect[:120]),
     (_("Repaired on"), lambda i: d(i.repaired_on))],
    lambda i: [(_("Unit"), i.unit.name), (_("Equipment"), i.equipment),
               (_("When"), d(i.occurred_at)), (_("Effect on the work"), i.effect),
               (_("State"), i.get_state_display()), (_("Repaired on"), d(i.repaired_on)),
               (_("Repair"), i.repair or "—"), (_("Repaired by"), i.repaired_by or "—"),
               (_("Recorded by"), f"{who(i.recorded_by)}, {d(i.recorded_at)}")],
    "occurred_at",
    actions=[Action("repair", _("Record the repair"), forms.RepairForm,
                    lambda i, data, actor: registers.record_repair(
                        i, repaired_on=data["repaired_on"], repair=data["repair"],
                        repaired_by=data["repaired_by"], actor=actor),
                    _record_here, (EquipmentIncident.State.REPORTED,))],
    capa_source=True)


def _may_explain(user, complaint) -> bool:
    return access.is_head_of(user, complaint.unit) or access.can_manage_quality(user)


def _on_time(c) -> str:
    if c.on_time is None:
        return "⚠ " + str(_("overdue")) if c.explanation_due < timezone.localdate() else "—"
    return str(_("on time")) if c.on_time else str(_("late"))


COMPLAINTS = Register(
    "complaint", _("Complaints and explanations"), _("Complaint"), Complaint,
    "quality:complaint", forms.ComplaintForm,
    lambda data, unit, actor: registers.record_complaint(
        unit=unit, received_on=data["received_on"], complainant=data["complainant"],
        subject=data["subject"], explanation_due=data["explanation_due"], actor=actor),
    [(_("Received on"), lambda c: d(c.received_on)),
     (_("The complaint"), lambda c: c.subject[:120]),
     (_("Explanation due by"), lambda c: d(c.explanation_due)),
     (_("Explained on"), lambda c: d(c.explained_on)), (_("Timeliness"), _on_time)],
    lambda c: [(_("Department concerned"), c.unit.name), (_("Received on"), d(c.received_on)),
               (_("Complainant"), c.complainant or "—"), (_("The complaint"), c.subject),
               (_("Explanation due by"), d(c.explanation_due)),
               (_("State"), c.get_state_display()), (_("Explained on"), d(c.explained_on)),
               (_("Timeliness"), _on_time(c)), (_("The explanation"), c.explanation or "—"),
               (_("Explained by"), who(c.explained_by)),
               (_("Recorded by"), f"{who(c.recorded_by)}, {d(c.recorded_at)}")],
    "received_on",
    actions=[Action("explain", _("Record the department's explanation"), forms.ExplanationForm,
                    lambda c, data, actor: registers.record_explanation(
                        c, explained_on=data["explained_on"], explanation=data["explanation"],
                        actor=actor),
                    _may_explain, (Complaint.State.RECEIVED,))],
    capa_source=True)

REGISTERS = {r.slug: r for r in (OBJECTIVES, DOCUMENT_ERRORS, CAPAS, PROBLEMS, WORKLOAD,
                                  INCIDENTS, COMPLAINTS)}


# --- internal audits (the committee's plan) ----------------------------------------------------

def _may_audit(user, audit) -> bool:
    return access.can_manage_quality(user) or audit.auditors.filter(pk=user.pk).exists()


AUDIT_ACTIONS = [
    Action("finding", _("Record a finding"), forms.FindingForm,
           lambda a, data, actor: registers.record_finding(
               a, unit=data["unit"], kind=data["kind"], clause=data["clause"],
               description=data["description"], cause=data["cause"], action=data["action"],
               responsible=data["responsible"], due_date=data["due_date"], actor=actor),
           _may_audit, (InternalAudit.State.PLANNED, InternalAudit.State.DONE),
           setup=lambda form, audit, committee: form.set_choices(audit, committee)),
    Action("complete", _("Mark the audit held"), forms.HeldForm,
           lambda a, data, actor: registers.complete_audit(
               a, held_on=data["held_on"], summary=data["summary"], actor=actor),
           _may_audit, (InternalAudit.State.PLANNED,)),
    Action("cancel", _("Cancel the audit"), forms.ReasonForm,
           lambda a, data, actor: registers.cancel_audit(a, data["reason"], actor),
           lambda user, audit: access.can_manage_quality(user),
           (InternalAudit.State.PLANNED,), danger=True),
]


def audit_fields(a) -> list:
    return [(_("Audit"), a.title), (_("Planned for"), d(a.planned_on)), (_("Scope"), a.scope),
            (_("Units audited"), ", ".join(u.name for u in a.units.all())),
            (_("Auditors"), ", ".join(who(u) for u in a.auditors.all())),
            (_("State"), a.get_state_display()), (_("Held on"), d(a.held_on)),
            (_("Conclusion"), a.summary or "—")] + (
        [(_("Reason for the cancellation"), a.cancelled_reason)] if a.cancelled_reason else []
    ) + [(_("Planned by"), f"{who(a.recorded_by)}, {d(a.recorded_at)}")]


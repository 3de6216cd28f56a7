"""The quality pages for signed-in people: the BM.07.01 figures of a unit, the registers, the
audit plan, the surveys, the suggestions, the management review.  Each view: the permission
check (organisation/access.py), one domain function, the answer."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.audit.models import Event
from baocao.audit.sentences import in_sentences
from baocao.catalogue.periods import Period, PeriodError
from baocao.collection.models import Round, Submission
from baocao.drafting import workflow
from baocao.drafting.models import Draft
from baocao.organisation import access
from baocao.organisation.models import OrgUnit

from . import builtin, completeness, pages, registers, reports, stats, suggestions, surveys
from . import forms as qforms
from .models import (
    Capa,
    DepartmentReport,
    InternalAudit,
    ManagementReview,
    SatisfactionSurvey,
    Suggestion,
    SurveyQuestion,
)
from .stats import in_scope


def _unit(request, code) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, code=code)
    access.require(access.can_view_quality(request.user, unit))
    return unit


def _period(request, default=None) -> Period:
    try:
        return Period.parse(request.GET["period"])
    except (KeyError, PeriodError):
        return default or completeness.last_month()


def _history(obj) -> list:
    return in_sentences(Event.objects.filter(object_type=obj._meta.label_lower,
                                             object_id=str(obj.pk)).select_related(
        "actor").order_by("seq"))


def _units_for_choice(user, unit) -> list | None:
    """The units an entry may be recorded for from this page: None (the page's own unit) on a
    department's page; on the committee's, the committee and its departments the user records
    for."""
    if not unit.is_committee:
        return None
    return [u for u in [unit, *reports.departments(unit)] if access.can_record_quality(user, u)]


# --- home and the BM.07.01 page ------------------------------------------------------------------

@login_required
def home(request):
    user = request.user
    access.require(access.can_suggest(user) or access.is_administrator(user))
    committee = access.committee()
    units = []
    if committee is not None:
        units = [u for u in [committee, *reports.departments(committee)]
                 if access.can_view_quality(user, u)]
        if not units:
            units = [m.unit for m in access.memberships(user)
                     if access.can_view_quality(user, m.unit)]
    return render(request, "quality/home.html", {
        "units": units, "committee": committee, "manages": access.can_manage_quality(user),
        "qmr": access.can_assign_suggestions(user),
        "sees_reviews": access.can_view_management_reviews(user),
        "public_suggest": reverse("public:suggest")})


@login_required
def unit_stats(request, code):
    """BM.07.01 for a unit and period, computed from the registers; for the committee, with its
    departments side by side; the period's report and the document it became."""
    unit = _unit(request, code)
    period = _period(request)
    values = stats.compute(unit, period)
    rnd = Round.objects.filter(form__code=builtin.FORM_CODE, period=str(period)).first()
    submission = rnd.submissions.filter(unit=unit).first() if rnd else None
    report = DepartmentReport.objects.filter(submission=submission).select_related(
        "draft").first() if submission else None
    can_draft = False
    if submission is not None and report is None and submission.state in (
            Submission.State.SENT, Submission.State.RECEIVED):
        regime = rnd.form.regime
        step = regime.steps.filter(code="draft1").first() or regime.steps.first()
        can_draft = step is not None and workflow.is_actor(
            Draft(regime=regime, lead_unit=unit, step=step), step, request.user)
    consolidated = None
    if unit.is_committee and rnd is not None:
        sent = rnd.submissions.filter(first_sent_at__isnull=False).count()
        consolidated = {"sent": sent, "expected": rnd.submissions.count(),
                        "draft": rnd.drafts.filter(corrects__isnull=True).first(),
                        "can_watch": access.can_watch_rounds(request.user)}
    departments = []
    if unit.is_committee:
        for department in reports.departments(unit):
            departments.append({"unit": department,
                                "values": stats.compute(department, period)})
    return render(request, "quality/unit.html", {
        "unit": unit, "period": period, "rows": stats.rows(values), "values": values,
        "round": rnd, "submission": submission, "report": report, "can_draft": can_draft,
        "departments": departments, "registers": pages.REGISTERS.values(),
        "consolidated": consolidated,
        "previous": period.previous(), "next": _next(period),
        "can_open_round": access.can_open_round(request.user),
    })


def _next(period: Period) -> Period | None:
    """The period after this one, if it has begun."""
    day = period.end + timedelta(days=1)
    following = {"month": lambda: Period("month", day.year, day.month),
                 "quarter": lambda: Period("quarter", day.year, (day.month - 1) // 3 + 1),
                 "half_year": lambda: Period("half_year", day.year, 1 if day.month <= 6 else 2),
                 "year": lambda: Period("year", day.year)}.get(period.kind)
    if following is None or day > timezone.localdate():
        return None
    return following()


@login_required
@require_POST
def report_draft(request, submission_id):
    """The department's sent BM.07.01 drafted into a document of the quality regime."""
    submission = get_object_or_404(Submission.objects.select_related(
        "round", "round__form", "unit"), pk=submission_id)
    access.require(access.can_view_quality(request.user, submission.unit))
    try:
        report = reports.department_draft(submission, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("quality:unit", args=[submission.unit.code])
                        + f"?period={submission.round.period}")
    messages.success(request, _("The report is drafted; it now follows the quality regime's "
                                "workflow."))
    return redirect("drafting:draft", report.draft_id)


# --- the registers -------------------------------------------------------------------------------

def _register_list(request, code, register):
    user = request.user
    unit = _unit(request, code)
    choices = _units_for_choice(user, unit)
    may_record = access.can_record_quality(user, unit) or bool(choices)
    form = None
    if register.form is not None and may_record:
        initial = {"year": timezone.localdate().year,
                   "period": str(completeness.last_month()), "unit": unit.pk}
        form = register.form(request.POST or None, initial=initial)
        form.set_units(choices)
        if register.setup:
            register.setup(form, unit, unit.committee())
    if request.method == "POST":
        access.require(form is not None)
        if form.is_valid():
            target = form.cleaned_data.get("unit") or unit
            access.require(access.can_record_quality(user, target))
            try:
                entry = register.create(form.cleaned_data, target, user)
            except ValidationError as error:
                form.add_errors(error)
            else:
                messages.success(request, _("Recorded."))
                if register.detail:
                    return redirect(register.detail, entry.pk)
                return redirect(register.list_url(unit))
    year = request.GET.get("year", "")
    entries = register.model.objects.filter(in_scope(unit)).select_related("unit")
    years = sorted({getattr(e, register.day_field).year for e in entries}, reverse=True)
    if year.isdigit():
        entries = entries.filter(**{f"{register.day_field}__year": int(year)})
    state = request.GET.get("state", "")
    states = getattr(register.model, "State", None)
    if state and states is not None and state in states.values:
        entries = entries.filter(state=state)
    rows = [{"entry": e, "url": reverse(register.detail, args=[e.pk]) if register.detail
             else "", "cells": [(fn(e), i == register.link_column)
                                for i, (_label, fn) in enumerate(register.columns)]}
            for e in entries[:500]]
    return render(request, "quality/register.html", {
        "register": register, "unit": unit, "rows": rows, "form": form, "years": years,
        "year": year, "state": state, "states": states.choices if states else [],
        "status_code": 400 if request.method == "POST" else 200,
    }, status=400 if request.method == "POST" else 200)


def _entry_or_404(register, entry_id):
    return get_object_or_404(register.model.objects.select_related("unit"), pk=entry_id)


def _action_forms(request, register_actions, entry, committee, bound=None):
    shown = []
    for action in register_actions:
        mine = bound is not None and bound[0] == action.name  # shown with its errors
        if not mine and action.states and entry.state not in action.states:
            continue
        if not mine and not action.allowed(request.user, entry):
            continue
        form = bound[1] if mine else action.form(prefix=action.name)
        if action.setup and not form.is_bound:
            action.setup(form, entry, committee)
        shown.append({"action": action, "form": form})
    return shown


def _entry_page(request, register, entry, bound=None, status=200, extra=None):
    committee = entry.unit.committee()
    actions = list(register.actions) + ([pages.CAPA_ACTION] if register.capa_source else [])
    return render(request, "quality/entry.html", {
        "register": register, "entry": entry, "unit": entry.unit,
        "fields": register.fields(entry),
        "actions": _action_forms(request, actions, entry, committee, bound),
        "capas": registers.capas_from(entry) if register.capa_source else [],
        "history": _history(entry), **(extra or {}),
    }, status=status)


def _entry(request, register, entry_id, extra=None):
    entry = _entry_or_404(register, entry_id)
    access.require(access.can_view_quality(request.user, entry.unit))
    return _entry_page(request, register, entry, extra=extra(entry) if extra else None)


def _act(request, register, entry_id, action_name, extra=None):
    if request.method != "POST":
        raise Http404
    entry = _entry_or_404(register, entry_id)
    access.require(access.can_view_quality(request.user, entry.unit))
    actions = list(register.actions) + ([pages.CAPA_ACTION] if register.capa_source else [])
    action = next((a for a in actions if a.name == action_name), None)
    if action is None:
        raise Http404
    access.require(action.allowed(request.user, entry))
    form = action.form(request.POST, prefix=action.name)
    if action.setup:
        action.setup(form, entry, entry.unit.committee())
    if form.is_valid():
        try:
            action.run(entry, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_errors(error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            return redirect(register.detail, entry.pk)
    entry.refresh_from_db()
    return _entry_page(request, register, entry, bound=(action.name, form), status=400,
                       extra=extra(entry) if extra else None)


def _results(objective):
    return {"results": objective.results.select_related("recorded_by").order_by("period_start")}


@login_required
def objective_list(request, code):
    return _register_list(request, code, pages.OBJECTIVES)


@login_required
def objective_detail(request, objective_id):
    return _entry(request, pages.OBJECTIVES, objective_id, _results)


@login_required
def objective_act(request, objective_id, action):
    return _act(request, pages.OBJECTIVES, objective_id, action, _results)


@login_required
def document_error_list(request, code):
    return _register_list(request, code, pages.DOCUMENT_ERRORS)


@login_required
def document_error_detail(request, error_id):
    return _entry(request, pages.DOCUMENT_ERRORS, error_id)


@login_required
def document_error_act(request, error_id, action):
    return _act(request, pages.DOCUMENT_ERRORS, error_id, action)


@login_required
def capa_list(request, code):
    return _register_list(request, code, pages.CAPAS)


@login_required
def capa_detail(request, capa_id):
    return _entry(request, pages.CAPAS, capa_id)


@login_required
def capa_act(request, capa_id, action):
    return _act(request, pages.CAPAS, capa_id, action)


@login_required
def problem_list(request, code):
    return _register_list(request, code, pages.PROBLEMS)


@login_required
def problem_detail(request, problem_id):
    return _entry(request, pages.PROBLEMS, problem_id)


@login_required
def problem_act(request, problem_id, action):
    return _act(request, pages.PROBLEMS, problem_id, action)


@login_required
def workload_list(request, code):
    return _register_list(request, code, pages.WORKLOAD)


@login_required
def incident_list(request, code):
    return _register_list(request, code, pages.INCIDENTS)


@login_required
def incident_detail(request, incident_id):
    return _entry(request, pages.INCIDENTS, incident_id)


@login_required
def incident_act(request, incident_id, action):
    return _act(request, pages.INCIDENTS, incident_id, action)


@login_required
def complaint_list(request, code):
    return _register_list(request, code, pages.COMPLAINTS)


@login_required
def complaint_detail(request, complaint_id):
    return _entry(request, pages.COMPLAINTS, complaint_id)


@login_required
def complaint_act(request, complaint_id, action):
    return _act(request, pages.COMPLAINTS, complaint_id, action)


# --- internal audits -----------------------------------------------------------------------------

@login_required
def audit_list(request):
    user = request.user
    access.require(access.sees_whole_committee(user))
    committee = access.committee()
    form = None
    if access.can_manage_quality(user):
        form = qforms.AuditForm(request.POST or None)
        form.set_choices(reports.departments(committee), committee)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                audit = registers.plan_audit(
                    committee=committee, title=data["title"], planned_on=data["planned_on"],
                    scope=data["scope"], units=data["units"], auditors=data["auditors"],
                    actor=user)
            except ValidationError as error:
                form.add_errors(error)
            else:
                messages.success(request, _("The audit is in the plan; its auditors and the "
                                            "heads of the units audited were told."))
                return redirect("quality:audit", audit.pk)
    elif request.method == "POST":
        access.require(False)
    audits = InternalAudit.objects.filter(committee=committee).prefetch_related(
        "units", "findings")
    return render(request, "quality/audit_list.html", {
        "audits": audits, "form": form, "committee": committee,
    }, status=400 if request.method == "POST" else 200)


def _audit_page(request, audit, bound=None, status=200):
    committee = audit.committee
    return render(request, "quality/audit.html", {
        "audit": audit, "fields": pages.audit_fields(audit),
        "findings": audit.findings.select_related("unit", "capa", "capa__responsible"),
        "actions": _action_forms(request, pages.AUDIT_ACTIONS, audit, committee, bound),
        "history": _history(audit),
    }, status=status)


def _audit_or_404(request, audit_id) -> InternalAudit:
    audit = get_object_or_404(InternalAudit.objects.prefetch_related("units", "auditors"),
                              pk=audit_id)
    access.require(access.can_view_internal_audit(request.user, audit))
    return audit


@login_required
def audit_detail(request, audit_id):
    return _audit_page(request, _audit_or_404(request, audit_id))


@login_required
@require_POST
def audit_act(request, audit_id, action):
    audit = _audit_or_404(request, audit_id)
    chosen = next((a for a in pages.AUDIT_ACTIONS if a.name == action), None)
    if chosen is None:
        raise Http404
    access.require(chosen.allowed(request.user, audit))
    form = chosen.form(request.POST, prefix=chosen.name)
    if chosen.setup:
        chosen.setup(form, audit, audit.committee)
    if form.is_valid():
        try:
            chosen.run(audit, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_errors(error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
            return redirect("quality:audit", audit.pk)
    audit.refresh_from_db()
    return _audit_page(request, audit, bound=(chosen.name, form), status=400)


# --- surveys -------------------------------------------------------------------------------------

def _survey_units(user) -> list:
    committee = access.committee()
    if committee is None:
        return []
    units = [committee, *reports.departments(committee)]
    if access.can_manage_quality(user):
        return units
    return [u for u in units if access.is_head_of(user, u)]


@login_required
def survey_list(request):
    user = request.user
    creatable = _survey_units(user)
    form = None
    if creatable:
        form = qforms.SurveyForm(request.POST or None)
        form.set_units(creatable)
        if request.method == "POST" and form.is_valid():
            try:
                survey = surveys.create_survey(unit=form.cleaned_data["unit"],
                                               title=form.cleaned_data["title"],
                                               service=form.cleaned_data["service"], actor=user)
            except ValidationError as error:
                form.add_errors(error)
            else:
                messages.success(request, _("The survey is open; print its QR code for the "
                                            "desk."))
                return redirect("quality:survey", survey.pk)
    elif request.method == "POST":
        access.require(False)
    shown = [s for s in SatisfactionSurvey.objects.select_related("unit")
             if access.can_view_quality(user, s.unit)]
    access.require(bool(shown) or bool(creatable) or access.sees_whole_committee(user))
    period = _period(request, Period("month", timezone.localdate().year,
                                     timezone.localdate().month))
    counted = {s.pk: surveys.results(period, survey=s) for s in shown}
    return render(request, "quality/survey_list.html", {
        "surveys": [(s, counted[s.pk]) for s in shown], "form": form, "period": period,
        "questions": SurveyQuestion.objects.all(), "manages": access.can_manage_quality(user),
        "question_form": qforms.QuestionForm() if access.can_manage_quality(user) else None,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def survey_questions(request):
    """Add a question to the standard set, or retire one (the committee's QMR, ISO secretary)."""
    access.require(access.can_manage_quality(request.user))
    try:
        if request.POST.get("retire"):
            question = get_object_or_404(SurveyQuestion, pk=request.POST["retire"])
            surveys.retire_question(question, request.user)
            messages.success(request, _("The question is no longer asked."))
        else:
            form = qforms.QuestionForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("quality:survey_list")
            surveys.add_question(form.cleaned_data["text"], request.user,
                                 is_overall=form.cleaned_data["is_overall"])
            messages.success(request, _("The question is added to every survey."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("quality:survey_list")


def _survey_or_404(request, survey_id) -> SatisfactionSurvey:
    survey = get_object_or_404(SatisfactionSurvey.objects.select_related("unit"), pk=survey_id)
    access.require(access.can_view_quality(request.user, survey.unit))
    return survey


@login_required
def survey_detail(request, survey_id):
    survey = _survey_or_404(request, survey_id)
    period = _period(request, Period("month", timezone.localdate().year,
                                     timezone.localdate().month))
    link = request.build_absolute_uri(reverse("public:survey", args=[survey.token]))
    return render(request, "quality/survey.html", {
        "survey": survey, "result": surveys.results(period, survey=survey), "period": period,
        "link": link, "can_change": access.can_manage_quality(request.user)
        or access.is_head_of(request.user, survey.unit)})


@login_required
def survey_print(request, survey_id):
    survey = _survey_or_404(request, survey_id)
    link = request.build_absolute_uri(reverse("public:survey", args=[survey.token]))
    return render(request, "quality/survey_print.html", {"survey": survey, "link": link})


@login_required
@require_POST
def survey_act(request, survey_id, action):
    survey = _survey_or_404(request, survey_id)
    if action not in ("open", "close"):
        raise Http404
    access.require(access.can_manage_quality(request.user)
                   or access.is_head_of(request.user, survey.unit))
    surveys.set_survey_open(survey, action == "open", request.user)
    messages.success(request, _("The survey is open to answers.") if action == "open"
                     else _("The survey is closed."))
    return redirect("quality:survey", survey.pk)


# --- suggestions ---------------------------------------------------------------------------------

@login_required
def suggestion_list(request):
    user = request.user
    access.require(access.can_suggest(user))
    found = suggestions.visible(user).select_related("unit", "assignee", "author")
    state = request.GET.get("state", "")
    if state in Suggestion.State.values:
        found = found.filter(state=state)
    today = timezone.localdate()
    return render(request, "quality/suggestion_list.html", {
        "suggestions": [(s, s.days_open(today)) for s in found[:300]], "state": state,
        "states": Suggestion.State.choices, "today": today})


@login_required
def suggestion_new(request):
    user = request.user
    access.require(access.can_suggest(user))
    form = qforms.SuggestionForm(request.POST or None)
    form.set_units(suggestions.public_units())
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = suggestions.submit(unit=form.cleaned_data["unit"],
                                            title=form.cleaned_data["title"],
                                            body=form.cleaned_data["body"], actor=user)
        except ValidationError as error:
            form.add_errors(error)
        else:
            messages.success(request, _("Thank you: your suggestion went to the head of the "
                                        "department. You will be told at every step."))
            return redirect("quality:suggestion", suggestion.pk)
    return render(request, "quality/suggestion_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


SUGGESTION_ACTIONS = {
    "forward": (qforms.ForwardForm, lambda s, d, u: suggestions.forward(s, d["comment"], u)),
    "assign": (qforms.AssignForm, lambda s, d, u: suggestions.assign(
        s, assignee=d["assignee"], due_date=d["due_date"], note=d["note"], actor=u)),
    "decline": (qforms.DeclineForm, lambda s, d, u: suggestions.decline(s, d["reason"], u)),
    "report": (qforms.OutcomeForm, lambda s, d, u: suggestions.report(s, d["outcome"], u,
                                                                      capa=d["capa"])),
    "inform": (qforms.InformForm, lambda s, d, u: suggestions.inform(s, d["message"], u)),
}


def _suggestion_forms(user, suggestion, bound=None) -> dict:
    """The forms this user is offered at the suggestion's step."""
    S = Suggestion.State
    wanted = []
    head = access.is_head_of(user, suggestion.unit)
    if suggestion.state == S.SUBMITTED and head:
        wanted = ["forward"]
    elif suggestion.state == S.WITH_QMR and access.can_assign_suggestions(user):
        wanted = ["assign", "decline"]
    elif suggestion.state == S.ASSIGNED and suggestion.assignee_id == user.pk:
        wanted = ["report"]
    elif suggestion.state in (S.DONE, S.DECLINED) and head:
        wanted = ["inform"]
    shown = {}
    committee = suggestion.unit.committee()
    for name in wanted:
        form = bound[1] if bound and bound[0] == name else SUGGESTION_ACTIONS[name][0](
            prefix=name)
        if name == "assign" and not form.is_bound:
            form.set_people(committee)
        if name == "report" and not form.is_bound:
            form.set_capas(registers.capas_from(suggestion))
        shown[name] = form
    return shown


def _open_capa(suggestion, data, user):
    return registers.open_capa_from(
        suggestion, kind=data["kind"], problem=data["problem"], cause=data["cause"],
        action=data["action"], responsible=data["responsible"], due_date=data["due_date"],
        actor=user, check_access=False)  # _may_open_capa has decided


def _may_open_capa(user, suggestion) -> bool:
    return suggestion.state in (Suggestion.State.ASSIGNED, Suggestion.State.WITH_QMR) and (
        suggestion.assignee_id == user.pk or access.can_assign_suggestions(user))


def _suggestion_page(request, suggestion, bound=None, status=200):
    user = request.user
    internal = access.can_view_quality(user, suggestion.unit) or \
        suggestion.assignee_id == user.pk
    capa_form = None
    if _may_open_capa(user, suggestion):
        capa_form = bound[1] if bound and bound[0] == "capa" else qforms.CapaForm(prefix="capa")
        if not capa_form.is_bound:
            capa_form.set_people(suggestion.unit.committee())
            capa_form.fields.pop("unit", None)
            capa_form.initial = {"kind": Capa.Kind.IMPROVEMENT, "problem": suggestion.body}
    return render(request, "quality/suggestion.html", {
        "suggestion": suggestion, "timeline": suggestions.timeline(suggestion,
                                                                  for_author=not internal),
        "internal": internal, "forms": _suggestion_forms(user, suggestion, bound),
        "capa_form": capa_form, "capas": registers.capas_from(suggestion),
        "waiting_for": suggestions.current_actors(suggestion) if internal else [],
    }, status=status)


def _suggestion_or_404(request, suggestion_id) -> Suggestion:
    suggestion = get_object_or_404(Suggestion.objects.select_related(
        "unit", "author", "assignee"), pk=suggestion_id)
    access.require(access.can_view_suggestion(request.user, suggestion))
    return suggestion


@login_required
def suggestion_detail(request, suggestion_id):
    return _suggestion_page(request, _suggestion_or_404(request, suggestion_id))


@login_required
@require_POST
def suggestion_act(request, suggestion_id, action):
    suggestion = _suggestion_or_404(request, suggestion_id)
    user = request.user
    if action == "capa":
        access.require(_may_open_capa(user, suggestion))
        form = qforms.CapaForm(request.POST, prefix="capa")
        form.set_people(suggestion.unit.committee())
        form.fields.pop("unit", None)
        run = _open_capa
    else:
        if action not in SUGGESTION_ACTIONS:
            raise Http404
        offered = _suggestion_forms(user, suggestion)
        access.require(action in offered)
        form_class, run = SUGGESTION_ACTIONS[action]
        form = form_class(request.POST, prefix=action)
        if action == "assign":
            form.set_people(suggestion.unit.committee())
        if action == "report":
            form.set_capas(registers.capas_from(suggestion))
    if form.is_valid():
        try:
            run(suggestion, form.cleaned_data, user)
        except ValidationError as error:
            form.add_errors(error)
        else:
            messages.success(request, _("Done."))
            return redirect("quality:suggestion", suggestion.pk)
    suggestion.refresh_from_db()
    return _suggestion_page(request, suggestion, bound=(action, form), status=400)


# --- the management review, the registers' completeness ----------------------------------------

@login_required
def review_list(request):
    user = request.user
    access.require(access.can_view_management_reviews(user))
    form = None
    if access.can_write_management_review(user):
        form = qforms.ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                review = reports.management_review(period_text=form.cleaned_data["period"],
                                                   actor=user)
            except ValidationError as error:
                form.add_errors(error)
            else:
                messages.success(request, _("The summary is drafted from the data: edit it, "
                                            "then submit it for signature."))
                return redirect("drafting:draft", review.draft_id)
    elif request.method == "POST":
        access.require(False)
    reviews = ManagementReview.objects.select_related("draft", "draft__step")
    return render(request, "quality/review_list.html", {"reviews": reviews, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def completeness_page(request):
    access.require(access.can_manage_quality(request.user) or
                   access.sees_whole_committee(request.user))
    period, gaps = completeness.gaps()
    return render(request, "quality/completeness.html", {"period": period, "gaps": gaps})

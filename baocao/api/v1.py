"""baocao's own REST API, /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json, the
documentation at /api/v1/docs).  Every operation: the caller (api.auth: a personal token, or
Basic for those without a second factor), the same permission as the page (organisation.access),
one domain function, the answer.  A unit's values are written through submissions.save_cell,
the same checks as typing them in the browser (a draft of the report, official once sent)."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader

from baocao.catalogue import forms as form_services
from baocao.catalogue.models import FormRow, Indicator, ReportForm, Target
from baocao.catalogue.periods import Period, PeriodError
from baocao.collection import submissions
from baocao.collection.models import DataValue, Round, Submission
from baocao.consolidation.engine import consolidate
from baocao.documents.models import Document
from baocao.drafting.models import Draft
from baocao.organisation import access
from baocao.organisation.models import OrgUnit, User

from . import auth


class Refused(Exception):
    def __init__(self, refusal: auth.Refusal):
        self.refusal = refusal


class CallerAuth(APIKeyHeader):
    """`Authorization: ApiToken bcpat_…` (a personal token), or `Basic …`."""

    param_name = "Authorization"
    openapi_description = ("A personal API token, made on /me/tokens/: "
                           "\"ApiToken bcpat_…\". Basic credentials also work for people "
                           "without a second factor.")

    def __call__(self, request):
        result = auth.identify(request)
        if isinstance(result, auth.Refusal):
            raise Refused(result)
        return result

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None


api = NinjaAPI(title="baocao API", version="1",
               description="baocao's resources (units, people, indicators, targets, forms, "
                           "rounds, submissions, consolidated figures, drafts, documents). "
                           "DHIS2's data exchange is served beside it at /api/dataValueSets, "
                           "/api/dataValues… (docs/dhis2.md).",
               auth=CallerAuth(), urls_namespace="api-1", docs_url=None)


class Error(Schema):
    detail: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


@api.exception_handler(Refused)
def _refused(request, exc: Refused):
    response = api.create_response(request, {"detail": exc.refusal.message},
                                   status=exc.refusal.status)
    if exc.refusal.retry_after:
        response["Retry-After"] = str(exc.refusal.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "Forbidden"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Unauthorized"}, status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(p) for p in first.get("loc", []))
    return api.create_response(request, {"detail": f"{where}: {first.get('msg', 'invalid')}"},
                               status=422)


@api.exception_handler(ValidationError)
def _refused_by_domain(request, exc: ValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


@api.exception_handler(PeriodError)
def _bad_period(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=422)


# --- units and people --------------------------------------------------------------------------

class UnitOut(Schema):
    code: str
    uid: str
    name: str
    kind: str
    parent: str | None
    level: int
    active_from: date | None
    active_to: date | None


def _unit(u: OrgUnit, parents: dict) -> dict:
    return {"code": u.code, "uid": u.uid, "name": u.name, "kind": u.kind,
            "parent": parents.get(u.parent_id), "level": u.depth + 1,
            "active_from": u.active_from, "active_to": u.active_to}


@api.get("/units", response={200: list[UnitOut], **ERRORS}, tags=["units"])
def list_units(request, kind: str | None = None, parent: str | None = None):
    """The units the caller sees, in tree order."""
    units = access.visible_units(request.user).order_by("path")
    if kind:
        units = units.filter(kind=kind)
    if parent:
        units = units.filter(parent__code=parent)
    parents = dict(OrgUnit.objects.values_list("pk", "code"))
    return [_unit(u, parents) for u in units]


@api.get("/units/{code}", response={200: UnitOut, **ERRORS}, tags=["units"])
def get_unit(request, code: str):
    unit = get_object_or_404(OrgUnit, code=code)
    access.require(access.can_view_unit(request.user, unit))
    return _unit(unit, dict(OrgUnit.objects.values_list("pk", "code")))


class MembershipOut(Schema):
    unit: str
    role: str
    position: str


class PersonOut(Schema):
    username: str
    full_name: str
    email: str
    is_active: bool
    memberships: list[MembershipOut]


@api.get("/people", response={200: list[PersonOut], **ERRORS}, tags=["people"])
def list_people(request):
    """People and their roles (the committee's staff, leaders and administrators may read)."""
    access.require(access.can_view_people(request.user))
    people = User.objects.prefetch_related("memberships__unit").order_by("username")
    return [{"username": p.username, "full_name": p.display_name, "email": p.email,
             "is_active": p.is_active,
             "memberships": [{"unit": m.unit.code, "role": m.role, "position": m.position}
                             for m in p.memberships.all()]} for p in people]


# --- the catalogue -----------------------------------------------------------------------------

class IndicatorOut(Schema):
    code: str
    uid: str
    name: str
    sector: str
    family: str
    unit_of_measure: str
    value_type: str
    decimals: int
    aggregation: str
    time_aggregation: str
    direction: str
    formula: str
    active: bool


def _indicator(i: Indicator) -> dict:
    return {"code": i.code, "uid": i.uid, "name": i.name, "sector": i.sector.code,
            "family": i.family, "unit_of_measure": i.unit_of_measure,
            "value_type": i.value_type, "decimals": i.decimals, "aggregation": i.aggregation,
            "time_aggregation": i.time_aggregation, "direction": i.direction,
            "formula": i.formula, "active": i.active}


@api.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, tags=["catalogue"])
def list_indicators(request):
    access.require(access.can_view_catalogue(request.user))
    return [_indicator(i) for i in Indicator.objects.select_related("sector").order_by("code")]


@api.get("/indicators/{code}", response={200: IndicatorOut, **ERRORS}, tags=["catalogue"])
def get_indicator(request, code: str):
    access.require(access.can_view_catalogue(request.user))
    return _indicator(get_object_or_404(Indicator.objects.select_related("sector"), code=code))


class TargetOut(Schema):
    indicator: str
    unit: str
    year: int
    kind: str
    value: Decimal


@api.get("/targets", response={200: list[TargetOut], **ERRORS}, tags=["catalogue"])
def list_targets(request, year: int | None = None, unit: str | None = None,
                 indicator: str | None = None):
    """Targets of the units the caller sees."""
    access.require(access.can_view_catalogue(request.user))
    targets = Target.objects.filter(unit__in=access.visible_units(request.user)).select_related(
        "indicator", "unit")
    if year is not None:
        targets = targets.filter(year=year)
    if unit:
        targets = targets.filter(unit__code=unit)
    if indicator:
        targets = targets.filter(indicator__code=indicator)
    return [{"indicator": t.indicator.code, "unit": t.unit.code, "year": t.year,
             "kind": t.kind, "value": t.value} for t in targets[:10000]]


class FormOut(Schema):
    code: str
    uid: str
    name: str
    regime: str
    current_version: int | None
    units: list[str]


@api.get("/forms", response={200: list[FormOut], **ERRORS}, tags=["catalogue"])
def list_forms(request):
    access.require(access.can_view_catalogue(request.user))
    forms = access.visible_forms(request.user, ReportForm.objects.select_related("regime")
                                 .prefetch_related("units")).order_by("code")
    out = []
    for form in forms:
        version = form.current_version()
        out.append({"code": form.code, "uid": form.uid, "name": form.name,
                    "regime": form.regime.code, "current_version": version.number if version
                    else None, "units": [u.code for u in form.units.all()]})
    return out


class RowOut(Schema):
    indicator: str | None
    heading: str
    required: bool
    filled_by: str


class TableOut(Schema):
    title: str
    columns: list[str]
    rows: list[RowOut]


class SectionOut(Schema):
    kind: str
    title: str
    required: bool


class VersionOut(Schema):
    number: int
    state: str
    note: str
    approved_at: datetime | None
    tables: list[TableOut]
    sections: list[SectionOut]


@api.get("/forms/{code}/versions", response={200: list[VersionOut], **ERRORS},
         tags=["catalogue"])
def list_form_versions(request, code: str):
    form = get_object_or_404(ReportForm, code=code)
    access.require(access.can_view_catalogue(request.user) and
                   access.can_view_form(request.user, form))
    out = []
    for version in form.versions.order_by("-number").prefetch_related("tables__rows__indicator",
                                                                      "tables__rows__units",
                                                                      "sections"):
        out.append({
            "number": version.number, "state": version.state, "note": version.note,
            "approved_at": version.approved_at,
            "tables": [{"title": t.title, "columns": t.columns, "rows": [
                {"indicator": r.indicator.code if r.indicator_id else None,
                 "heading": r.heading, "required": r.required,
                 "filled_by": r.filled_by_label()} for r in t.rows.all()]}
                for t in version.tables.all()],
            "sections": [{"kind": s.kind, "title": s.title, "required": s.required}
                         for s in version.sections.all()]})
    return out


# --- rounds and submissions --------------------------------------------------------------------

class RoundOut(Schema):
    id: int
    form: str
    period: str
    due_date: date
    paper_due_date: date
    state: str


def _round(r: Round) -> dict:
    return {"id": r.pk, "form": r.form.code, "period": r.period, "due_date": r.due_date,
            "paper_due_date": r.paper_due_date, "state": r.state}


@api.get("/rounds", response={200: list[RoundOut], **ERRORS}, tags=["collection"])
def list_rounds(request, period: str | None = None, form: str | None = None):
    """Every round (the committee's staff); the rounds of one's own units' reports otherwise."""
    access.require(access.can_view_catalogue(request.user))
    rounds = Round.objects.select_related("form").order_by("-period_end", "form__code")
    if not access.can_watch_rounds(request.user):
        rounds = rounds.filter(submissions__unit__in=access.visible_units(request.user)) \
            .distinct()
    if period:
        rounds = rounds.filter(period=str(Period.parse(period)))
    if form:
        rounds = rounds.filter(form__code=form)
    return [_round(r) for r in rounds[:500]]


class SubmissionOut(Schema):
    id: int
    round: int
    form: str
    period: str
    unit: str
    state: str
    due_date: date
    sent_at: datetime | None
    on_time: bool | None


class ValueOut(Schema):
    indicator: str
    column: str
    value: Decimal | None
    text: str
    comment: str
    revision: int
    official: bool


class SubmissionDetail(SubmissionOut):
    values: list[ValueOut]


def _submission(s: Submission) -> dict:
    return {"id": s.pk, "round": s.round_id, "form": s.round.form.code,
            "period": s.round.period, "unit": s.unit.code, "state": s.state,
            "due_date": s.due_date, "sent_at": s.sent_at, "on_time": s.on_time}


@api.get("/rounds/{round_id}/submissions", response={200: list[SubmissionOut], **ERRORS},
         tags=["collection"])
def list_submissions(request, round_id: int):
    rnd = get_object_or_404(Round, pk=round_id)
    found = rnd.submissions.select_related("round", "round__form", "unit").order_by("unit__path")
    visible = [s for s in found if access.can_view_submission(request.user, s)]
    if not visible:
        raise PermissionDenied
    return [_submission(s) for s in visible]


def _visible_submission(request, submission_id: int) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related(
        "round", "round__form", "round__form_version", "unit"), pk=submission_id)
    access.require(access.can_view_submission(request.user, submission))
    return submission


@api.get("/submissions/{submission_id}", response={200: SubmissionDetail, **ERRORS},
         tags=["collection"])
def get_submission(request, submission_id: int):
    """A unit's report and its values (as typed: official once the report is sent)."""
    submission = _visible_submission(request, submission_id)
    values = DataValue.objects.filter(unit=submission.unit, period=submission.round.period) \
        .select_related("indicator").order_by("indicator__code", "column")
    return {**_submission(submission), "values": [
        {"indicator": v.indicator.code, "column": v.column, "value": v.value, "text": v.text,
         "comment": v.comment, "revision": v.revision, "official": v.official}
        for v in values]}


class CellIn(Schema):
    indicator: str
    column: str = "actual"
    value: str
    revision: int | None = None


class ProblemOut(Schema):
    level: str
    message: str


class CellOut(Schema):
    saved: bool
    conflict: bool
    value: Decimal | None
    text: str
    revision: int | None
    problems: list[ProblemOut]


@api.put("/submissions/{submission_id}/values", response={200: CellOut, **ERRORS},
         tags=["collection"])
def put_value(request, submission_id: int, cell: CellIn):
    """Type one cell of a unit's report: the same checks as the entry page
    (submissions.save_cell), a draft of the report until it is sent.  A value someone else
    saved since `revision` is not overwritten (`conflict`)."""
    submission = _visible_submission(request, submission_id)
    access.require(access.can_edit_submission(request.user, submission))
    indicator = Indicator.objects.filter(code=cell.indicator).first()
    if indicator is None:
        raise HttpError(404, "Unknown indicator")
    result = submissions.save_cell(submission, indicator.pk, cell.column, cell.value,
                                   request.user, revision=cell.revision)
    stored = result.value
    return {"saved": result.saved, "conflict": result.conflict,
            "value": stored.value if stored else None, "text": stored.text if stored else "",
            "revision": stored.revision if stored else None,
            "problems": [{"level": p.level, "message": str(p.message)}
                         for p in result.problems]}


# --- consolidated figures ----------------------------------------------------------------------

class FiguresOut(Schema):
    indicator: str
    unit: str
    period: str
    actual: float | None
    year_to_date: float | None
    target: float | None
    percent_of_target: float | None
    same_period_last_year: float | None
    year_to_date_last_year: float | None
    vs_same_period_last_year: float | None
    previous_period: float | None
    change_on_previous_period: float | None
    full_year_estimate: float | None
    estimate_percent_of_target: float | None
    reported_full_year_estimate: float | None
    proposed_next_year_target: float | None
    missing_units: list[str]
    missing_estimate_units: list[str]


class ConsolidationQuery(Schema):
    period: str
    form: str | None = None
    indicators: str | None = None
    unit: str | None = None
    include_unsent: bool = False


@api.get("/consolidation", response={200: list[FiguresOut], **ERRORS}, tags=["consolidation"])
def get_consolidation(request, params: Query[ConsolidationQuery]):
    """The same objects as `baocao consolidate`: by form (its indicators and the units that
    fill each row) or by indicators (codes separated by commas, or `all`)."""
    period = Period.parse(params.period)
    top = get_object_or_404(OrgUnit, code=params.unit) if params.unit else access.committee()
    if top is None:
        raise HttpError(404, "No committee")
    access.require(access.can_view_consolidation(request.user, top))
    expected = estimates = None
    if params.form:
        form = get_object_or_404(ReportForm, code=params.form)
        version = form.current_version()
        if version is None:
            raise HttpError(404, "The form has no approved version")
        chosen = [r.indicator for r in FormRow.objects.filter(
            table__version=version, indicator__isnull=False).select_related("indicator")
            .order_by("table__sort_order", "sort_order")]
        expected = form_services.expected_units(form, version)
        estimates = form_services.expected_units(form, version, column="full_year_estimate")
    elif params.indicators and params.indicators.strip().lower() != "all":
        codes = [c.strip() for c in params.indicators.split(",") if c.strip()][:500]
        found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        if len(found) != len(set(codes)):
            raise HttpError(404, "Unknown indicator(s): " + ", ".join(
                c for c in codes if c not in found))
        chosen = [found[c] for c in codes]
    else:
        chosen = list(Indicator.objects.filter(active=True).order_by("sector__sort_order",
                                                                     "code"))
    return [f.as_dict() for f in consolidate(chosen, period, top, expected,
                                             include_unsent=params.include_unsent,
                                             expected_estimates=estimates)]


# --- drafts and documents ----------------------------------------------------------------------

class DraftOut(Schema):
    id: int
    title: str
    summary: str
    regime: str
    round: int | None
    lead_unit: str
    step: str
    state: str
    due_date: date | None
    signed_at: datetime | None


def _draft(d: Draft) -> dict:
    return {"id": d.pk, "title": d.title, "summary": d.summary, "regime": d.regime.code,
            "round": d.round_id, "lead_unit": d.lead_unit.code, "step": d.step.code,
            "state": d.state, "due_date": d.due_date, "signed_at": d.signed_at}


def _drafts(user):
    drafts = Draft.objects.select_related("step", "regime", "lead_unit").order_by("-created_at")
    if not access.sees_whole_committee(user):
        units = [m.unit_id for m in access.memberships(user)]
        drafts = drafts.filter(Q(lead_unit__in=units) | Q(consultations__invitees__user=user) |
                               Q(consultations__invitees__unit__in=units)).distinct()
    return drafts


@api.get("/drafts", response={200: list[DraftOut], **ERRORS}, tags=["drafting"])
def list_drafts(request):
    access.require(access.can_view_catalogue(request.user))
    return [_draft(d) for d in _drafts(request.user)[:500]]


@api.get("/drafts/{draft_id}", response={200: DraftOut, **ERRORS}, tags=["drafting"])
def get_draft(request, draft_id: int):
    draft = get_object_or_404(Draft.objects.select_related("step", "regime", "lead_unit"),
                              pk=draft_id)
    access.require(access.can_view_draft(request.user, draft))
    return _draft(draft)


class DocumentOut(Schema):
    id: int
    reference: str
    issued_on: date
    title: str
    summary: str
    signer_name: str
    corrects: int | None
    pdf_sha256: str


def _document(d: Document) -> dict:
    return {"id": d.pk, "reference": d.reference, "issued_on": d.issued_on, "title": d.title,
            "summary": d.summary, "signer_name": d.signer_name, "corrects": d.corrects_id,
            "pdf_sha256": d.pdf_sha256}


@api.get("/documents", response={200: list[DocumentOut], **ERRORS}, tags=["documents"])
def list_documents(request):
    """The issued documents (the register: the committee's staff and leaders)."""
    access.require(access.can_view_register(request.user))
    return [_document(d) for d in Document.objects.defer("pdf", "content")
            .order_by("-issued_at")[:1000]]


def _visible_document(request, document_id: int) -> Document:
    document = get_object_or_404(Document.objects.select_related("draft"), pk=document_id)
    access.require(access.can_view_document(request.user, document))
    return document


@api.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS}, tags=["documents"])
def get_document(request, document_id: int):
    return _document(_visible_document(request, document_id))


@api.get("/documents/{document_id}/pdf", response={200: None, **ERRORS}, tags=["documents"],
         openapi_extra={"responses": {200: {"description": "The signed PDF", "content": {
             "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}})
def get_document_pdf(request, document_id: int):
    """The signed PDF as issued (the signer's signature and the committee's seal)."""
    document = _visible_document(request, document_id)
    if not document.pdf:
        raise HttpError(404, "This document has no signed PDF")
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}-' \
                                      f'{document.symbol.replace("/", "-")}.pdf"'
    return response

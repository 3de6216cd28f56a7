"""The BM.07.01 figures of a unit for a period, computed from the registers and the surveys
(never typed).  The page, the command `baocao quality stats` and the department's report all
read them here.

Which entries count for a unit: those of the unit and the units under it; the office's figures
also take the committee's own entries (the committee-wide objectives, the surveys of the
one-stop desk kept at the committee), since the office reports for the whole committee (QT.07
§5.1.2 d).  So the committee's figures, the sum of its departments', equal what the registers of
its whole tree give.

Flows count what happened within the period's dates (calendar months: the quality regime's
figures run from the 1st); stocks ("… at the end of the period") are taken on its last day, or
today while it runs.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from baocao.catalogue.periods import Period
from baocao.lib.numbers import format_vn
from baocao.organisation.models import Kind, OrgUnit

from . import builtin
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
    SurveyResponse,
    WorkloadCount,
)


@dataclass(frozen=True)
class Figure:
    code: str
    key: str
    name: str
    unit_of_measure: str
    value_type: str
    time_aggregation: str
    formula: str
    group: str

    @property
    def is_percent(self) -> bool:
        return self.value_type == "percent"

    @property
    def decimals(self) -> int:
        return 1 if self.is_percent else 0


FIGURES = [Figure(*row) for row in builtin.FIGURES]
BY_KEY = {f.key: f for f in FIGURES}
BY_CODE = {f.code: f for f in FIGURES}
GROUPS = builtin.GROUPS
ONE_DECIMAL = Decimal("0.1")


def in_scope(unit: OrgUnit, field: str = "unit") -> Q:
    """Entries counted for `unit`: its subtree; for the office, also the committee's own."""
    condition = Q(**{f"{field}__path__startswith": unit.path})
    if unit.kind == Kind.OFFICE:
        committee = unit.committee()
        if committee.pk != unit.pk:
            condition |= Q(**{field: committee})
    return condition


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return Decimal(100) * Decimal(part) / Decimal(whole)


def compute(unit: OrgUnit, period: Period, today=None) -> dict[str, Decimal | int | None]:
    """{figure key: value}: counts as int, percentages as Decimal (None without a denominator)."""
    today = today or timezone.localdate()
    start, end = period.start, period.end
    as_of = min(end, today)
    values: dict[str, Decimal | int | None] = {}

    # 1. objectives of the year: the latest result within the period decides
    objectives = QualityObjective.objects.filter(
        in_scope(unit), year=end.year, state=QualityObjective.State.ACTIVE)
    latest: dict[int, bool] = {}
    for objective_id, met in ObjectiveResult.objects.filter(
            objective__in=objectives, period_start__gte=start, period_end__lte=end
    ).order_by("objective_id", "period_end", "pk").values_list("objective_id", "met"):
        latest[objective_id] = met
    values["objectives_assessed"] = len(latest)
    values["objectives_met"] = sum(1 for met in latest.values() if met)

    # 2. satisfaction
    answers = SurveyResponse.objects.filter(in_scope(unit, "survey__unit"),
                                            submitted_on__gte=start, submitted_on__lte=end)
    values["survey_answers"] = answers.count()
    values["survey_satisfied"] = answers.filter(satisfied=True).count()

    # 3. erroneous documents
    errors = DocumentError.objects.filter(in_scope(unit))
    values["document_errors"] = errors.filter(found_on__gte=start, found_on__lte=end).count()
    values["document_errors_corrected"] = errors.filter(
        corrected_on__gte=start, corrected_on__lte=end).count()

    # 4. CAPA
    capas = Capa.objects.filter(in_scope(unit))
    values["capa_opened"] = capas.filter(recorded_at__date__gte=start,
                                         recorded_at__date__lte=end).count()
    values["capa_closed"] = capas.filter(state=Capa.State.CLOSED, checked_on__gte=start,
                                         checked_on__lte=end).count()
    values["capa_overdue"] = capas.filter(
        Q(done_on__isnull=True) | Q(done_on__gt=as_of),
        recorded_at__date__lte=as_of, due_date__lt=as_of).exclude(
        state=Capa.State.CLOSED, checked_on__lte=as_of).count()

    # 5. problems in handling requests
    values["request_problems"] = RequestProblem.objects.filter(
        in_scope(unit), occurred_on__gte=start, occurred_on__lte=end).count()

    # 6. documents handled, records filed: each unit's row for the period, else its months'
    handled = filed = 0
    rows = WorkloadCount.objects.filter(in_scope(unit), period_start__gte=start,
                                        period_end__lte=end)
    per_unit: dict[int, list] = defaultdict(list)
    for row in rows:
        per_unit[row.unit_id].append(row)
    for unit_rows in per_unit.values():
        exact = [r for r in unit_rows if r.period == str(period)]
        chosen = exact or [r for r in unit_rows if r.period_kind == "month"]
        handled += sum(r.documents_handled for r in chosen)
        filed += sum(r.records_filed for r in chosen)
    values["documents_handled"] = handled
    values["records_filed"] = filed

    # 7. internal audits held in the period: the units audited, the nonconformities found
    held = InternalAudit.objects.filter(state=InternalAudit.State.DONE, held_on__gte=start,
                                        held_on__lte=end)
    values["audit_visits"] = InternalAudit.units.through.objects.filter(
        in_scope(unit, "orgunit"), internalaudit__in=held).count()
    values["nonconformities"] = AuditFinding.objects.filter(
        in_scope(unit), audit__in=held, kind=AuditFinding.Kind.NONCONFORMITY).count()

    # 8. equipment incidents
    values["equipment_incidents"] = EquipmentIncident.objects.filter(
        in_scope(unit), occurred_at__date__gte=start, occurred_at__date__lte=end).count()

    # 9. complaints and explanations
    complaints = Complaint.objects.filter(in_scope(unit))
    values["complaints"] = complaints.filter(received_on__gte=start,
                                             received_on__lte=end).count()
    explained = complaints.filter(explained_on__gte=start, explained_on__lte=end)
    values["explanations_on_time"] = sum(
        1 for on, due in explained.values_list("explained_on", "explanation_due") if on <= due)
    values["explanations_overdue"] = complaints.filter(
        Q(explained_on__isnull=True) | Q(explained_on__gt=as_of),
        received_on__lte=as_of, explanation_due__lt=as_of).count()

    values["objectives_met_percent"] = _ratio(values["objectives_met"],
                                              values["objectives_assessed"])
    values["satisfaction_percent"] = _ratio(values["survey_satisfied"], values["survey_answers"])
    return values


def by_code(values: dict) -> dict[str, Decimal | None]:
    """The same figures by indicator code, as Decimals (what the report's cells store)."""
    return {f.code: (None if values[f.key] is None else Decimal(values[f.key]))
            for f in FIGURES}


def rounded(figure: Figure, value):
    """A figure as the page shows it: counts whole, percentages to one decimal."""
    if value is None:
        return None
    if figure.is_percent:
        return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return int(value)


def rows(values: dict) -> list[dict]:
    """The figures in the form's order, with their group headings, for a page or a document."""
    headings = dict(GROUPS)
    shown, group = [], None
    for figure in FIGURES:
        if figure.group != group:
            group = figure.group
            shown.append({"heading": headings[group]})
        value = rounded(figure, values.get(figure.key))
        shown.append({"figure": figure, "value": value,
                      "text": format_vn(value, figure.decimals) if value is not None else "—"})
    return shown


def as_json(unit: OrgUnit, period: Period, values: dict) -> dict:
    """What `baocao quality stats --json` prints: every figure, rounded as on the page."""
    figures = []
    for figure in FIGURES:
        value = rounded(figure, values.get(figure.key))
        figures.append({"code": figure.code, "key": figure.key, "name": figure.name,
                        "unit_of_measure": figure.unit_of_measure,
                        "value": float(value) if figure.is_percent and value is not None
                        else value})
    return {"unit": unit.code, "unit_name": unit.name, "period": str(period),
            "period_label": period.label(), "figures": figures}

"""The quality records of seed 2 §7 ("Hồ sơ cần lưu"): the registers' entries and the periodic
statistics (BM.07.01 and its issued report) of a unit and period, for the period's dossier.

They are kept at the unit that handled them ("đơn vị xử lý chính") for three years, counted from
the end of the year the work ends, then transferred to the committee's archive.  The records app
(the dossier) calls `items_for(unit, period)`; nothing here files or transfers anything.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from baocao.catalogue.periods import Period

from . import builtin
from .models import (
    AuditFinding,
    Capa,
    Complaint,
    DepartmentReport,
    DocumentError,
    EquipmentIncident,
    InternalAudit,
    ManagementReview,
    ObjectiveResult,
    RequestProblem,
    Suggestion,
    WorkloadCount,
)
from .stats import in_scope

RETENTION_YEARS = 3
AFTER_RETENTION = "transfer"  # to the committee's archive (QT.07 §7)


@dataclass
class RecordItem:
    kind: str  # the model's name: documenterror, capa, … ; submission, document
    title: str
    day: date
    url: str
    obj: object
    unit: object  # the unit that keeps it

    @property
    def retention_years(self) -> int:
        return RETENTION_YEARS

    @property
    def keep_until(self) -> date:
        """The last day it is kept at the unit: three full years after the year it ends."""
        return date(self.day.year + RETENTION_YEARS, 12, 31)

    @property
    def after_retention(self) -> str:
        return AFTER_RETENTION


def _day(value) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def items_for(unit, period: Period) -> list[RecordItem]:
    """Every quality record of `unit` (as its BM.07.01 figures count them) dated within
    `period`, in order of time."""
    start, end = period.start, period.end
    items: list[RecordItem] = []

    def add(obj, kind, title, day, url):
        items.append(RecordItem(kind, title, _day(day), url, obj, getattr(obj, "unit", unit)))

    for r in ObjectiveResult.objects.filter(
            in_scope(unit, "objective__unit"), period_start__gte=start,
            period_end__lte=end).select_related("objective", "objective__unit"):
        items.append(RecordItem("objectiveresult", f"{r.objective.title} · {r.period_label}",
                                r.period_end, reverse("quality:objective",
                                                      args=[r.objective_id]), r,
                                r.objective.unit))
    for e in DocumentError.objects.filter(in_scope(unit), found_on__gte=start,
                                          found_on__lte=end).select_related("unit"):
        add(e, "documenterror", e.document_title, e.found_on,
            reverse("quality:document_error", args=[e.pk]))
    for c in Capa.objects.filter(in_scope(unit), recorded_at__date__gte=start,
                                 recorded_at__date__lte=end).select_related("unit"):
        add(c, "capa", f"{c} · {c.problem[:80]}", c.recorded_at, reverse("quality:capa",
                                                                         args=[c.pk]))
    for p in RequestProblem.objects.filter(in_scope(unit), occurred_on__gte=start,
                                           occurred_on__lte=end).select_related("unit"):
        add(p, "requestproblem", str(p), p.occurred_on, reverse("quality:problem",
                                                                args=[p.pk]))
    for w in WorkloadCount.objects.filter(in_scope(unit), period_start__gte=start,
                                          period_end__lte=end).select_related("unit"):
        add(w, "workloadcount", f"{w.unit.name} · {w.period_label}", w.period_end,
            reverse("quality:workload_list", args=[w.unit.code]))
    for f in AuditFinding.objects.filter(
            in_scope(unit), audit__state=InternalAudit.State.DONE, audit__held_on__gte=start,
            audit__held_on__lte=end).select_related("audit", "unit"):
        add(f, "auditfinding", f"{f.audit.title} · {f.get_kind_display()}", f.audit.held_on,
            reverse("quality:audit", args=[f.audit_id]))
    if unit.is_committee:
        for a in InternalAudit.objects.filter(committee=unit, held_on__gte=start,
                                              held_on__lte=end):
            items.append(RecordItem("internalaudit", a.title, a.held_on,
                                    reverse("quality:audit", args=[a.pk]), a, unit))
        for m in ManagementReview.objects.filter(committee=unit, period_start__gte=start,
                                                 period_end__lte=end).select_related("draft"):
            items.append(RecordItem("managementreview", str(m), m.period_end,
                                    reverse("drafting:draft", args=[m.draft_id]), m, unit))
    for i in EquipmentIncident.objects.filter(in_scope(unit), occurred_at__date__gte=start,
                                              occurred_at__date__lte=end).select_related("unit"):
        add(i, "equipmentincident", i.equipment, i.occurred_at,
            reverse("quality:incident", args=[i.pk]))
    for c in Complaint.objects.filter(in_scope(unit), received_on__gte=start,
                                      received_on__lte=end).select_related("unit"):
        add(c, "complaint", str(c), c.received_on, reverse("quality:complaint", args=[c.pk]))
    for s in Suggestion.objects.filter(in_scope(unit), submitted_at__date__gte=start,
                                       submitted_at__date__lte=end).select_related("unit"):
        add(s, "suggestion", s.title, s.submitted_at, reverse("quality:suggestion",
                                                              args=[s.pk]))
    # the periodic statistics: the BM.07.01 reports sent, and the documents they became
    from baocao.collection.models import Submission

    for sub in Submission.objects.filter(
            in_scope(unit), round__form__code=builtin.FORM_CODE,
            round__period_start__gte=start, round__period_end__lte=end,
            first_sent_at__isnull=False).select_related("round", "unit"):
        items.append(RecordItem("submission", f"{builtin.FORM_CODE} · {sub.round.period_label}"
                                f" · {sub.unit.name}", sub.round.period_end,
                                reverse("collection:submission", args=[sub.pk]), sub,
                                sub.unit))
        report = DepartmentReport.objects.filter(submission=sub).select_related(
            "draft").first()
        document = getattr(report.draft, "document", None) if report else None
        if document is not None:
            items.append(RecordItem("document", f"{document.reference}: {document.summary}",
                                    document.issued_on, reverse("documents:document",
                                                                args=[document.pk]),
                                    document, sub.unit))
    return sorted(items, key=lambda item: (item.day, item.kind, item.title))

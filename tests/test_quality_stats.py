"""BM.07.01's figures, hand-computed from a small set of entries: what falls within the period
counts, what falls outside does not; the office also counts the committee's own entries; the
committee's figures are its departments' added up; nothing recorded gives zeros."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from baocao.quality import registers, stats, surveys
from baocao.quality.models import (
    Capa,
    Complaint,
    DocumentError,
    InternalAudit,
    ObjectiveResult,
    SurveyResponse,
)

from .conftest import last_month


def _at(day):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())
                               .replace(hour=10))


@pytest.fixture
def entries(tree, users, quality_form):
    """The department's (Phòng Y tế) entries in and around last month, and the committee's."""
    period = last_month()
    start, end = period.start, period.end
    before = start - timedelta(days=3)
    yt, rep, head, iso = (tree["department"], users["department_reporter"],
                          users["department_head"], users["iso_secretary"])

    def objective(unit, comparison, target, actor, title="Mục tiêu"):
        return registers.create_objective(unit=unit, year=end.year, title=title, measure="m",
                                          comparison=comparison, target=target, actor=actor)

    met = objective(yt, "at_least", "98", rep)
    registers.record_result(met, period_text=str(period), value="99", actor=rep)
    missed = objective(yt, "at_most", "1", rep)
    registers.record_result(missed, period_text=str(period), value="2", actor=rep)
    withdrawn = objective(yt, "at_least", "1", rep)
    registers.record_result(withdrawn, period_text=str(period), value="5", actor=rep)
    registers.withdraw_objective(withdrawn, "bãi bỏ", head)
    objective(yt, "at_least", "1", rep)  # no result: not assessed
    committee_wide = objective(tree["committee"], "at_least", "90", iso, "Của UBND")
    registers.record_result(committee_wide, period_text=str(period), value="95", actor=iso)

    survey = surveys.create_survey(unit=yt, title="Hài lòng", actor=iso)
    overall = next(q for q in surveys.questions() if q.is_overall)
    for value, day in ((5, start), (4, end), (2, end), (5, before)):
        response = surveys.answer(survey, {overall.pk: value}, "", surveys.visit_code(survey))
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_on=day)

    def error(found_on, corrected_on=None):
        entry = registers.record_document_error(unit=yt, document_title="1/BC", error="sai",
                                                found_by="VP", found_on=found_on, actor=rep)
        if corrected_on:
            DocumentError.objects.filter(pk=entry.pk).update(state="corrected",
                                                             corrected_on=corrected_on)
    error(start, end)
    error(end)
    error(before, start)

    def capa(opened, due, state="open", done_on=None, checked_on=None):
        entry = registers.open_capa(unit=yt, kind="corrective", problem="p", action="a",
                                    responsible=rep, due_date=timezone.localdate(), actor=head)
        Capa.objects.filter(pk=entry.pk).update(recorded_at=_at(opened), due_date=due,
                                                state=state, done_on=done_on,
                                                checked_on=checked_on,
                                                effective=True if checked_on else None)
    capa(start, end, "closed", start + timedelta(days=1), end)  # opened and closed
    capa(before, end - timedelta(days=1))  # open, overdue at the end
    capa(end, end + timedelta(days=30))  # opened, not due
    capa(before, end - timedelta(days=1), "done", done_on=end - timedelta(days=2))  # done in time

    for day in (start, end, before):
        registers.record_problem(unit=yt, occurred_on=day, kind="late", description="d",
                                 actor=rep)
    registers.save_workload(unit=yt, period_text=str(period), documents_received=110,
                            documents_handled=100, records_filed=10, actor=rep)
    registers.save_workload(unit=yt, period_text=str(period.previous()), documents_received=50,
                            documents_handled=50, records_filed=5, actor=rep)

    audit = registers.plan_audit(committee=tree["committee"], title="ĐGNB", planned_on=start,
                                 scope="s", units=[yt, tree["office"]], auditors=[iso],
                                 actor=iso)
    for unit, kind in ((yt, "nonconformity"), (yt, "observation"),
                       (tree["office"], "nonconformity")):
        registers.record_finding(audit, unit=unit, kind=kind, description="f", action="a",
                                 responsible=rep, due_date=timezone.localdate(), actor=iso)
    registers.complete_audit(audit, held_on=timezone.localdate(), summary="s", actor=iso)
    InternalAudit.objects.filter(pk=audit.pk).update(held_on=end)

    incident = registers.record_incident(unit=yt, equipment="Máy in", occurred_at=_at(start),
                                         effect="e", actor=rep)
    assert incident.pk

    def complaint(received, due, explained=None):
        entry = registers.record_complaint(unit=yt, received_on=received, subject="k",
                                           explanation_due=due, actor=rep)
        if explained:
            Complaint.objects.filter(pk=entry.pk).update(state="explained",
                                                         explained_on=explained)
    complaint(start, start + timedelta(days=5), start + timedelta(days=4))  # on time
    complaint(before, start + timedelta(days=1), end + timedelta(days=1))  # overdue at the end
    complaint(start, start + timedelta(days=1), start + timedelta(days=3))  # late
    # the CAPAs the audit's nonconformities opened today count in this month, not last month
    Capa.objects.filter(source="audit_finding").update(recorded_at=_at(end + timedelta(days=1)))
    return period


EXPECTED_DEPARTMENT = {
    "objectives_assessed": 2, "objectives_met": 1, "objectives_met_percent": Decimal(50),
    "survey_answers": 3, "survey_satisfied": 2,
    "document_errors": 2, "document_errors_corrected": 2,
    "capa_opened": 2, "capa_closed": 1, "capa_overdue": 1,
    "request_problems": 2, "documents_handled": 100, "records_filed": 10,
    "audit_visits": 1, "nonconformities": 1, "equipment_incidents": 1,
    "complaints": 2, "explanations_on_time": 1, "explanations_overdue": 1,
}


def test_the_departments_figures(entries, tree):
    values = stats.compute(tree["department"], entries)
    percent = values.pop("satisfaction_percent")
    assert values == EXPECTED_DEPARTMENT
    assert stats.rounded(stats.BY_KEY["satisfaction_percent"], percent) == Decimal("66.7")


def test_the_office_counts_the_committees_own_entries(entries, tree):
    values = stats.compute(tree["office"], entries)
    assert (values["objectives_assessed"], values["objectives_met"]) == (1, 1)
    assert (values["audit_visits"], values["nonconformities"]) == (1, 1)
    assert values["survey_answers"] == 0 and values["satisfaction_percent"] is None


def test_the_committees_figures_are_its_departments_added_up(entries, tree):
    committee = stats.compute(tree["committee"], entries)
    parts = [stats.compute(tree[k], entries) for k in ("office", "planning", "department")]
    for figure in stats.FIGURES:
        if not figure.formula:
            assert committee[figure.key] == sum(p[figure.key] for p in parts), figure.key
    assert committee["objectives_assessed"] == 3 and committee["objectives_met"] == 2
    assert stats.rounded(stats.BY_KEY["objectives_met_percent"],
                         committee["objectives_met_percent"]) == Decimal("66.7")


def test_a_unit_with_nothing_recorded_has_zeros(tree, quality_form):
    values = stats.compute(tree["planning"], last_month())
    for figure in stats.FIGURES:
        assert values[figure.key] == (None if figure.formula else 0), figure.key


def test_results_outside_the_period_do_not_count(entries, tree):
    before = entries.previous()
    values = stats.compute(tree["department"], before)
    assert values["objectives_assessed"] == 0 and values["documents_handled"] == 50
    assert (values["survey_answers"], values["document_errors"], values["request_problems"]) \
        == (1, 1, 1)
    assert ObjectiveResult.objects.count() == 4


def test_a_quarter_takes_its_months_and_the_latest_result(entries, tree):
    period = entries
    quarter = stats.compute(tree["department"], type(period)("quarter", period.year,
                                                             (period.index - 1) // 3 + 1))
    assert quarter["objectives_assessed"] == 2 and quarter["records_filed"] >= 10

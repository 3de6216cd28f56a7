"""Every state change of the quality registers, and its refusals: each one audited, bad input
named at its field and changing nothing, the wrong person refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from baocao.audit.models import Event
from baocao.collection.models import DataValue
from baocao.outbox.models import Notification
from baocao.quality import registers
from baocao.quality.models import (
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

from .conftest import last_month

TODAY = timezone.localdate()


def events(obj, action):
    return Event.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk),
                                action=action).order_by("seq")


def field_of(error: ValidationError) -> set:
    return set(error.value.message_dict)


@pytest.fixture
def objective(tree, users):
    return registers.create_objective(
        unit=tree["department"], year=last_month().year, title="Hồ sơ đúng hạn",
        measure="Tỷ lệ hồ sơ trả đúng hẹn", comparison="at_least", target="98",
        unit_of_measure="%", actor=users["department_reporter"])


# --- objectives ------------------------------------------------------------------------------

def test_an_objective_is_recorded_with_who_and_when(objective, users):
    assert objective.recorded_by == users["department_reporter"] and objective.recorded_at
    assert objective.target == 98 and objective.state == "active"
    assert events(objective, "qualityobjective.create").exists()


def test_only_the_units_people_and_the_quality_roles_record(tree, users):
    kwargs = {"unit": tree["department"], "year": 2026, "title": "x", "measure": "y",
              "comparison": "at_least", "target": "1"}
    with pytest.raises(PermissionDenied):
        registers.create_objective(**kwargs, actor=users["other_reporter"])
    with pytest.raises(PermissionDenied):
        registers.create_objective(**kwargs, actor=users["leader"])
    assert registers.create_objective(**kwargs, actor=users["iso_secretary"]).pk
    assert registers.create_objective(**kwargs, actor=users["department_head"]).pk


def test_a_bad_target_is_refused_at_its_field(tree, users):
    with pytest.raises(ValidationError) as error:
        registers.create_objective(unit=tree["department"], year=2026, title="x", measure="y",
                                   comparison="at_least", target="chín mươi",
                                   actor=users["department_reporter"])
    assert field_of(error) == {"target"} and not QualityObjective.objects.exists()


def test_results_say_whether_the_objective_is_met_and_replace_the_periods_one(objective,
                                                                               users):
    period = last_month()
    result = registers.record_result(objective, period_text=str(period), value="97,5",
                                     actor=users["department_reporter"])
    assert not result.met and result.value == 97.5
    result = registers.record_result(objective, period_text=str(period), value="99",
                                     actor=users["department_reporter"])
    assert result.met and ObjectiveResult.objects.count() == 1
    changes = [e.details for e in events(objective, "qualityobjective.result")]
    assert [c["met"] for c in changes] == [False, True] and changes[1]["old"] == "97.500000"


def test_at_most_objectives_are_met_below_their_target(tree, users):
    objective = registers.create_objective(
        unit=tree["department"], year=last_month().year, title="Văn bản sai lỗi",
        measure="số văn bản", comparison="at_most", target="1", actor=users["department_head"])
    assert registers.record_result(objective, period_text=str(last_month()), value="1",
                                   actor=users["department_head"]).met
    assert not registers.record_result(objective, period_text=str(last_month()), value="2",
                                       actor=users["department_head"]).met


def test_a_result_of_another_year_or_of_the_future_is_refused(objective, users):
    for text in (f"{objective.year - 1}-06", f"{TODAY.year + 1}-01", "2026-03-01..2026-03-05",
                 "tháng mười"):
        with pytest.raises(ValidationError) as error:
            registers.record_result(objective, period_text=text, value="99",
                                    actor=users["department_reporter"])
        assert field_of(error) == {"period"}, text
    assert not ObjectiveResult.objects.exists()


def test_a_result_from_the_indicator_takes_the_units_figure(tree, users, catalogue):
    period = last_month()
    indicator = catalogue["indicators"]["YT02"]
    objective = registers.create_objective(
        unit=tree["department"], year=period.year, title="BHYT", measure="Người có BHYT",
        comparison="at_least", target="900", indicator=indicator,
        actor=users["department_reporter"])
    with pytest.raises(ValidationError) as error:
        registers.record_result(objective, period_text=str(period), from_indicator=True,
                                actor=users["department_reporter"])
    assert field_of(error) == {"value"}
    DataValue.for_period(period, indicator=indicator, unit=tree["department"],
                         value=950).save()
    result = registers.record_result(objective, period_text=str(period), from_indicator=True,
                                     actor=users["department_reporter"])
    assert result.value == 950 and result.met and result.source == "indicator"


def test_a_withdrawn_objective_takes_no_more_results(objective, users):
    with pytest.raises(ValidationError):
        registers.withdraw_objective(objective, "  ", users["department_head"])
    registers.withdraw_objective(objective, "Trùng mục tiêu của UBND", users["department_head"])
    with pytest.raises(ValidationError):
        registers.withdraw_objective(objective, "lần nữa", users["department_head"])
    with pytest.raises(ValidationError):
        registers.record_result(objective, period_text=str(last_month()), value="99",
                                actor=users["department_reporter"])
    assert events(objective, "qualityobjective.withdraw").count() == 1


# --- erroneous documents -----------------------------------------------------------------------

def test_an_erroneous_document_is_recorded_then_corrected(tree, users):
    entry = registers.record_document_error(
        unit=tree["department"], document_title="12/BC-YT ngày 02/10/2026", error="Sai số liệu",
        found_by="Văn phòng", found_on=TODAY - timedelta(days=3),
        actor=users["department_reporter"])
    assert Notification.objects.filter(user=users["department_head"]).exists()
    with pytest.raises(ValidationError) as error:
        registers.correct_document_error(entry, corrected_on=TODAY - timedelta(days=5),
                                         correction="Đính chính",
                                         actor=users["department_reporter"])
    assert field_of(error) == {"corrected_on"}
    registers.correct_document_error(entry, corrected_on=TODAY, correction="Ban hành văn bản "
                                     "đính chính", actor=users["department_reporter"])
    entry.refresh_from_db()
    assert entry.state == "corrected" and entry.corrected_by == users["department_reporter"]
    with pytest.raises(ValidationError):
        registers.correct_document_error(entry, corrected_on=TODAY, correction="lại",
                                         actor=users["department_reporter"])
    assert events(entry, "documenterror.correct").count() == 1


def test_an_error_found_in_the_future_or_without_text_is_refused(tree, users):
    for found_on, error_text, field in ((TODAY + timedelta(days=1), "x", "found_on"),
                                        (TODAY, "   ", "error")):
        with pytest.raises(ValidationError) as error:
            registers.record_document_error(unit=tree["department"], document_title="1/BC",
                                            error=error_text, found_by="Văn thư",
                                            found_on=found_on,
                                            actor=users["department_reporter"])
        assert field_of(error) == {field}
    assert not DocumentError.objects.exists()


# --- CAPA ---------------------------------------------------------------------------------------

@pytest.fixture
def capa(tree, users):
    return registers.open_capa(
        unit=tree["department"], kind="corrective", problem="Hồ sơ trả chậm",
        cause="Thiếu người", action="Bố trí thêm cán bộ", responsible=users["department_reporter"],
        due_date=TODAY + timedelta(days=10), actor=users["department_head"])


def test_a_capa_goes_open_done_closed(capa, users):
    assert Notification.objects.filter(user=users["department_reporter"]).exists()
    registers.complete_capa(capa, done_on=TODAY, done_note="Đã bố trí",
                            actor=users["department_reporter"])
    capa.refresh_from_db()
    assert capa.state == "done"
    with pytest.raises(PermissionDenied):  # whoever did it does not check it
        registers.check_capa(capa, effective=True, note="ok", actor=users["department_reporter"])
    registers.check_capa(capa, effective=True, note="Kiểm tra 10 hồ sơ",
                         actor=users["department_head"])
    capa.refresh_from_db()
    assert capa.state == "closed" and capa.effective and capa.checked_by == users[
        "department_head"]
    with pytest.raises(ValidationError):
        registers.complete_capa(capa, done_on=TODAY, done_note="x",
                                actor=users["department_reporter"])
    assert [e.action for e in Event.objects.filter(object_type="quality.capa").order_by(
        "seq")] == ["capa.open", "capa.complete", "capa.check"]


def test_a_capa_not_effective_is_open_again_for_the_same_person(capa, users):
    registers.complete_capa(capa, done_on=TODAY, done_note="Đã làm",
                            actor=users["department_reporter"])
    registers.check_capa(capa, effective=False, note="Vẫn trả chậm", actor=users["qmr"])
    capa.refresh_from_db()
    assert capa.state == "open" and capa.done_on is None and capa.effective is False
    assert capa.responsible == users["department_reporter"]


def test_capa_refusals(tree, users, capa):
    with pytest.raises(ValidationError) as error:
        registers.open_capa(unit=tree["department"], kind="corrective", problem="x",
                            action="y", responsible=users["department_reporter"],
                            due_date=TODAY - timedelta(days=1), actor=users["department_head"])
    assert field_of(error) == {"due_date"}
    with pytest.raises(ValidationError) as error:
        registers.open_capa(unit=tree["department"], kind="magic", problem="x", action="y",
                            responsible=users["department_reporter"], due_date=TODAY,
                            actor=users["department_head"])
    assert field_of(error) == {"kind"}
    with pytest.raises(ValidationError):  # not yet done: nothing to check
        registers.check_capa(capa, effective=True, note="x", actor=users["department_head"])
    with pytest.raises(PermissionDenied):
        registers.complete_capa(capa, done_on=TODAY, done_note="x",
                                actor=users["other_reporter"])
    with pytest.raises(ValidationError) as error:
        registers.complete_capa(capa, done_on=TODAY + timedelta(days=1), done_note="x",
                                actor=users["department_reporter"])
    assert field_of(error) == {"done_on"}
    assert Capa.objects.count() == 1


def test_a_capa_is_opened_from_an_entry_and_named_by_it(tree, users):
    complaint = registers.record_complaint(
        unit=tree["department"], received_on=TODAY, subject="Chờ lâu",
        explanation_due=TODAY + timedelta(days=5), actor=users["department_reporter"])
    capa = registers.open_capa_from(complaint, kind="preventive", problem="Chờ lâu",
                                    action="Thêm quầy", responsible=users["department_reporter"],
                                    due_date=TODAY, actor=users["department_head"])
    assert (capa.source, capa.source_id, capa.unit) == ("complaint", complaint.pk,
                                                        tree["department"])
    assert registers.capas_from(complaint) == [capa] and registers.source_of(capa) == complaint


# --- problems in handling requests -------------------------------------------------------------

def test_a_problem_is_recorded_then_resolved_once(tree, users):
    problem = registers.record_problem(unit=tree["department"], occurred_on=TODAY,
                                       kind="late", description="Trả chậm 2 ngày",
                                       case_reference="HS-1", actor=users["department_reporter"])
    with pytest.raises(ValidationError) as error:
        registers.resolve_problem(problem, resolution="x", actor=users["department_reporter"],
                                  resolved_on=TODAY - timedelta(days=1))
    assert field_of(error) == {"resolved_on"}
    registers.resolve_problem(problem, resolution="Xin lỗi công dân", resolved_on=TODAY,
                              actor=users["department_reporter"])
    with pytest.raises(ValidationError):
        registers.resolve_problem(problem, resolution="x", resolved_on=TODAY,
                                  actor=users["department_reporter"])
    problem.refresh_from_db()
    assert problem.state == "resolved" and events(problem, "requestproblem.resolve").count() == 1
    with pytest.raises(ValidationError) as error:
        registers.record_problem(unit=tree["department"], occurred_on=TODAY, kind="weird",
                                 description="x", actor=users["department_reporter"])
    assert field_of(error) == {"kind"} and RequestProblem.objects.count() == 1


# --- documents handled, records filed ------------------------------------------------------------

def test_a_periods_counts_are_saved_once_and_replaced(tree, users):
    period = str(last_month())
    row, action = registers.save_workload(unit=tree["department"], period_text=period,
                                          documents_received="120", documents_handled="118",
                                          records_filed="15", actor=users["department_reporter"])
    assert action == "create" and row.documents_handled == 118
    assert registers.save_workload(unit=tree["department"], period_text=period,
                                   documents_received=120, documents_handled=118,
                                   records_filed=15, actor=users["department_reporter"])[1] is None
    assert registers.save_workload(unit=tree["department"], period_text=period,
                                   documents_received=120, documents_handled=119,
                                   records_filed=15, actor=users["department_reporter"])[1] == \
        "update"
    assert WorkloadCount.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        registers.save_workload(unit=tree["department"], period_text=period,
                                documents_received="10", documents_handled="11",
                                records_filed="1", actor=users["department_reporter"])
    assert field_of(error) == {"documents_handled"}
    for bad in ("-1", "1,5", "nhiều"):
        with pytest.raises(ValidationError) as error:
            registers.save_workload(unit=tree["department"], period_text=period,
                                    documents_received=bad, documents_handled="0",
                                    records_filed="0", actor=users["department_reporter"])
        assert field_of(error) == {"documents_received"}, bad
    assert WorkloadCount.objects.get().documents_handled == 119


# --- internal audits ---------------------------------------------------------------------------

@pytest.fixture
def audit(tree, users):
    return registers.plan_audit(committee=tree["committee"], title="Đánh giá nội bộ",
                                planned_on=TODAY, scope="QT.07", units=[tree["department"]],
                                auditors=[users["iso_secretary"]], actor=users["iso_secretary"])


def test_only_the_quality_roles_plan_audits(tree, users):
    with pytest.raises(PermissionDenied):
        registers.plan_audit(committee=tree["committee"], title="x", planned_on=TODAY,
                             scope="y", units=[tree["department"]], auditors=[users["qmr"]],
                             actor=users["department_head"])
    with pytest.raises(ValidationError) as error:
        registers.plan_audit(committee=tree["committee"], title="x", planned_on=TODAY,
                             scope="y", units=[], auditors=[users["qmr"]], actor=users["qmr"])
    assert field_of(error) == {"units"} and not InternalAudit.objects.exists()


def test_a_nonconformity_opens_its_capa(audit, tree, users):
    finding = registers.record_finding(
        audit, unit=tree["department"], kind="nonconformity", clause="8.5.1",
        description="Thiếu phiếu kiểm soát", action="Bổ sung phiếu",
        responsible=users["department_reporter"], due_date=TODAY + timedelta(days=30),
        actor=users["iso_secretary"])
    assert finding.capa.source == "audit_finding" and finding.capa.source_id == finding.pk
    assert finding.capa.responsible == users["department_reporter"]
    observation = registers.record_finding(audit, unit=tree["department"], kind="observation",
                                           description="Nên đào tạo", actor=users["qmr"])
    assert observation.capa is None


def test_a_nonconformity_without_who_and_when_records_nothing(audit, tree, users):
    with pytest.raises(ValidationError) as error:
        registers.record_finding(audit, unit=tree["department"], kind="nonconformity",
                                 description="Thiếu phiếu", action="Bổ sung",
                                 actor=users["iso_secretary"])
    assert "responsible" in field_of(error)
    assert not AuditFinding.objects.exists() and not Capa.objects.exists()
    with pytest.raises(ValidationError) as error:
        registers.record_finding(audit, unit=tree["ward"], kind="observation",
                                 description="x", actor=users["iso_secretary"])
    assert field_of(error) == {"unit"}
    with pytest.raises(PermissionDenied):
        registers.record_finding(audit, unit=tree["department"], kind="observation",
                                 description="x", actor=users["department_head"])


def test_an_audit_is_held_or_cancelled_once(audit, tree, users):
    registers.record_finding(audit, unit=tree["department"], kind="observation",
                             description="x", actor=users["iso_secretary"])
    with pytest.raises(ValidationError):  # it has findings: it was held
        registers.cancel_audit(audit, "Trùng lịch", users["iso_secretary"])
    registers.complete_audit(audit, held_on=TODAY, summary="Hệ thống có hiệu lực",
                             actor=users["iso_secretary"])
    with pytest.raises(ValidationError):
        registers.complete_audit(audit, held_on=TODAY, summary="lại",
                                 actor=users["iso_secretary"])
    other = registers.plan_audit(committee=tree["committee"], title="Đợt 2",
                                 planned_on=TODAY + timedelta(days=9), scope="x",
                                 units=[tree["department"]], auditors=[users["qmr"]],
                                 actor=users["qmr"])
    registers.cancel_audit(other, "Trùng lịch", users["iso_secretary"])
    other.refresh_from_db()
    assert other.state == "cancelled"
    with pytest.raises(ValidationError):
        registers.record_finding(other, unit=tree["department"], kind="observation",
                                 description="x", actor=users["qmr"])


# --- equipment incidents -----------------------------------------------------------------------

def test_an_incident_is_recorded_then_repaired_once(tree, users):
    with pytest.raises(ValidationError) as error:
        registers.record_incident(unit=tree["department"], equipment="Máy in",
                                  occurred_at=timezone.now() + timedelta(hours=2), effect="x",
                                  actor=users["department_reporter"])
    assert field_of(error) == {"occurred_at"}
    incident = registers.record_incident(
        unit=tree["department"], equipment="Máy quét", occurred_at=timezone.now(),
        effect="Không quét được hồ sơ", actor=users["department_reporter"])
    registers.record_repair(incident, repaired_on=TODAY, repair="Thay bộ nạp giấy",
                            repaired_by="Kỹ thuật", actor=users["department_reporter"])
    with pytest.raises(ValidationError):
        registers.record_repair(incident, repaired_on=TODAY, repair="x", repaired_by="y",
                                actor=users["department_reporter"])
    incident.refresh_from_db()
    assert incident.state == "repaired" and EquipmentIncident.objects.count() == 1


# --- complaints ----------------------------------------------------------------------------------

def test_a_complaint_is_explained_by_the_head_on_time_or_late(tree, users):
    with pytest.raises(ValidationError) as error:
        registers.record_complaint(unit=tree["department"], received_on=TODAY,
                                   subject="Chậm", explanation_due=TODAY - timedelta(days=1),
                                   actor=users["department_reporter"])
    assert field_of(error) == {"explanation_due"}
    complaint = registers.record_complaint(
        unit=tree["department"], received_on=TODAY - timedelta(days=10), subject="Chậm",
        explanation_due=TODAY - timedelta(days=3), actor=users["department_reporter"])
    assert Notification.objects.filter(user=users["department_head"]).exists()
    with pytest.raises(PermissionDenied):
        registers.record_explanation(complaint, explained_on=TODAY, explanation="x",
                                     actor=users["department_reporter"])
    registers.record_explanation(complaint, explained_on=TODAY, explanation="Đã làm rõ",
                                 actor=users["department_head"])
    complaint.refresh_from_db()
    assert complaint.state == "explained" and complaint.on_time is False
    with pytest.raises(ValidationError):
        registers.record_explanation(complaint, explained_on=TODAY, explanation="x",
                                     actor=users["department_head"])
    on_time = registers.record_complaint(
        unit=tree["department"], received_on=TODAY, subject="Thái độ",
        explanation_due=TODAY + timedelta(days=5), actor=users["department_reporter"])
    registers.record_explanation(on_time, explained_on=TODAY, explanation="Đã chấn chỉnh",
                                 actor=users["department_head"])
    on_time.refresh_from_db()
    assert on_time.on_time is True and Complaint.objects.count() == 2

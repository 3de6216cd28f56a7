"""What every installation starts with for QT.07: the BM.07.01 form ("Thống kê tình hình thực
hiện công tác tháng …/20…") under the quality regime, its indicators (computed from the
registers and surveys, never typed; two percentages derived from them), its narrative sections,
the management review's regime and workflow, and the standard survey questions.

Loaded by a data migration with the historical models; an administrator may change them
afterwards.  Loading creates what is missing and never overwrites a committee's changes.
"""

# code, key, name, unit of measure, value type, time aggregation, formula, group heading
GROUPS = [
    ("objectives", "1. Thực hiện mục tiêu chất lượng"),
    ("satisfaction", "2. Sự hài lòng của tổ chức và công dân"),
    ("document_errors", "3. Văn bản sai lỗi và việc khắc phục"),
    ("capa", "4. Hành động khắc phục, phòng ngừa, cải tiến"),
    ("request_problems", "5. Các vấn đề xảy ra trong giải quyết công việc cho khách hàng"),
    ("workload", "6. Kết quả xử lý văn bản đến và lưu trữ hồ sơ"),
    ("audits", "7. Đánh giá chất lượng nội bộ"),
    ("incidents", "8. Sự cố thiết bị"),
    ("complaints", "9. Khiếu nại của khách hàng và giải trình"),
]

FIGURES = [
    ("QL01", "objectives_assessed", "Mục tiêu chất lượng được đánh giá trong kỳ", "mục tiêu",
     "integer", "last", "", "objectives"),
    ("QL02", "objectives_met", "Mục tiêu chất lượng đạt", "mục tiêu", "integer", "last", "",
     "objectives"),
    ("QL03", "objectives_met_percent", "Tỷ lệ mục tiêu chất lượng đạt", "%", "percent", "last",
     "100 * QL02 / QL01", "objectives"),
    ("QL04", "survey_answers", "Phiếu khảo sát sự hài lòng nhận được", "phiếu", "integer", "sum",
     "", "satisfaction"),
    ("QL05", "survey_satisfied", "Phiếu hài lòng và rất hài lòng", "phiếu", "integer", "sum", "",
     "satisfaction"),
    ("QL06", "satisfaction_percent", "Tỷ lệ tổ chức, công dân hài lòng", "%", "percent", "sum",
     "100 * QL05 / QL04", "satisfaction"),
    ("QL07", "document_errors", "Văn bản sai lỗi phát hiện trong kỳ", "văn bản", "integer",
     "sum", "", "document_errors"),
    ("QL08", "document_errors_corrected", "Văn bản sai lỗi đã khắc phục trong kỳ", "văn bản",
     "integer", "sum", "", "document_errors"),
    ("QL09", "capa_opened", "Hành động khắc phục, phòng ngừa, cải tiến mở trong kỳ", "hành động",
     "integer", "sum", "", "capa"),
    ("QL10", "capa_closed", "Hành động đã hoàn thành và có hiệu lực (đóng trong kỳ)",
     "hành động", "integer", "sum", "", "capa"),
    ("QL11", "capa_overdue", "Hành động quá hạn chưa hoàn thành (cuối kỳ)", "hành động",
     "integer", "last", "", "capa"),
    ("QL12", "request_problems", "Vấn đề phát sinh trong giải quyết hồ sơ của tổ chức, công dân",
     "vụ việc", "integer", "sum", "", "request_problems"),
    ("QL13", "documents_handled", "Văn bản đến đã xử lý", "văn bản", "integer", "sum", "",
     "workload"),
    ("QL14", "records_filed", "Hồ sơ công việc được lập và lưu trữ", "hồ sơ", "integer", "sum",
     "", "workload"),
    ("QL15", "audit_visits", "Lượt đơn vị được đánh giá chất lượng nội bộ", "lượt", "integer",
     "sum", "", "audits"),
    ("QL16", "nonconformities", "Điểm không phù hợp phát hiện qua đánh giá nội bộ", "điểm",
     "integer", "sum", "", "audits"),
    ("QL17", "equipment_incidents", "Sự cố thiết bị", "sự cố", "integer", "sum", "",
     "incidents"),
    ("QL18", "complaints", "Khiếu nại của tổ chức, công dân nhận được", "đơn", "integer", "sum",
     "", "complaints"),
    ("QL19", "explanations_on_time", "Khiếu nại đã giải trình đúng hạn", "đơn", "integer", "sum",
     "", "complaints"),
    ("QL20", "explanations_overdue", "Khiếu nại quá hạn chưa giải trình (cuối kỳ)", "đơn",
     "integer", "last", "", "complaints"),
]

FORM_CODE = "BM.07.01"
# The seed's "tháng …/20…" is the blank its paper form leaves for the period; a round adds its
# own period ("… — Tháng 11/2026"), and the form serves every period kind.
FORM_NAME = "Thống kê tình hình thực hiện công tác"
FORM_DESCRIPTION = (
    "QT.07 §5.1.2 c và §6: mỗi phòng thống kê tình hình thực hiện công tác tháng, quý, 6 tháng, "
    "năm; Văn phòng tổng hợp toàn UBND. Các số liệu do hệ thống tính từ các sổ theo dõi chất "
    "lượng và phiếu khảo sát (không nhập tay); các phần nhận xét do phòng viết.")
TABLE_TITLE = "Thống kê tình hình thực hiện công tác"
# kind, title, guidance
SECTIONS = [
    ("free", "Ưu điểm, tác động tích cực của chất lượng dịch vụ đối với tổ chức, công dân",
     "Những mặt làm tốt trong kỳ và tác động tích cực đối với tổ chức, công dân."),
    ("difficulties", "Tồn tại, khuyết điểm và nguyên nhân",
     "Những tồn tại, khuyết điểm trong kỳ và nguyên nhân của chúng."),
    ("next_period_tasks", "Nhiệm vụ công tác trong thời gian tới",
     "Nhiệm vụ, giải pháp của phòng trong kỳ tới."),
]

REVIEW_REGIME = (
    "management_review", "Báo cáo tổng hợp phục vụ xem xét của lãnh đạo (ISO 9001 §9.3)",
    ["quarter", "half_year", "year"], 1, None, 5, 2, "qmr", False,
    "QT.07 5.2: định kỳ trong các đợt xem xét của lãnh đạo, QMR tổng hợp các ý kiến đóng góp, "
    "hướng xử lý và kết quả đạt được (cùng hành động khắc phục, đánh giá nội bộ, sự hài lòng, "
    "mục tiêu chất lượng) gửi Chủ tịch UBND.")
# step: (code, name, role, actor_unit, procedure step, [(action, to step)], final)
REVIEW_STEPS = [
    ("draft", "Đại diện lãnh đạo về chất lượng tổng hợp, hoàn chỉnh báo cáo", "qmr", "committee",
     "QT.07 5.2", [("submit", "sign")], False),
    ("sign", "Lãnh đạo UBND duyệt, ký báo cáo", "leader", "committee", "QT.07 5.1.2d",
     [("sign", "issue"), ("return", "draft")], False),
    ("issue", "Văn thư phát hành, gửi Chủ tịch UBND", "clerk", "office", "QT.07 5.1.2d",
     [("issue", "file")], False),
    ("file", "Lưu hồ sơ xem xét của lãnh đạo", "clerk", "office", "QT.07 7", [], True),
]

# text, overall
QUESTIONS = [
    ("Thủ tục, hồ sơ được hướng dẫn đầy đủ, dễ hiểu", False),
    ("Thái độ của cán bộ, công chức khi tiếp nhận và giải quyết hồ sơ", False),
    ("Thời gian giải quyết đúng hẹn", False),
    ("Cơ sở vật chất nơi tiếp nhận và trả kết quả", False),
    ("Nhìn chung, ông/bà hài lòng với dịch vụ của cơ quan", True),
]


def load(Sector, Indicator, Regime, ReportForm, FormVersion, FormTable, FormRow, FormSection,
         WorkflowStep, WorkflowTransition, SurveyQuestion):
    """Create what is missing.  Takes the model classes so that a migration can pass its
    historical models."""
    sector = Sector.objects.filter(code="quality").first()
    if sector is None:
        sector = Sector.objects.create(code="quality", name="Thống kê chất lượng (ISO 9001)",
                                       family="socio_economic", sort_order=110)
    indicators = {}
    for code, _key, name, uom, value_type, time_how, formula, _group in FIGURES:
        indicators[code], _created = Indicator.objects.get_or_create(code=code, defaults={
            "name": name, "sector": sector, "family": "socio_economic", "unit_of_measure": uom,
            "value_type": value_type, "decimals": 1 if value_type == "percent" else 0,
            "aggregation": "none" if formula else "sum", "time_aggregation": time_how,
            "direction": "lower" if code in ("QL07", "QL11", "QL12", "QL16", "QL17", "QL18",
                                             "QL20") else "higher",
            "formula": formula})
    _load_form(indicators, Regime, ReportForm, FormVersion, FormTable, FormRow, FormSection)
    _load_review_regime(Regime, WorkflowStep, WorkflowTransition)
    if not SurveyQuestion.objects.exists():
        for order, (text, overall) in enumerate(QUESTIONS, start=1):
            SurveyQuestion.objects.create(text=text, is_overall=overall, sort_order=order * 10)


def _load_form(indicators, Regime, ReportForm, FormVersion, FormTable, FormRow, FormSection):
    regime = Regime.objects.filter(code="quality").first()
    if regime is None:
        return
    form = ReportForm.objects.filter(code=FORM_CODE).first()
    if form is None:
        form = ReportForm.objects.create(code=FORM_CODE, name=FORM_NAME, regime=regime,
                                         description=FORM_DESCRIPTION)
    latest = form.versions.order_by("-number").first()
    if latest is not None and FormRow.objects.filter(
            table__version=latest, indicator__code__in=list(indicators)).exists():
        return  # this form already has the computed figures
    # Built as a draft (a version's content changes only then), approved once complete.
    version = FormVersion.objects.create(
        form=form, number=(latest.number + 1) if latest else 1, state="draft",
        note="Số liệu tính từ các sổ theo dõi chất lượng (QT.07)")
    table = FormTable.objects.create(version=version, title=TABLE_TITLE,
                                     columns=["actual", "year_to_date"], sort_order=1)
    position = 0
    headings = dict(GROUPS)
    group = None
    for code, _key, _name, _uom, _type, _time, _formula, figure_group in FIGURES:
        if figure_group != group:
            group = figure_group
            position += 1
            FormRow.objects.create(table=table, heading=headings[group], sort_order=position)
        position += 1
        FormRow.objects.create(table=table, indicator=indicators[code], required=True,
                               sort_order=position)
    for order, (kind, title, guidance) in enumerate(SECTIONS, start=1):
        FormSection.objects.create(version=version, kind=kind, title=title, guidance=guidance,
                                   required=True, sort_order=order)
    FormVersion.objects.filter(pk=version.pk).update(state="approved")


def _load_review_regime(Regime, WorkflowStep, WorkflowTransition):
    (code, name, kinds, cutoff_day, due_day, due_days, paper_days, lead, next_year,
     description) = REVIEW_REGIME
    regime, created = Regime.objects.get_or_create(code=code, defaults={
        "name": name, "period_kinds": kinds, "cutoff_start_day": cutoff_day,
        "due_day_of_month": due_day, "due_working_days": due_days,
        "paper_due_days": paper_days, "lead": lead, "includes_next_year": next_year,
        "description": description})
    if not created:
        return
    by_code = {}
    for order, (step_code, step_name, role, actor_unit, ref, _t, final) in enumerate(
            REVIEW_STEPS):
        by_code[step_code] = WorkflowStep.objects.create(
            regime=regime, code=step_code, name=step_name, role=role, actor_unit=actor_unit,
            order=(order + 1) * 10, seed_reference=ref, is_final=final)
    for step_code, *_rest, transitions, _final in REVIEW_STEPS:
        for action, to_code in transitions:
            WorkflowTransition.objects.create(step=by_code[step_code], action=action,
                                              to_step=by_code[to_code])


def load_current():
    """load() with today's models (tests, and the demo on a database flushed by a test)."""
    from baocao.catalogue.models import (
        FormRow,
        FormSection,
        FormTable,
        FormVersion,
        Indicator,
        Regime,
        ReportForm,
        Sector,
        WorkflowStep,
        WorkflowTransition,
    )

    from .models import SurveyQuestion

    load(Sector, Indicator, Regime, ReportForm, FormVersion, FormTable, FormRow, FormSection,
         WorkflowStep, WorkflowTransition, SurveyQuestion)

"""The demo's catalogue: about seventy real-world indicators of both families, the committee's
and the wards' targets for 2025 and 2026 (in the size of the demo's example), and three approved
forms (monthly, quarterly, annual plan; BM.07.01 ships with the installation, see
baocao/quality/builtin.py).  Loading twice changes nothing."""

import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from baocao.audit.log import save_and_record
from baocao.organisation.demo import WARD_KINDS
from baocao.organisation.demo.examples import current
from baocao.organisation.models import Kind, OrgUnit, User

from .. import builtin, forms
from ..imports import import_indicators, import_targets
from ..models import (
    Column,
    FormRow,
    FormSection,
    FormTable,
    Indicator,
    Regime,
    ReportForm,
    SectionKind,
    Sector,
    ValidationRule,
    WorkflowStep,
    WorkflowTransition,
)

INDICATORS_CSV = Path(__file__).with_name("indicators.csv")

# Tây Hồ's 2026 plan (kế hoạch năm), scaled by Example.scale; 2025 is about 7% lower.
DISTRICT_TARGETS_2026 = {
    "NS01": 4200, "NS02": 900, "NS03": 1500, "NS04": 1350, "NS05": 520, "NS06": 780,
    "KT01": 52000, "KT02": 1100, "KT03": 9000, "KT04": 600, "KT05": 3200000, "KT06": 9500,
    "DT01": 420, "DT03": 350, "DT05": 2400, "DT06": 3200,
    "VH01": 92, "VH02": 140, "VH03": 60, "VH04": 1800,
    "GD01": 38000, "GD05": 30, "YT01": 168000, "YT02": 158000, "YT04": 2300,
    "LD01": 4800, "LD02": 40, "LD03": 120, "LD04": 52000, "LD06": 9000,
    "TN01": 300, "TN02": 100, "NV01": 95000, "NV02": 94000, "NV04": 60000,
    "TP01": 120000, "TP02": 2600, "TP03": 150, "TP04": 180,
    "AN02": 300, "AN10": 16000, "QP01": 180, "QP02": 180, "QP04": 400, "QP05": 1600,
    # derived indicators: their own target only
    "NS07": 38.5, "DT04": 90, "GD04": 100, "YT03": 95, "LD05": 0.07, "NV03": 98, "AN03": 85,
    "QP03": 100,
}
# Which department (by its role in examples.ROLES) reports which indicators for the whole
# committee; wards and communes report the rest.
DEPARTMENT_INDICATORS_BY_ROLE = {
    "planning": ["NS01", "NS02", "NS03", "NS04", "NS05", "NS06"],
    "economy": ["KT01", "KT02", "KT03", "KT05", "KT06"],
    "construction": ["DT01"],
    "culture": ["VH03", "VH04"],
    "education": ["GD01", "GD05"],
    "health": ["YT04", "YT06"],
    "labour": ["LD01", "LD06"],
    "environment": ["TN01"],
    "home_affairs": ["NV01", "NV02", "NV04"],
    "justice": ["TP01", "TP04"],
    "police": ["AN01", "AN02", "AN04", "AN05", "AN06", "AN07", "AN08", "AN09", "AN10"],
    "military": ["QP01", "QP02", "QP04", "QP05"],
}


def department_indicators(example=None) -> dict[str, list[str]]:
    """Unit code → the indicators it reports for the whole committee (Hà Nội's Sở Nội vụ
    reports both its own and labour's)."""
    example = example or current()
    found: dict[str, list[str]] = {}
    for role, codes in DEPARTMENT_INDICATORS_BY_ROLE.items():
        found.setdefault(example.code(role), []).extend(codes)
    return found


def committee_targets(example=None) -> dict[str, float]:
    """The committee's 2026 plan, in the size of its example (a share is not scaled)."""
    example = example or current()
    derived = {"NS07", "DT04", "GD04", "YT03", "LD05", "NV03", "AN03", "QP03"}
    percent = set(Indicator.objects.filter(value_type="percent").values_list("code", flat=True))
    return {code: value if code in derived | percent else value * example.scale
            for code, value in DISTRICT_TARGETS_2026.items()}


DEPARTMENT_ONLY = {code for codes in DEPARTMENT_INDICATORS_BY_ROLE.values()
                   for code in codes} - {"NV01", "NV02"}

SECTIONS = {
    "monthly": [
        (SectionKind.RESULTS, "Kết quả thực hiện nhiệm vụ trong tháng"),
        (SectionKind.DIFFICULTIES, "Khó khăn, vướng mắc"),
        (SectionKind.PROPOSALS, "Kiến nghị, đề xuất"),
        (SectionKind.NEXT_PERIOD_TASKS, "Phương hướng, nhiệm vụ tháng tới"),
    ],
    "periodic": [
        (SectionKind.RESULTS, "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội, an ninh - "
                              "quốc phòng"),
        (SectionKind.FREE, "Công tác chỉ đạo, điều hành; khắc phục tồn tại của kỳ trước"),
        (SectionKind.DIFFICULTIES, "Khó khăn, vướng mắc, nguyên nhân"),
        (SectionKind.PROPOSALS, "Kiến nghị, đề xuất"),
        (SectionKind.NEXT_PERIOD_TASKS, "Nhiệm vụ, giải pháp thời gian tới"),
    ],
    "plan": [
        (SectionKind.RESULTS, "Đánh giá tình hình thực hiện kế hoạch năm"),
        (SectionKind.FREE, "Dự báo khả năng thực hiện kế hoạch cả năm"),
        (SectionKind.DIFFICULTIES, "Tồn tại, hạn chế, nguyên nhân"),
        (SectionKind.PROPOSALS, "Kiến nghị, đề xuất"),
        (SectionKind.NEXT_PERIOD_TASKS, "Dự kiến kế hoạch, nhiệm vụ năm tiếp theo"),
    ],
}

# (part, whole, severity, message): rules between cells of the demo forms.
RULES = [
    ("DT03", "DT02", "error", ""),
    ("AN02", "AN01", "error", "Số vụ điều tra làm rõ không thể lớn hơn số vụ phạm tội."),
    ("NV02", "NV01", "error", ""),
    ("YT02", "YT01", "error", ""),
    ("GD03", "GD02", "error", ""),
    ("AN05", "AN04", "warning", "Số người chết nhiều hơn số vụ tai nạn: hãy giải thích "
                               "(một vụ có thể có nhiều người chết)."),
    ("NS05", "NS04", "error", "Chi đầu tư phát triển không thể lớn hơn tổng chi ngân sách."),
]

C = Column
FORMS = [
    # code, name, regime, columns, sections, families/sectors
    ("BC-THANG", "Báo cáo tháng kết quả thực hiện nhiệm vụ kinh tế - xã hội, an ninh - quốc phòng",
     "monthly", [C.ACTUAL, C.YEAR_TO_DATE, C.SAME_PERIOD_LAST_YEAR, C.VS_SAME_PERIOD_LAST_YEAR,
                 C.NOTE], "monthly"),
    ("BC-QUY", "Báo cáo 3 tháng, 6 tháng, 9 tháng thực hiện các chỉ tiêu KT-XH, AN-QP",
     "periodic", [C.ACTUAL, C.YEAR_TO_DATE, C.TARGET, C.PERCENT_OF_TARGET,
                  C.SAME_PERIOD_LAST_YEAR, C.VS_SAME_PERIOD_LAST_YEAR, C.NOTE], "periodic"),
    ("BC-KHNAM", "Báo cáo dự kiến thực hiện kế hoạch năm và kế hoạch năm tiếp theo",
     "plan", [C.ACTUAL, C.YEAR_TO_DATE, C.TARGET, C.PERCENT_OF_TARGET, C.FULL_YEAR_ESTIMATE,
              C.NEXT_YEAR_TARGET, C.NOTE], "plan"),
]


def _codes_of(indicator) -> set[str]:
    """The indicator's own code, or the codes its formula uses (a derived row is filled by
    whoever fills its components)."""
    from ..formulas import codes, parse

    return codes(parse(indicator.formula)) if indicator.is_derived else {indicator.code}


def _ward_kinds(indicator, kinds: list[str]) -> list[str]:
    """Who fills a row besides the departments of DEPARTMENT_INDICATORS_BY_ROLE: the wards and
    communes (`kinds`, those of the tree), except for a committee-only figure."""
    return [] if _codes_of(indicator) <= DEPARTMENT_ONLY else kinds


def _round(value: float, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def targets_csv() -> str:
    example = current()
    indicators = {i.code: i for i in Indicator.objects.all()}
    lines = ["indicator,unit,year,value"]
    for code, value_2026 in committee_targets(example).items():
        indicator = indicators[code]
        for year, factor in ((2025, 1 / 1.07), (2026, 1.0)):
            value = value_2026 * factor if indicator.time_aggregation == "sum" else value_2026
            if indicator.value_type == "percent":
                value = value_2026
            lines.append(f"{code},{example.root},{year},{_round(value, indicator.decimals)}")
            if indicator.is_derived:
                continue
            for ward, share in example.ward_shares.items():
                ward_value = value if indicator.aggregation == "average" else value * share
                lines.append(f"{code},{ward},{year},{_round(ward_value, indicator.decimals)}")
    return "\n".join(lines) + "\n"


def _build_form(code, name, regime_code, columns, sections_key, units, approver):
    form = ReportForm(code=code, name=name, regime=Regime.objects.get(code=regime_code))
    save_and_record(form, via="demo")
    form.units.set(units)
    version = forms.new_version(form, approver, note="Ban hành lần đầu")
    groups = ["Biểu 01. Các chỉ tiêu kinh tế - xã hội",
              "Biểu 02. Các chỉ tiêu an ninh - quốc phòng"]
    indicators = list(Indicator.objects.select_related("sector").order_by(
        "sector__sort_order", "code"))
    ward_kinds = sorted({u.kind for u in units if u.kind in WARD_KINDS})
    for order, title in enumerate(groups, start=1):
        family = "socio_economic" if order == 1 else "security_defence"
        # the quality sector's figures are BM.07.01's, computed from the quality registers
        chosen = [i for i in indicators if i.family == family and i.sector.code != "quality"]
        table = FormTable.objects.create(version=version, title=title, columns=list(columns),
                                         sort_order=order)
        rows, position, sector = [], 0, None
        for indicator in chosen:
            if indicator.sector_id != sector:
                sector = indicator.sector_id
                position += 1
                rows.append(FormRow(table=table, heading=indicator.sector.name,
                                    sort_order=position))
            position += 1
            # Departments fill their sector's district-wide rows and wards the rest (a row
            # says who fills it), so no figure is counted twice in a total.  No row is
            # required: the checks of types, ranges, rules and outliers still apply.
            rows.append(FormRow(table=table, indicator=indicator, sort_order=position,
                                required=False, unit_kinds=_ward_kinds(indicator, ward_kinds)))
        FormRow.objects.bulk_create(rows)
        for row in FormRow.objects.filter(table=table, indicator__isnull=False):
            reporters = [code for code, codes in department_indicators().items()
                         if _codes_of(row.indicator) & set(codes)]
            if reporters:
                row.units.set(OrgUnit.objects.filter(code__in=reporters))
    FormSection.objects.bulk_create(
        FormSection(version=version, kind=kind, title=title, sort_order=i, required=True)
        for i, (kind, title) in enumerate(SECTIONS[sections_key], start=1)
    )
    in_form = set(FormRow.objects.filter(table__version=version).values_list(
        "indicator__code", flat=True))
    by_code = {i.code: i for i in indicators}
    ValidationRule.objects.bulk_create(
        ValidationRule(version=version, left=by_code[left], operator="<=", right=by_code[right],
                       severity=severity, message=message)
        for left, right, severity, message in RULES if {left, right} <= in_form
    )
    forms.approve(version, approver)


def load_catalogue() -> list:
    """Load the indicators, the targets for 2025–2026 and the three demo forms."""
    builtin.load(Sector, Regime, WorkflowStep, WorkflowTransition)
    result = import_indicators(INDICATORS_CSV, filename="demo/indicators.csv")
    if result.errors:
        raise RuntimeError("\n".join(result.errors))
    result = import_targets(io.StringIO(targets_csv()), filename="demo/targets.csv")
    if result.errors:
        raise RuntimeError("\n".join(result.errors))
    approver = User.objects.get(username="chutich")
    reporting = list(OrgUnit.objects.filter(
        kind__in=[*WARD_KINDS, Kind.DEPARTMENT, Kind.PLANNING_DEPARTMENT]))
    with transaction.atomic():
        for code, name, regime, columns, sections_key in FORMS:
            if ReportForm.objects.filter(code=code).exists():
                continue
            _build_form(code, name, regime, columns, sections_key, reporting, approver)
    return []

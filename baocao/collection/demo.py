"""The collection demo: the monthly form's rounds of the last twelve months with
realistic figures for every ward and department (a few sent late, one missing, one returned and
corrected), and the current month's round open with some units still in draft.

Past rounds are history, so their sending and receipt are written directly (with one audit
event per submission marked as demo history); the current round goes through the same functions
as the application.  Loading twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from baocao.audit.log import record
from baocao.catalogue.demo import DEPARTMENT_ONLY, committee_targets, department_indicators
from baocao.catalogue.models import FormRow, ReportForm, SectionKind
from baocao.catalogue.periods import Period
from baocao.consolidation import rollups
from baocao.organisation.demo import WARD_KINDS, examples
from baocao.organisation.models import User

from . import rounds
from .models import DataValue, Round, Submission, SubmissionText

# Monthly size of indicators without a target (per ward, or for the reporting department).
BASELINE = {"DT02": 6, "AN01": 24, "AN04": 4, "AN05": 1, "AN06": 3, "AN07": 2, "AN08": 120,
            "AN09": 5, "YT05": 4, "YT06": 6, "TN03": 2, "KT04": 5, "TP03": 1, "VH02": 17,
            "GD02": 260, "GD03": 257, "LD03": 15, "QP05": 1600}


def _stories(example):
    """(late, missing, returned): which unit sent which round late (by the round's number), the
    ward that never sent the 9th round's report (Tứ Liên, in Tây Hồ), the one returned by the
    clerk, corrected and received."""
    wards = example.wards
    late = {(wards[5], 2), (example.code("health"), 5), (wards[1], 7),
            (example.code("police"), 9), (wards[7], 10)}
    return late, (wards[5], 9), (wards[6], 10)


def _months(today: date, count: int) -> list[Period]:
    periods, y, m = [], today.year, today.month
    for _ in range(count):
        periods.insert(0, Period("month", y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return periods


def _q(value: float, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _value(rng, indicator, unit, period, plan) -> Decimal | None:
    """A plausible month's figure; `plan` = (the committee's targets, department → its
    indicators, ward → its share, the example's scale)."""
    targets, reported, shares, scale = plan
    code = indicator.code
    ward = unit.kind in WARD_KINDS
    if ward and code in DEPARTMENT_ONLY:
        return None
    if not ward and code not in reported.get(unit.code, []):
        return None
    share = shares.get(unit.code, 0.12) if ward else 1.0
    target = targets.get(code)
    season = 1 + 0.12 * ((period.index % 12) - 6) / 6  # busier towards the year's end
    noise = rng.uniform(0.9, 1.1)
    if indicator.value_type == "percent":
        return _q(min(100.0, (target or 90) * rng.uniform(0.97, 1.01)), indicator.decimals)
    if indicator.time_aggregation == "last":
        base = (target or BASELINE.get(code, 100) * scale) * (share if target else 1)
        return _q(base * rng.uniform(0.98, 1.02), indicator.decimals)
    if target:
        base = target * share / 12
    else:
        base = BASELINE.get(code, 10) * scale
    value = base * season * noise
    if indicator.value_type == "integer":
        value = max(0, round(value))
    return _q(value, indicator.decimals)


def _consistent(values: dict[str, Decimal | None]):
    """Keep the demo's figures within the form's rules (part ≤ whole)."""
    pairs = [("DT03", "DT02", 0.85), ("AN02", "AN01", 0.8), ("NV02", "NV01", 0.985),
             ("YT02", "YT01", 0.93), ("GD03", "GD02", 0.99), ("NS05", "NS04", 0.38),
             ("AN05", "AN04", 0.3)]
    for part, whole, ratio in pairs:
        if values.get(whole) is not None and part in values:
            decimals = max(0, -values[whole].as_tuple().exponent)
            values[part] = _q(float(values[whole]) * ratio, decimals)


TEXTS = {
    SectionKind.RESULTS: "<p>Trong tháng, {unit} đã triển khai đầy đủ các nhiệm vụ được giao; "
                         "các chỉ tiêu chủ yếu đạt và vượt kế hoạch tháng.</p>",
    SectionKind.DIFFICULTIES: "<p>Một số nhiệm vụ còn chậm do thiếu nhân lực và thủ tục "
                              "phức tạp.</p>",
    SectionKind.PROPOSALS: "<p>Đề nghị UBND {level} hỗ trợ kinh phí và hướng dẫn nghiệp "
                           "vụ.</p>",
    SectionKind.NEXT_PERIOD_TASKS: "<ul><li>Tiếp tục thực hiện các chỉ tiêu tháng {next}.</li>"
                                   "<li>Tăng cường kiểm tra trật tự đô thị.</li></ul>",
}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _plan():
    example = examples.current()
    return committee_targets(example), department_indicators(example), example.ward_shares, \
        example.scale


def _fill(rng, submission, rows, period, now_rows, plan, official=True):
    values = {row.indicator.code: _value(rng, row.indicator, submission.unit, period, plan)
              for row in rows}
    _consistent(values)
    by_code = {row.indicator.code: row.indicator for row in rows}
    for code, value in values.items():
        if value is None:
            continue
        now_rows.append(DataValue.for_period(
            period, indicator=by_code[code], unit=submission.unit, value=value,
            submission=submission, stored_by="demo", official=official))
    next_month = period.index % 12 + 1
    SubmissionText.objects.bulk_create(
        SubmissionText(submission=submission, section=s,
                       html=TEXTS.get(s.kind, TEXTS[SectionKind.RESULTS]).format(
                           unit=submission.unit.name, next=next_month,
                           level=examples.current().level))
        for s in submission.round.form_version.sections.all())


def load_rounds() -> list:
    """Load twelve months of the monthly report's rounds and open the current month's."""
    form = ReportForm.objects.filter(code="BC-THANG").first()
    if form is None or Round.objects.filter(form=form).exists():
        return []
    compiler = User.objects.get(username="tonghop")
    clerk = User.objects.get(username="vanthu")
    today = timezone.localdate()
    units = list(form.units.all())
    rows = list(FormRow.objects.filter(table__version=form.current_version(),
                                       indicator__isnull=False, indicator__formula="")
                .select_related("indicator"))
    rng = random.Random(2026)
    periods = _months(today, 13)
    plan = _plan()
    late_units, missing, returned_one = _stories(examples.current())
    with transaction.atomic():
        _history_before(rng, rows, units, periods[0], plan)
        for number, period in enumerate(periods, start=1):
            current = number == len(periods)
            due, paper_due = rounds.proposed_dates(form, period)
            if current:
                due = max(due, today + timedelta(days=3))
                paper_due = max(paper_due, due + timedelta(days=2))
            rnd = rounds.open_round(
                form=form, period_text=str(period), units=units, due_date=due,
                paper_due_date=paper_due, actor=compiler, notify_units=current,
                subject=f"Báo cáo kết quả thực hiện nhiệm vụ KT-XH, AN-QP {period.label()}",
                outline="I. Kết quả thực hiện nhiệm vụ\n  1. Kinh tế - xã hội\n"
                        "  2. An ninh - quốc phòng\nII. Tồn tại, hạn chế\n"
                        "III. Phương hướng, nhiệm vụ tháng tới",
                opened_at=_at(period.start + timedelta(days=5), 9))
            values: list[DataValue] = []
            for index, submission in enumerate(rnd.submissions.select_related("unit", "round")):
                key = (submission.unit.code, number)
                if current:  # a third not started, a third sent, a third still typing
                    if index % 3 == 0:
                        continue
                    sent_now = index % 3 == 1
                    _fill(rng, submission, rows, period, values, plan, official=sent_now)
                    if sent_now:
                        _sent(submission, today - timedelta(days=index % 2))
                    continue
                if key == missing:
                    continue
                _fill(rng, submission, rows, period, values, plan)
                late = key in late_units
                sent = due + timedelta(days=rng.randint(1, 4)) if late else \
                    due - timedelta(days=rng.randint(0, 3))
                _history(submission, sent, clerk, returned=key == returned_one)
            DataValue.objects.bulk_create(values)
            record("demo.values", rnd, actor=None,
                   details={"values": len(values), "period": str(period)})
    rollups.rebuild()  # the values above were written in bulk, past DataValue.save
    return []


def _history_before(rng, rows, units, first: Period, plan):
    """Last year's months before the first round, as values imported from the old system (no
    round, no submission), so that comparisons with the same period last year mean something."""
    period, values = Period("month", first.year - 1, 1), []
    while period.start < first.start:
        for unit in units:
            found = {row.indicator.code: _value(rng, row.indicator, unit, period, plan)
                     for row in rows}
            _consistent(found)
            by_code = {row.indicator.code: row.indicator for row in rows}
            values += [DataValue.for_period(period, indicator=by_code[code], unit=unit,
                                            value=value, stored_by="import", official=True)
                       for code, value in found.items() if value is not None]
        y, m = (period.year + 1, 1) if period.index == 12 else (period.year, period.index + 1)
        period = Period("month", y, m)
    DataValue.objects.bulk_create(values)
    record("demo.history", actor=None, details={"values": len(values), "before": str(first)})


def _sender(unit):
    """Who sends a unit's report: its reporter (demo history)."""
    return User.objects.filter(memberships__unit=unit, memberships__role="reporter").order_by(
        "pk").first()


def _sent(submission, day: date):
    """This month's report sent by the unit, not yet received (demo history)."""
    submission.state = Submission.State.SENT
    submission.first_sent_at = submission.sent_at = _at(day, 10)
    submission.sent_by = _sender(submission.unit)
    submission.on_time = day <= submission.due_date
    submission.save()
    record("submission.demo_history", submission, actor=None, details={"sent": day})


def _history(submission, sent: date, clerk, returned: bool):
    """Write a past round's sending and receipt directly (demo history)."""
    submission.state = Submission.State.RECEIVED
    submission.first_sent_at = submission.sent_at = _at(sent, 16)
    submission.sent_by = _sender(submission.unit)
    submission.on_time = sent <= submission.due_date
    submission.received_at, submission.received_by = _at(sent + timedelta(days=1), 9), clerk
    submission.paper_received_on = sent + timedelta(days=2)
    submission.paper_received_by = clerk
    if returned:
        submission.return_reason = "Số liệu vi phạm trật tự xây dựng chưa khớp sổ theo dõi; " \
                                   "đề nghị rà soát lại."
        submission.returned_at = _at(sent + timedelta(days=1), 8)
        submission.sent_at = _at(sent + timedelta(days=2), 10)
        submission.received_at = _at(sent + timedelta(days=2), 15)
    submission.save()
    record("submission.demo_history", submission, actor=None, details={
        "sent": sent, "on_time": submission.on_time, "returned": returned})

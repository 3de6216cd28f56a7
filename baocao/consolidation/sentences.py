"""The figures said in the committee's usual words, ready for the draft:

    "Tổng thu ngân sách nhà nước trên địa bàn 10 tháng đạt 3.412,7 tỷ đồng, bằng 81,3% kế hoạch
     năm, tăng 12,4% so với cùng kỳ."

Plain rules and templates.  These sentences are Vietnamese by nature (their grammar is the
language's), so they are written here in Vietnamese rather than through the UI catalogue.
The change on last year is said in percent, a percentage's in points, and a count where lower is
better (crimes, accidents) in its own unit ("giảm 3 vụ so với cùng kỳ"), unless the catalogue
says otherwise (Indicator.comparison); a change too small to show reads "tương đương cùng kỳ".
"""

from dataclasses import dataclass, field
from decimal import Decimal

from baocao.catalogue.periods import HALF_YEAR, MONTH, NINE_MONTHS, QUARTER, YEAR, Period
from baocao.lib.numbers import format_vn

from .engine import Figures

BEHIND_MARGIN = Decimal(5)  # points under the year's elapsed share of the plan
UNUSUAL_CHANGE = Decimal(30)  # % change on last year that deserves a look


def cumulative_phrase(period: Period) -> str:
    """How the committee names the span from January: "10 tháng", "quý III", "6 tháng"…"""
    months = period.end.month
    if period.kind == YEAR or months == 12:
        return f"năm {period.year}"
    if period.kind == QUARTER and period.index == 1:
        return "quý I"
    return f"{months} tháng"


def period_phrase(period: Period) -> str:
    if period.kind == MONTH:
        return f"tháng {period.index}"
    if period.kind == QUARTER:
        return f"quý {('I', 'II', 'III', 'IV')[period.index - 1]}"
    if period.kind == HALF_YEAR:
        return "6 tháng đầu năm" if period.index == 1 else "6 tháng cuối năm"
    if period.kind == NINE_MONTHS:
        return "9 tháng"
    if period.kind == YEAR:
        return f"năm {period.year}"
    return period.label()


def _amount(value, indicator) -> str:
    text = format_vn(value, indicator.decimals)
    unit = indicator.unit_of_measure
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def _pct(value) -> str:
    return format_vn(value, 1)


def comparison_kind(indicator) -> str:
    """How the change on last year is said: the catalogue's choice (Indicator.comparison), or
    by the usual rule: a percentage in points, a count where lower is better (crimes,
    accidents) by the difference in its unit, anything else (money included) in percent."""
    chosen = getattr(indicator, "comparison", "auto") or "auto"
    if chosen != "auto":
        return chosen
    if indicator.value_type == "percent" or indicator.unit_of_measure == "%":
        return "points"
    if indicator.direction == "lower" and indicator.value_type == "integer":
        return "difference"
    return "percent"


def comparison(f: Figures) -> str:
    """"tăng 12,4% so với cùng kỳ", "giảm 3 vụ so với cùng kỳ", "tăng 1,2 điểm phần trăm…";
    "bằng cùng kỳ năm trước" when nothing moved, "tương đương cùng kỳ" when the change rounds
    to nothing at the precision it would be said in."""
    indicator = f.indicator
    now, before = f["year_to_date"], f["year_to_date_last_year"]
    if now is None or before is None:
        return ""
    difference = now - before
    if difference == 0:
        return "bằng cùng kỳ năm trước"
    verb = "tăng" if difference > 0 else "giảm"
    kind = comparison_kind(indicator)
    if kind == "percent" and before == 0:  # no percent of nothing: the difference
        kind = "difference"
    if kind == "points":
        said = f"{format_vn(abs(difference), 1)} điểm phần trăm"
    elif kind == "difference":
        said = _amount(abs(difference), indicator)
    else:
        said = f"{_pct(abs(Decimal(100) * difference / before))}%"
    if not any(c in "123456789" for c in said.split(" ")[0]):  # 0, 0,0, 0,0%: no change
        return "tương đương cùng kỳ"
    return f"{verb} {said} so với cùng kỳ"


def sentence(f: Figures, *, estimated: bool = False) -> str:
    """One indicator's figures in one sentence."""
    indicator, period = f.indicator, f.period
    name = indicator.name
    if indicator.direction == "lower":  # nobody "achieves" crimes
        verb = "ước là" if estimated else "là"
    else:
        verb = "ước đạt" if estimated else "đạt"
    ytd, actual = f["year_to_date"], f["actual"]
    if ytd is None and actual is None:
        return f"{name}: chưa có số liệu {period_phrase(period)}."
    parts = []
    stock = indicator.time_aggregation == "last"
    if stock:
        parts.append(f"{name} đến hết {period_phrase(period)} là {_amount(ytd, indicator)}")
    elif period.kind == MONTH and period.index > 1 and actual is not None and ytd is not None:
        parts.append(f"{name} {period_phrase(period)} {verb} {_amount(actual, indicator)}; "
                     f"lũy kế {cumulative_phrase(period)} {verb} {_amount(ytd, indicator)}")
    elif ytd is not None:
        parts.append(f"{name} {cumulative_phrase(period)} {verb} {_amount(ytd, indicator)}")
    else:
        parts.append(f"{name} {period_phrase(period)} {verb} {_amount(actual, indicator)}")
    if f["percent_of_target"] is not None:
        parts.append(f"bằng {_pct(f['percent_of_target'])}% kế hoạch năm")
    said = comparison(f)
    if said:
        parts.append(said)
    text = ", ".join(parts) + "."
    if f.missing_units:
        text = text[:-1] + f" (chưa đủ số liệu của {len(f.missing_units)} đơn vị)."
    return text


def expected_share(period: Period) -> Decimal:
    """The share of the year gone by the end of the period, in %."""
    return Decimal(100) * period.end.month / 12


@dataclass
class SectorSummary:
    sector: object
    behind: list = field(default_factory=list)
    above: list = field(default_factory=list)
    unusual: list = field(default_factory=list)

    def text(self) -> str:
        parts = []
        if self.above:
            parts.append("vượt hoặc sát kế hoạch: " + ", ".join(
                f"{f.indicator.name} ({_pct(f['percent_of_target'])}%)" for f in self.above))
        if self.behind:
            parts.append("chậm so với kế hoạch: " + ", ".join(
                f"{f.indicator.name} ({_pct(f['percent_of_target'])}%)" for f in self.behind))
        if self.unusual:
            parts.append("biến động bất thường so với cùng kỳ: " + ", ".join(
                f"{f.indicator.name} ({comparison(f)})" for f in self.unusual))
        if not parts:
            return f"{self.sector.name}: các chỉ tiêu thực hiện theo tiến độ."
        return f"{self.sector.name}: " + "; ".join(parts) + "."


def classify(f: Figures) -> set[str]:
    """behind / above plan, unusual change — by the plain rules of this module."""
    found = set()
    pct = f["percent_of_target"]
    if pct is not None and f.indicator.time_aggregation == "sum":
        pace = expected_share(f.period)
        if f.indicator.direction == "higher":
            if pct >= 100 or (f["estimate_percent_of_target"] or 0) >= 100:
                found.add("above")
            elif pct < pace - BEHIND_MARGIN:
                found.add("behind")
        elif pct > pace + BEHIND_MARGIN:  # lower is better: over the pace is bad
            found.add("behind")
    now, before = f["year_to_date"], f["year_to_date_last_year"]
    if now is not None and before:
        if abs(Decimal(100) * (now - before) / before) >= UNUSUAL_CHANGE:
            found.add("unusual")
    return found


def sector_summaries(figures: list[Figures]) -> list[SectorSummary]:
    by_sector: dict[int, SectorSummary] = {}
    for f in figures:
        summary = by_sector.setdefault(f.indicator.sector_id, SectorSummary(f.indicator.sector))
        for kind in classify(f):
            getattr(summary, kind).append(f)
    return list(by_sector.values())


def status(f: Figures) -> str:
    """One word for an indicator against its annual plan: above, on_track, behind, no_target."""
    kinds = classify(f)
    if f["target"] is None:
        return "no_target"
    if "behind" in kinds:
        return "behind"
    if "above" in kinds:
        return "above"
    return "on_track"


def plan_sentence(f: Figures) -> str:
    """The plan regime's addition (seed 1 §5.3): the computed full-year estimate beside the
    units' own estimates, and the units' proposal for next year."""
    indicator = f.indicator
    parts = []
    computed, reported = f["full_year_estimate"], f["reported_full_year_estimate"]
    if computed is not None:
        text = f"Ước thực hiện cả năm {_amount(computed, indicator)} (theo tiến độ thực hiện)"
        if reported is not None:
            text += f", các đơn vị ước {_amount(reported, indicator)}"
        parts.append(text)
    elif reported is not None:
        parts.append(f"Các đơn vị ước thực hiện cả năm {_amount(reported, indicator)}")
    if f["estimate_percent_of_target"] is not None and computed is not None:
        parts.append(f"bằng {_pct(f['estimate_percent_of_target'])}% kế hoạch năm")
    proposed = f["proposed_next_year_target"]
    if proposed is not None:
        parts.append(f"đề xuất kế hoạch năm {f.period.end.year + 1} là "
                     f"{_amount(proposed, indicator)}")
    if not parts:
        return ""
    text = "; ".join(parts) + "."
    if f.missing_estimate_units:
        text = text[:-1] + f" (chưa có số ước của {len(f.missing_estimate_units)} đơn vị)."
    return text

"""The computed columns of one unit's report (its own values, not its subtree): year to date,
the target and its percentage, the same period a year earlier and its percentage.  A derived
indicator applies its formula to each quantity of its components.  A few set-based queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from baocao.catalogue import formulas
from baocao.catalogue.models import Indicator, Target, TargetKind
from baocao.catalogue.periods import Period

from .models import DataValue


@dataclass
class Figures:
    actual: Decimal | None = None
    year_to_date: Decimal | None = None
    target: Decimal | None = None
    percent_of_target: Decimal | None = None
    same_period_last_year: Decimal | None = None
    year_to_date_last_year: Decimal | None = None
    vs_same_period_last_year: Decimal | None = None

    def get(self, column: str):
        return getattr(self, column, None)


def _combine(values: list[Decimal], how: str) -> Decimal | None:
    if not values:
        return None
    if how == "last":
        return values[-1]
    if how == "average":
        return sum(values) / len(values)
    return sum(values)


def _ratio(numerator, denominator):
    if numerator is None or denominator in (None, 0):
        return None
    return Decimal(100) * numerator / denominator


def _same_kind_to_date(period: Period, year: int) -> tuple[date, date]:
    """The range of same-kind periods from January of `year` to the end of `period` that year."""
    end = period.end
    if period.kind != "ad_hoc":
        end = date(year, end.month, 28) if (end.month, end.day) == (2, 29) else end.replace(
            year=year)
    return date(year, 1, 1), end


def unit_figures(unit, period: Period, indicators: list[Indicator],
                 entered: dict[int, Decimal | None] | None = None,
                 read: dict[str, Indicator] | None = None) -> dict[str, Figures]:
    """Figures for each indicator (by code).  `entered` (indicator id → value) overrides the
    stored actual values of this period: what the unit has typed but not yet saved.  `read`:
    indicators by code the caller has read already (a formula's inputs are looked up there
    first)."""
    by_code = {i.code: i for i in indicators}
    needed = set(by_code)
    for indicator in indicators:
        if indicator.is_derived:
            needed |= formulas.codes(formulas.parse(indicator.formula))
    known = dict(by_code)
    known |= {code: read[code] for code in needed - known.keys() if read and code in read}
    if needed - known.keys():  # a formula's inputs not among the indicators given
        known.update({i.code: i for i in Indicator.objects.filter(
            code__in=needed - known.keys())})
    ids = {i.pk: i.code for i in known.values()}
    last_year = period.same_period_last_year()
    rows = DataValue.objects.filter(
        unit=unit, indicator_id__in=ids, column="actual", period_kind=period.kind,
        period_start__gte=date(period.year - 1, 1, 1), period_end__lte=period.end,
    ).order_by().values_list("indicator_id", "period", "period_start", "period_end", "value")
    series: dict[str, list[tuple[date, date, str, Decimal | None]]] = {}
    for indicator_id, period_text, start, end, value in rows:
        series.setdefault(ids[indicator_id], []).append((start, end, period_text, value))
    if entered:
        for indicator_id, value in entered.items():
            code = ids.get(indicator_id)
            if code is None:
                continue
            kept = [s for s in series.get(code, []) if s[2] != str(period)]
            series[code] = kept + [(period.start, period.end, str(period), value)]
    targets = dict(Target.objects.filter(  # (no order: its default joins the indicators)
        unit=unit, year=period.year, kind=TargetKind.PLAN, indicator_id__in=ids).order_by(
    ).values_list("indicator_id", "value"))

    base: dict[str, dict[str, Decimal | None]] = {}
    for code, indicator in known.items():
        points = sorted(series.get(code, []))
        how = indicator.time_aggregation

        def window(year, points=points):
            start, end = _same_kind_to_date(period, year)
            return [v for s, e, _p, v in points if s >= start and e <= end and v is not None]

        this = {p: v for _s, _e, p, v in points}
        base[code] = {
            "actual": this.get(str(period)),
            "year_to_date": _combine(window(period.year), how),
            "same_period_last_year": this.get(str(last_year)),
            "year_to_date_last_year": _combine(window(period.year - 1), how),
            "target": targets.get(indicator.pk),
        }

    result = {}
    for code, indicator in by_code.items():
        if indicator.is_derived:
            tree = formulas.parse(indicator.formula)
            quantities = {
                q: formulas.evaluate(tree, {c: base.get(c, {}).get(q)
                                            for c in formulas.codes(tree)})
                for q in ("actual", "year_to_date", "same_period_last_year",
                          "year_to_date_last_year")
            }
            quantities["target"] = targets.get(indicator.pk)
        else:
            quantities = dict(base.get(code, {}))
        figures = Figures(**{k: quantities.get(k) for k in (
            "actual", "year_to_date", "target", "same_period_last_year",
            "year_to_date_last_year")})
        figures.percent_of_target = _ratio(figures.year_to_date, figures.target)
        figures.vs_same_period_last_year = _ratio(figures.year_to_date,
                                                  figures.year_to_date_last_year)
        result[code] = figures
    return result

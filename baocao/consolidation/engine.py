"""Every figure of the report, for a set of indicators, a period and a unit of the tree.

For each indicator: each unit's monthly values are combined over a window of months by the
indicator's time aggregation (flows add up, stocks take the last month with a value, averages
average), then across the unit's whole subtree by its aggregation across units.  The windows:

    actual                  the period's months
    year_to_date            January to the end of the period
    same_period_last_year   the period's months a year earlier
    year_to_date_last_year  January to the end of the period, a year earlier
    previous_period         the months of the period before
    last_year               the whole of last year (for the full-year estimate)

Only official values count (DataValue.official: of reports sent and not returned since, and
values imported directly), unless `include_unsent` asks for a preview of everything typed.

A unit's figure for a window W is the value it reported for exactly W (a quarterly report's
quarter, a nine-month report's nine months, a year's report's year) if there is one; otherwise
it is composed from its monthly values; otherwise from its quarterly values when they tile W
(Q1+Q2 for the first half, Q1..Q3 for nine months, Q1..Q4 for the year), each by the time
aggregation.  An indicator reported only quarterly has no monthly figures (None, never 0).

Derived indicators apply their formula to the same quantity of their components; the
percentages are computed afterwards; a derived target is only its own.  Zero or missing
denominators give None.  Nothing is rounded here.

The work is done by the database in a few set-based queries, whatever the number of units and
indicators: one for flows and averages, one for stocks, one for who reported, one for targets.
Indicators with values of other kinds than months in the windows (quarterly, nine-month, yearly
reports) are read live, unit by unit (`_Sql.mixed`): the rollups keep months only.

The units' own estimates (seed 1 §5.3): `reported_full_year_estimate` combines the full-year
estimates the units typed for the period, `proposed_next_year_target` their proposals for next
year (the column next_year_target, else a target of kind `proposed`), each across the subtree by
the indicator's aggregation; `missing_estimate_units` are the expected units that gave none.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils.functional import cached_property

from baocao.catalogue import formulas
from baocao.catalogue.models import Indicator, Target, TargetKind
from baocao.catalogue.periods import KINDS as PERIOD_KINDS
from baocao.catalogue.periods import Period
from baocao.lib.numbers import from_database
from baocao.organisation.models import OrgUnit

from . import rollups
from .models import RollupTarget

log = logging.getLogger("baocao.consolidation")

QUANTITIES = [
    "actual", "year_to_date", "target", "percent_of_target", "same_period_last_year",
    "year_to_date_last_year", "vs_same_period_last_year", "previous_period",
    "change_on_previous_period", "full_year_estimate", "estimate_percent_of_target",
    "reported_full_year_estimate", "proposed_next_year_target",
]
WINDOWS = ["actual", "year_to_date", "same_period_last_year", "year_to_date_last_year",
           "previous_period", "last_year"]
ACROSS = {"sum": 0, "average": 1, "max": 2, "min": 3}


@dataclass
class Figures:
    indicator: Indicator
    unit: OrgUnit
    period: Period
    values: dict = field(default_factory=dict)
    missing_units: list = field(default_factory=list)  # OrgUnit, in tree order
    missing_estimate_units: list = field(default_factory=list)  # OrgUnit, in tree order
    include_unsent: bool = False  # a preview that counts reports not yet sent

    def __getitem__(self, quantity):
        if quantity not in QUANTITIES:  # templates try f["indicator"] before f.indicator
            raise KeyError(quantity)
        return self.values.get(quantity)

    def as_dict(self) -> dict:
        data = {"indicator": self.indicator.code, "unit": self.unit.code,
                "period": str(self.period)}
        for quantity in QUANTITIES:
            value = self.values.get(quantity)
            data[quantity] = None if value is None else float(value)
        data["missing_units"] = [u.code for u in self.missing_units]
        data["missing_estimate_units"] = [u.code for u in self.missing_estimate_units]
        return data


def windows(period: Period) -> dict[str, tuple[date, date]]:
    last = period.same_period_last_year()
    previous = period.previous()
    year = period.end.year
    return {
        "actual": (period.start, period.end),
        "year_to_date": (date(year, 1, 1), period.end),
        "same_period_last_year": (last.start, last.end),
        "year_to_date_last_year": (date(year - 1, 1, 1), last.end),
        "previous_period": (previous.start, previous.end),
        "last_year": (date(year - 1, 1, 1), date(year - 1, 12, 31)),
    }


STORED_PLACES = Decimal("0.000001")  # DataValue.value keeps 6 decimals
AVERAGE_PLACES = Decimal("1e-12")


def _d(value, places=STORED_PLACES) -> Decimal | None:
    """A database number as a Decimal.  SQLite sums in floating point: a sum of values with six
    decimals is exact at six decimals, so that is restored (averages keep twelve), in a context
    wide enough for any float; what is not a finite number is unknown (None)."""
    return from_database(value, places)


def _dates(*days):
    return [connection.ops.adapt_datefield_value(day) for day in days]


def _ratio(numerator, denominator):
    if numerator is None or denominator in (None, 0):
        return None
    return Decimal(100) * numerator / denominator


def _components(indicators: list[Indicator]) -> dict[str, Indicator]:
    """The indicators asked for and, recursively, every component of their formulas."""
    wanted = {i.code: i for i in indicators}
    queue = [i for i in indicators if i.is_derived]
    while queue:
        codes = set()
        for indicator in queue:
            codes |= formulas.codes(formulas.parse(indicator.formula))
        new = [i for i in Indicator.objects.filter(code__in=codes - set(wanted))]
        wanted.update({i.code: i for i in new})
        queue = [i for i in new if i.is_derived]
    return wanted


class _Sql:
    """The queries; values are rows of collection_datavalue, column `actual` (monthly ones in
    every query but `mixed`), official ones unless `official_only` is False."""

    def __init__(self, unit: OrgUnit, period: Period, names=WINDOWS, official_only=True):
        q = connection.ops.quote_name
        self.table = q("collection_datavalue")
        self.column = q("column")
        self.unit, self.period = unit, period
        self.official_only = official_only
        self.official = " AND d.official = %s" if official_only else ""
        self.official_params = [True] if official_only else []
        self.windows = {n: w for n, w in windows(period).items() if n in names}
        self.span = (min((s for s, _e in self.windows.values()), default=period.start),
                     max((e for _s, e in self.windows.values()), default=period.end))

    def only(self, names) -> "_Sql":
        """The same queries over fewer windows (those the rollups do not hold)."""
        other = _Sql(self.unit, self.period, names, self.official_only)
        if "unit_ids" in self.__dict__:
            other.unit_ids = self.unit_ids
        return other

    @cached_property
    def unit_ids(self) -> list[int]:
        """The subtree's ids, given to the database as a list: it then knows how many units it
        aggregates (a `path LIKE` join made PostgreSQL expect one and loop over them)."""
        return list(OrgUnit.objects.filter(path__startswith=self.unit.path)
                    .values_list("id", flat=True))

    def _base_where(self, ids):
        marks = ",".join(["%s"] * len(ids))
        units = ",".join(["%s"] * len(self.unit_ids))
        sql = (f"d.indicator_id IN ({marks}) AND d.{self.column} = 'actual' "
               f"AND d.period_kind = 'month' AND d.period_start >= %s AND d.period_end <= %s "
               f"AND d.unit_id IN ({units}){self.official}")
        return sql, [*ids, *_dates(*self.span), *self.unit_ids, *self.official_params]

    def combined(self, ids: list[int], how: str) -> dict[int, dict[str, list]]:
        """Flows (how=SUM) or averages (how=AVG): per indicator and window, the units' combined
        values aggregated across units as [sum, avg, max, min, count]."""
        if not ids or not self.windows:
            return {}
        where, params = self._base_where(ids)
        inner, inner_params = [], []
        for name, (start, end) in self.windows.items():
            inner.append(f"{how}(CASE WHEN d.period_start >= %s AND d.period_end <= %s "
                         f"THEN {rollups.summable('d.value')} END) AS w_{name}")
            inner_params += _dates(start, end)
        outer = ", ".join(f"SUM(w_{n}), AVG(w_{n}), MAX(w_{n}), MIN(w_{n}), COUNT(w_{n})"
                          for n in self.windows)
        # Built from quoted names and fixed window names only; every value is a parameter.
        sql = (f"SELECT indicator_id, {outer} FROM (SELECT d.indicator_id, d.unit_id, "  # noqa: S608
               f"{', '.join(inner)} FROM {self.table} d "
               f"WHERE {where} GROUP BY d.indicator_id, d.unit_id) per_unit "
               f"GROUP BY indicator_id")
        result = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, inner_params + params)
            for row in cursor.fetchall():
                result[row[0]] = {name: list(row[1 + 5 * i: 6 + 5 * i])
                                  for i, name in enumerate(self.windows)}
        return result

    def stocks(self, ids: list[int]) -> dict[int, dict[str, list]]:
        """Stocks: per unit the last month with a value in each window, then across units."""
        if not ids or not self.windows:
            return {}
        where, params = self._base_where(ids)
        branches, all_params = [], []
        for name, (start, end) in self.windows.items():
            branches.append(
                f"SELECT '{name}' AS w, x.indicator_id, SUM({rollups.summable('v.value')}), "  # noqa: S608
                f"AVG(v.value), "
                f"MAX(v.value), MIN(v.value), COUNT(v.value) FROM ("
                f"SELECT d.indicator_id, d.unit_id, MAX(d.period_start) AS last_start "
                f"FROM {self.table} d "
                f"WHERE {where} AND d.value IS NOT NULL AND d.period_start >= %s "
                f"AND d.period_end <= %s GROUP BY d.indicator_id, d.unit_id) x "
                f"JOIN {self.table} v ON v.indicator_id = x.indicator_id "
                f"AND v.unit_id = x.unit_id AND v.period_start = x.last_start "
                f"AND v.{self.column} = 'actual' AND v.period_kind = 'month'"
                f"{self.official.replace('d.', 'v.')} "
                f"GROUP BY x.indicator_id")
            all_params += params + _dates(start, end) + self.official_params
        result: dict[int, dict[str, list]] = {}
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(branches), all_params)
            for name, indicator_id, *aggregates in cursor.fetchall():
                result.setdefault(indicator_id, {})[name] = list(aggregates)
        return result

    def present(self, ids: list[int], unit_ids: list[int]) -> dict[int, set[int]]:
        """Per indicator, which of `unit_ids` have a value in the period."""
        if not ids or not unit_ids:
            return {}
        start, end = self.period.start, self.period.end
        sql = (f"SELECT DISTINCT d.indicator_id, d.unit_id FROM {self.table} d "  # noqa: S608
               f"WHERE d.indicator_id IN ({','.join(['%s'] * len(ids))}) "
               f"AND d.unit_id IN ({','.join(['%s'] * len(unit_ids))}) "
               f"AND d.{self.column} = 'actual' AND d.period_kind = 'month' "
               f"AND d.period_start >= %s AND d.period_end <= %s AND d.value IS NOT NULL"
               f"{self.official}")
        found: dict[int, set[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*ids, *unit_ids, *_dates(start, end), *self.official_params])
            for indicator_id, unit_id in cursor.fetchall():
                found.setdefault(indicator_id, set()).add(unit_id)
        return found

    def lapsed(self, ids: list[int]) -> dict[int, list[int]]:
        """Per indicator, the subtree's units that reported it in the twelve months before the
        period but have no value in it."""
        if not ids:
            return {}
        start, end = self.period.start, self.period.end
        history_start = date(start.year - 1, start.month, 1)
        units = ",".join(["%s"] * len(self.unit_ids))
        sql = (f"SELECT d.indicator_id, d.unit_id, "  # noqa: S608
               f"COUNT(CASE WHEN d.period_start >= %s AND d.period_end <= %s THEN d.value END), "
               f"COUNT(CASE WHEN d.period_start < %s THEN d.value END) "
               f"FROM {self.table} d WHERE d.indicator_id IN ({','.join(['%s'] * len(ids))}) "
               f"AND d.{self.column} = 'actual' AND d.period_kind = 'month' "
               f"AND d.period_start >= %s AND d.period_end <= %s AND d.unit_id IN ({units})"
               f"{self.official} GROUP BY d.indicator_id, d.unit_id")
        params = [*_dates(start, end, start), *ids, *_dates(history_start, end),
                  *self.unit_ids, *self.official_params]
        missing: dict[int, list[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for indicator_id, unit_id, now, past in cursor.fetchall():
                if past and not now:
                    missing.setdefault(indicator_id, []).append(unit_id)
        return missing


    # --- values of other kinds than months (quarterly, nine-month, yearly reports) ---------

    def _history_start(self) -> date:
        start = self.period.start
        return date(start.year - 1, start.month, 1)

    def _any_kind_where(self, ids, since: date):
        marks = ",".join(["%s"] * len(ids))
        units = ",".join(["%s"] * len(self.unit_ids))
        sql = (f"d.indicator_id IN ({marks}) AND d.{self.column} = 'actual' "
               f"AND d.period_start >= %s AND d.period_end <= %s AND d.value IS NOT NULL "
               f"AND d.unit_id IN ({units}){self.official}")
        end = max(self.span[1], self.period.end)
        return sql, [*ids, *_dates(min(self.span[0], since), end), *self.unit_ids,
                     *self.official_params]

    def mixed_indicators(self, ids: list[int]) -> set[int]:
        """Those of `ids` with a value of another kind than a month anywhere in the windows (or
        in the twelve months before the period, which say who is expected).  An index look-up
        of those kinds only (datavalue_indicator_idx): no month of the subtree is read."""
        if not ids:
            return set()
        kinds = [k for k in PERIOD_KINDS if k != "month"]
        start = min(self.span[0], self._history_start())
        end = max(self.span[1], self.period.end)
        sql = (f"SELECT DISTINCT d.indicator_id FROM {self.table} d "  # noqa: S608
               f"WHERE d.indicator_id IN ({','.join(['%s'] * len(ids))}) "
               f"AND d.period_kind IN ({','.join(['%s'] * len(kinds))}) "
               f"AND d.period_start >= %s AND d.period_start <= %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*ids, *kinds, *_dates(start, end)])
            return {row[0] for row in cursor.fetchall()}

    def mixed(self, indicators: list[Indicator]):
        """For indicators reported by other periods than months, unit by unit: per indicator and
        window the units' figures aggregated across units as [sum, avg, max, min, count]; per
        indicator the units present in the period; the units that reported in the twelve months
        before but are not present."""
        if not indicators:
            return {}, {}, {}
        by_id = {i.pk: i for i in indicators}
        since = self._history_start()
        where, params = self._any_kind_where(list(by_id), since)
        sql = (f"SELECT d.indicator_id, d.unit_id, d.period_kind, d.period_start, "  # noqa: S608
               f"d.period_end, d.value FROM {self.table} d WHERE {where}")
        rows: dict[tuple[int, int], list] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for indicator_id, unit_id, kind, start, end, value in cursor.fetchall():
                rows.setdefault((indicator_id, unit_id), []).append(
                    (kind, _day(start), _day(end), _d(value)))
        per_window: dict[int, dict[str, list]] = {}
        present: dict[int, set[int]] = {}
        lapsed: dict[int, list[int]] = {}
        for (indicator_id, unit_id), found in rows.items():
            how = by_id[indicator_id].time_aggregation
            for name, (start, end) in self.windows.items():
                value = unit_window(found, start, end, how)
                if value is not None:
                    per_window.setdefault(indicator_id, {}).setdefault(name, []).append(value)
            now = unit_window(found, self.period.start, self.period.end, how)
            if now is not None:
                present.setdefault(indicator_id, set()).add(unit_id)
            elif any(since <= start < self.period.start for _k, start, _e, _v in found):
                lapsed.setdefault(indicator_id, []).append(unit_id)
        aggregates = {indicator_id: {name: [sum(values), sum(values) / len(values),
                                            max(values), min(values), len(values)]
                                     for name, values in windows_.items()}
                      for indicator_id, windows_ in per_window.items()}
        return aggregates, present, lapsed

    # --- the units' own estimates and proposals (seed 1 §5.3) ---------------------------------

    def estimates(self, ids: list[int]) -> dict[int, dict[int, dict[str, Decimal]]]:
        """Per indicator and unit of the subtree, what the unit typed for the period in the
        columns full_year_estimate and next_year_target."""
        if not ids:
            return {}
        marks = ",".join(["%s"] * len(ids))
        units = ",".join(["%s"] * len(self.unit_ids))
        sql = (f"SELECT d.indicator_id, d.unit_id, d.{self.column}, d.value "  # noqa: S608
               f"FROM {self.table} d WHERE d.{self.column} IN ('full_year_estimate', "
               f"'next_year_target') AND d.period = %s AND d.indicator_id IN ({marks}) "
               f"AND d.value IS NOT NULL AND d.unit_id IN ({units}){self.official}")
        found: dict[int, dict[int, dict[str, Decimal]]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(self.period), *ids, *self.unit_ids,
                                 *self.official_params])
            for indicator_id, unit_id, column, value in cursor.fetchall():
                found.setdefault(indicator_id, {}).setdefault(unit_id, {})[column] = _d(value)
        return found


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _combine_over_time(values: list[Decimal], how: str) -> Decimal | None:
    """A unit's values over consecutive periods (in order) as one: flows add up, stocks take
    the last, averages average."""
    if not values:
        return None
    if how == "last":
        return values[-1]
    if how == "average":
        return sum(values) / len(values)
    return sum(values)


def _tiles(parts: list[tuple[date, date]], start: date, end: date) -> bool:
    """Consecutive periods that cover exactly start..end."""
    if not parts or parts[0][0] != start or parts[-1][1] != end:
        return False
    return all(b[0] == a[1] + timedelta(days=1) for a, b in zip(parts, parts[1:], strict=False))


def unit_window(found, start: date, end: date, how: str) -> Decimal | None:
    """One unit's figure for the window start..end from its values [(kind, start, end, value)]:
    the value reported for exactly that window; else its months combined; else its quarters
    combined when they tile the window; else None."""
    for kind, s, e, value in found:
        if s == start and e == end and kind != "month":
            return value
    months = sorted((s, value) for kind, s, e, value in found
                    if kind == "month" and s >= start and e <= end)
    if months:
        return _combine_over_time([value for _s, value in months], how)
    quarters = sorted((s, e, value) for kind, s, e, value in found
                      if kind == "quarter" and s >= start and e <= end)
    if _tiles([(s, e) for s, e, _v in quarters], start, end):
        return _combine_over_time([value for _s, _e, value in quarters], how)
    return None


def _across(aggregates: list | None, how: str, time_how: str) -> Decimal | None:
    if not aggregates or not aggregates[4]:
        return None
    places = AVERAGE_PLACES if "average" in (how, time_how) else STORED_PLACES
    if how == "none":
        return _d(aggregates[0], places) if aggregates[4] == 1 else None
    return _d(aggregates[ACROSS[how]], places)


def _targets(indicators: dict[str, Indicator], unit: OrgUnit, year: int,
             use_rollups: bool) -> dict[int, Decimal]:
    """The unit's target, or its children's (each found the same way) combined: kept in the
    rollups for a unit with units under it.  A derived indicator's target is only its own."""
    ids = {i.pk: i for i in indicators.values()}
    own = dict(Target.objects.filter(indicator_id__in=ids, unit=unit, year=year,
                                     kind=TargetKind.PLAN).order_by()
               .values_list("indicator_id", "value"))
    summed = [i for i, ind in ids.items() if not ind.is_derived and i not in own]
    if use_rollups:
        combined = dict(RollupTarget.objects.filter(indicator_id__in=summed, unit=unit,
                                                    year=year).values_list("indicator_id",
                                                                           "value"))
    else:
        combined = {indicator_id: value for (indicator_id, _u, _y), value in
                    rollups.consolidated_targets(summed, [unit.pk], [year]).items()}
    return {**combined, **own}


def _stored_key(start: date, end: date):
    """Where the rollups keep a window: ("m", year, month) for one month, ("y", year, month)
    for January to a month's end; None for any other window."""
    if start.year != end.year or start.day != 1 or (end + timedelta(days=1)).day != 1:
        return None
    if start.month == end.month:
        return ("m", end.year, end.month)
    if start.month == 1:
        return ("y", end.year, end.month)
    return None


def _stored(unit: OrgUnit, period: Period, ids: list[int]):
    """From the rollups of `unit`: per indicator the aggregates of every window they keep, and
    the count of lapsed units of a one-month period.  Returns (aggregates, lapsed, windows kept)."""
    keys = {name: _stored_key(*window) for name, window in windows(period).items()}
    keys = {name: key for name, key in keys.items() if key}
    if not ids or not keys:
        return {}, None, set()
    months = sorted({(year, month) for _kind, year, month in keys.values()})
    q = connection.ops.quote_name
    condition = " OR ".join(["(r.year = %s AND r.month = %s)"] * len(months))
    sql = (f"SELECT r.indicator_id, r.year, r.month, r.m_sum, r.m_max, r.m_min, r.m_count, "  # noqa: S608
           f"r.y_sum, r.y_max, r.y_min, r.y_count, r.lapsed "
           f"FROM {q('consolidation_rollup')} r WHERE r.unit_id = %s "
           f"AND r.indicator_id IN ({','.join(['%s'] * len(ids))}) AND ({condition})")
    params = [unit.pk, *ids, *[part for ym in months for part in ym]]
    rows: dict[tuple, tuple] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for indicator_id, year, month, *figures in cursor.fetchall():
            rows[(indicator_id, year, month)] = figures
    result: dict[int, dict[str, list]] = {}
    for indicator_id in ids:
        per_window = result.setdefault(indicator_id, {})
        for name, (kind, year, month) in keys.items():
            row = rows.get((indicator_id, year, month))
            if row is None:
                continue
            total, high, low, count = row[0:4] if kind == "m" else row[4:8]
            average = total / count if count else None
            per_window[name] = [total, average, high, low, count]
    lapsed = None
    if keys.get("actual", ("",))[0] == "m":
        _kind, year, month = keys["actual"]
        lapsed = {i: rows[(i, year, month)][8] for i in ids if (i, year, month) in rows}
    return result, lapsed, set(keys)


def _estimate(indicator, quantities) -> Decimal | None:
    ytd = quantities.get("year_to_date")
    if ytd is None:
        return None
    if indicator.time_aggregation != "sum":
        return ytd
    last_ytd, last_full = quantities.get("year_to_date_last_year"), quantities.get("last_year")
    if last_ytd and last_full is not None:
        return ytd + (last_full - last_ytd) * (ytd / last_ytd)
    return ytd * 12 / quantities["_months"]


def consolidate(indicators, period: Period, unit: OrgUnit, expected_units=None,
                use_rollups=True, include_unsent=False,
                expected_estimates=None) -> list[Figures]:
    """Figures for each of `indicators` (in their order) at `unit` for `period`.
    `expected_units`: the units that should report, one list for every indicator or
    {indicator id: units} (a form's units, per row: catalogue.forms.expected_units); None: those
    that reported the indicator in the twelve months before.  `expected_estimates`: the same for
    the units' full-year estimates (a form's rows whose table has that column); None: the units
    that reported the indicator for the period, where any unit typed an estimate.
    `include_unsent`: count the values of reports not yet sent too (a preview, computed from the
    values).  `use_rollups=False` computes everything from the values themselves (the rollups
    are checked against it)."""
    if use_rollups and not include_unsent:
        from .rollups import follow

        follow()  # the changes still noted by deferred writes, drained before reading
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # aggregate in memory, not in sorted files
                cursor.execute("SET LOCAL work_mem = '256MB'")
        return _consolidate(list(indicators), period, unit, expected_units,
                            use_rollups and not include_unsent, not include_unsent,
                            expected_estimates)


def _expected_ids(expected_units, indicator_id, unit, period) -> list[int] | None:
    if expected_units is None:
        return None
    found = expected_units.get(indicator_id, []) if isinstance(expected_units, dict) \
        else expected_units
    return [u.pk for u in found if u.is_within(unit) and u.is_active_during(period.start,
                                                                           period.end)]


def _consolidate(indicators, period, unit, expected_units, use_rollups, official_only,
                 expected_estimates):
    everything = _components(indicators)
    base = [i for i in everything.values() if not i.is_derived]
    base_ids = [i.pk for i in base]
    internal = use_rollups and OrgUnit.objects.filter(parent=unit).exists()
    sql = _Sql(unit, period, official_only=official_only)
    mixed_ids = sql.mixed_indicators(base_ids)
    monthly = [i for i in base if i.pk not in mixed_ids]
    monthly_ids = [i.pk for i in monthly]
    raw: dict[int, dict[str, list]] = {}
    lapsed_counts, kept = None, set()
    if internal:
        raw, lapsed_counts, kept = _stored(unit, period, monthly_ids)
    live = sql.only([w for w in WINDOWS if w not in kept])
    for source in (
            live.combined([i.pk for i in monthly if i.time_aggregation == "sum"], "SUM"),
            live.combined([i.pk for i in monthly if i.time_aggregation == "average"], "AVG"),
            live.stocks([i.pk for i in monthly if i.time_aggregation == "last"])):
        for indicator_id, per_window in source.items():
            raw.setdefault(indicator_id, {}).update(per_window)
    mixed_raw, mixed_present, mixed_lapsed = sql.mixed([i for i in base if i.pk in mixed_ids])
    raw.update(mixed_raw)

    missing: dict[int, list[int]] = {}
    if expected_units is not None:
        expected = {i: _expected_ids(expected_units, i, unit, period) for i in base_ids}
        present = sql.present(monthly_ids, sorted(set().union(
            *[set(expected[i]) for i in monthly_ids]))) if monthly_ids else {}
        present.update(mixed_present)
        missing = {i: sorted(set(expected[i]) - present.get(i, set())) for i in base_ids}
    else:
        # without a form: the units that reported in the twelve months before are expected
        unsure = monthly_ids if lapsed_counts is None else [
            i for i, count in lapsed_counts.items() if count and i in set(monthly_ids)]
        missing = sql.lapsed(unsure)
        missing.update(mixed_lapsed)
        expected = None
    targets = _targets(everything, unit, period.end.year, internal)
    typed = sql.estimates(base_ids)
    proposed = _proposed(base_ids, sql.unit_ids, period.end.year + 1)
    if expected_estimates is not None:
        asked = {i: _expected_ids(expected_estimates, i, unit, period) for i in base_ids}
    else:  # the units that reported the indicator, where anyone typed an estimate of it
        wanted = [i for i in base_ids if any("full_year_estimate" in v
                                             for v in typed.get(i, {}).values())]
        asked = {i: sorted(ids) for i, ids in {
            **sql.present([i for i in wanted if i not in mixed_ids], sql.unit_ids),
            **{i: mixed_present.get(i, set()) for i in wanted if i in mixed_ids}}.items()}

    quantities: dict[str, dict] = {}
    for indicator in base:
        aggregates = raw.get(indicator.pk, {})
        q = {w: _across(aggregates.get(w), indicator.aggregation, indicator.time_aggregation)
             for w in WINDOWS}
        q["target"] = targets.get(indicator.pk)
        q["_missing"] = set(missing.get(indicator.pk, []))
        by_unit = typed.get(indicator.pk, {})
        estimates = [v["full_year_estimate"] for v in by_unit.values()
                     if "full_year_estimate" in v]
        proposals = {u: v["next_year_target"] for u, v in by_unit.items()
                     if "next_year_target" in v}
        for unit_id, value in proposed.get(indicator.pk, {}).items():
            proposals.setdefault(unit_id, value)
        q["reported_full_year_estimate"] = _combined(estimates, indicator.aggregation)
        q["proposed_next_year_target"] = _combined(list(proposals.values()),
                                                   indicator.aggregation)
        q["_missing_estimates"] = {u for u in asked.get(indicator.pk) or []
                                   if "full_year_estimate" not in by_unit.get(u, {})}
        quantities[indicator.code] = q

    def derived(indicator, seen=()):
        if indicator.code in quantities:
            return quantities[indicator.code]
        if indicator.code in seen:
            # A formula that reaches itself: the catalogue refuses one, but the database may
            # hold one written past it.  Its figures are unknown, not a crash.
            log.warning("formula cycle: %s", " → ".join((*seen, indicator.code)))
            return {**{w: None for w in [*WINDOWS, *OWN]}, "target": None, "_missing": set(),
                    "_missing_estimates": set()}
        tree = formulas.parse(indicator.formula)
        parts = {code: derived(everything[code], seen + (indicator.code,))
                 for code in formulas.codes(tree)}
        q = {w: formulas.evaluate(tree, {c: p.get(w) for c, p in parts.items()})
             for w in [*WINDOWS, *OWN]}
        q["target"] = targets.get(indicator.pk)
        q["_missing"] = set().union(*[p["_missing"] for p in parts.values()]) if parts else set()
        q["_missing_estimates"] = set().union(
            *[p["_missing_estimates"] for p in parts.values()]) if parts else set()
        q["_parts"] = parts
        quantities[indicator.code] = q
        return q

    for indicator in everything.values():
        if indicator.is_derived:
            derived(indicator)

    units_by_id = OrgUnit.objects.in_bulk(set().union(
        *[q["_missing"] | q["_missing_estimates"] for q in quantities.values()])
        if quantities else set())
    result = []
    for indicator in indicators:
        q = dict(quantities[indicator.code])
        q["_months"] = period.end.month  # months elapsed since January
        if indicator.is_derived:
            parts = q.get("_parts", {})
            estimates = {}
            for code, part in parts.items():
                estimates[code] = _estimate(everything[code], {**part, "_months": q["_months"]})
            q["full_year_estimate"] = formulas.evaluate(formulas.parse(indicator.formula),
                                                        estimates)
        else:
            q["full_year_estimate"] = _estimate(indicator, q)
        values = {
            "actual": q["actual"], "year_to_date": q["year_to_date"], "target": q["target"],
            "percent_of_target": _ratio(q["year_to_date"], q["target"]),
            "same_period_last_year": q["same_period_last_year"],
            "year_to_date_last_year": q["year_to_date_last_year"],
            "vs_same_period_last_year": _ratio(q["year_to_date"], q["year_to_date_last_year"]),
            "previous_period": q["previous_period"],
            "change_on_previous_period": _change(q["actual"], q["previous_period"]),
            "full_year_estimate": q["full_year_estimate"],
            "estimate_percent_of_target": _ratio(q["full_year_estimate"], q["target"]),
            "reported_full_year_estimate": q["reported_full_year_estimate"],
            "proposed_next_year_target": q["proposed_next_year_target"],
        }

        def in_order(ids):
            return sorted((units_by_id[i] for i in ids if i in units_by_id),
                          key=lambda u: u.path)

        result.append(Figures(indicator, unit, period, values, in_order(q["_missing"]),
                              in_order(q["_missing_estimates"]), not official_only))
    return result


# The units' own figures, combined across units like the values (not windows of values).
OWN = ["reported_full_year_estimate", "proposed_next_year_target"]


def _combined(values: list[Decimal], how: str) -> Decimal | None:
    """Values of several units as one, by the indicator's aggregation across units."""
    if not values:
        return None
    if how == "none":
        return values[0] if len(values) == 1 else None
    return rollups.combine(values, how)


def _proposed(ids: list[int], unit_ids: list[int], year: int) -> dict[int, dict[int, Decimal]]:
    """Per indicator and unit of the subtree, its target of kind `proposed` for `year`."""
    found: dict[int, dict[int, Decimal]] = {}
    if not ids:
        return found
    for indicator_id, unit_id, value in Target.objects.filter(
            indicator_id__in=ids, unit_id__in=unit_ids, year=year,
            kind=TargetKind.PROPOSED).values_list("indicator_id", "unit_id", "value"):
        found.setdefault(indicator_id, {})[unit_id] = value
    return found


def _change(now, before):
    if now is None or before in (None, 0):
        return None
    return Decimal(100) * (now - before) / before




def monthly_series(indicator: Indicator, unit: OrgUnit, year: int) -> dict[int, dict]:
    """Per month of `year` and of the year before, the indicator's monthly value over the
    subtree (units added up, or as its aggregation says), in one query; derived indicators apply
    their formula month by month.  {year: {month: value}}"""
    everything = _components([indicator])
    base = [i for i in everything.values() if not i.is_derived]
    q = connection.ops.quote_name
    ids = [i.pk for i in base]
    marks = ",".join(["%s"] * len(ids))
    sql = (f"SELECT d.indicator_id, d.period_start, SUM({rollups.summable('d.value')}), "  # noqa: S608
           f"AVG(d.value), MAX(d.value), "
           f"MIN(d.value), COUNT(d.value) FROM {q('collection_datavalue')} d "
           f"JOIN {q('organisation_orgunit')} u ON u.id = d.unit_id "
           f"WHERE d.indicator_id IN ({marks}) AND d.{q('column')} = 'actual' "
           f"AND d.period_kind = 'month' AND d.period_start >= %s AND d.period_end <= %s "
           f"AND u.path LIKE %s GROUP BY d.indicator_id, d.period_start")
    params = [*ids, *_dates(date(year - 1, 1, 1), date(year, 12, 31)), unit.path + "%"]
    stored = bool(ids) and OrgUnit.objects.filter(parent=unit).exists()
    if stored:  # the rollups have the subtree's months
        sql = (f"SELECT r.indicator_id, r.year, r.month, r.m_sum, "  # noqa: S608
               f"CASE WHEN r.m_count > 0 THEN r.m_sum * 1.0 / r.m_count END, r.m_max, "
               f"r.m_min, r.m_count FROM {q('consolidation_rollup')} r WHERE r.unit_id = %s "
               f"AND r.indicator_id IN ({marks}) AND r.year >= %s AND r.year <= %s")
        params = [unit.pk, *ids, year - 1, year]
    by_id = {i.pk: i for i in base}
    values: dict[str, dict[tuple[int, int], Decimal]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            if stored:
                indicator_id, start, aggregates = row[0], date(row[1], row[2], 1), row[3:]
            else:
                indicator_id, start, aggregates = row[0], row[1], row[2:]
                start = start if isinstance(start, date) else date.fromisoformat(str(start))
            base_indicator = by_id[indicator_id]
            value = _across(aggregates, base_indicator.aggregation,
                            base_indicator.time_aggregation)
            values.setdefault(base_indicator.code, {})[(start.year, start.month)] = value
    result: dict[int, dict[int, Decimal | None]] = {year - 1: {}, year: {}}
    for y in (year - 1, year):
        for month in range(1, 13):
            if indicator.is_derived:
                tree = formulas.parse(indicator.formula)
                value = formulas.evaluate(tree, {c: values.get(c, {}).get((y, month))
                                                 for c in formulas.codes(tree)})
            else:
                value = values.get(indicator.code, {}).get((y, month))
            result[y][month] = value
    return result

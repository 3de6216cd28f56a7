"""Keeping the rollups (see models.py) right.

They hold the official monthly values only (DataValue.official: of reports sent and not returned
since, or imported). Every write that changes what they derive from calls one function here,
inside the writer's transaction (signals.py connects them): a monthly value of the column
`actual` saved or deleted, values becoming official or not (a report sent or returned), a target
saved or deleted, an indicator's way of combining changed, a unit placed in the tree. Each
recomputes, set-based, the rollups of the units above the one that changed (and of that unit,
when it has units under it); for values and targets, deferred by default: the writer notes the
change and drain() recomputes after the commit (see "deferred" below). Bulk writers wrap their
work in `batch()`: the changes are gathered and recomputed (or noted) once at its end.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db import connection, transaction

from baocao.lib.numbers import WIDE
from baocao.lib.rows import marks

_pending = threading.local()


# --- entry points for writers ---------------------------------------------------------------

def values_changed(indicator_id: int, unit_id: int, year: int) -> None:
    """A unit's monthly value of `year` changed: its year's rollups and the next year's (whose
    `lapsed` looks twelve months back) are recomputed for the units above it."""
    _note("values", indicator_id, unit_id, year)


def targets_changed(indicator_id: int, unit_id: int, year: int) -> None:
    _note("targets", indicator_id, unit_id, year)


def indicator_changed(indicator_id: int) -> None:
    """Its aggregation over time or across units changed: everything of it is recomputed."""
    with transaction.atomic():
        _drain_lock()
        refresh_values(indicator_ids=[indicator_id])
        refresh_targets(indicator_ids=[indicator_id])


def unit_placed(unit_id: int, old_ancestor_ids: list[int]) -> None:
    """A unit was created, or moved from under `old_ancestor_ids`.  A new unit holds nothing,
    but its parent may have just got its first unit under it (and so rollups of its own); a
    moved unit's figures leave the units above it before and join those above it now."""
    from baocao.organisation.models import OrgUnit

    from .models import Rollup, RollupTarget

    unit = OrgUnit.objects.get(pk=unit_id)
    with transaction.atomic():
        _drain_lock()
        if OrgUnit.objects.filter(parent_id=unit.parent_id).count() == 1:
            refresh_values(roots=[unit.parent_id])  # its first: the parent's own figures
            refresh_targets(roots=[unit.parent_id])
        if not old_ancestor_ids:
            return
        subtree = list(OrgUnit.objects.filter(path__startswith=unit.path)
                       .values_list("id", flat=True))
        roots = _internal(set(old_ancestor_ids) | set(_ancestor_ids(unit.path)[:-1]))
        indicators = _indicators_of(subtree)
        refresh_values(roots=roots, indicator_ids=indicators)
        refresh_targets(roots=roots, indicator_ids=indicators)
        orphans = set(old_ancestor_ids) - set(roots)  # left without units under them
        Rollup.objects.filter(unit_id__in=orphans).delete()
        RollupTarget.objects.filter(unit_id__in=orphans).delete()


@contextmanager
def batch():
    """Gather the changes made inside, and recompute once at the end (still inside the caller's
    transaction, which should enclose this)."""
    outer = getattr(_pending, "changes", None)
    if outer is not None:  # nested: the outermost batch recomputes
        yield
        return
    _pending.changes = {"values": set(), "targets": set()}
    try:
        yield
        changes = _pending.changes
    finally:
        _pending.changes = None
    _follow(changes)


def _note(kind, indicator_id, unit_id, year):
    changes = getattr(_pending, "changes", None)
    if changes is not None:
        changes[kind].add((indicator_id, unit_id, year))
    else:
        _follow({"values": set(), "targets": set(), kind: {(indicator_id, unit_id, year)}})


def _follow(changes):
    """Recompute now, in the writer's transaction; or, deferred, note the changes there and
    let drain() recompute them (see below)."""
    if deferred():
        _defer(changes)
    else:
        _apply(changes)


# --- deferred: the writer notes, drain() recomputes -----------------------------------------
#
# Recomputing the units above a change costs more the larger the tree (the top unit's rows
# come from its whole subtree), and every save in a province would lock the same top rows.
# Deferred (BAOCAO_ROLLUPS_DEFERRED, the default), a save only writes a RollupChange row in its
# own transaction; after the commit the worker is woken and drain() recomputes, once, all that
# was noted meanwhile, under one lock so that two drains never write the same rows.  A
# consolidation calls follow() before it reads: what is still noted is drained first, so the
# figures read are those a recomputation in the writer's transaction would have given.

# Any constant: the key of the PostgreSQL advisory lock that serialises drains.
_DRAIN_LOCK_KEY = 7302616


def deferred() -> bool:
    from django.conf import settings

    return settings.BAOCAO_ROLLUPS_DEFERRED


def _defer(changes):
    from .models import RollupChange

    rows = [RollupChange(kind=kind, indicator_id=indicator_id, unit_id=unit_id, year=year)
            for kind, keys in changes.items() for indicator_id, unit_id, year in keys]
    if rows:
        RollupChange.objects.bulk_create(rows)
        transaction.on_commit(_wake)


# What wakes the worker after a commit that noted changes: the job tasks.drain_rollups, set by
# ConsolidationConfig.ready() (this module knows nothing of the jobs).
waker = None


def _wake():
    if waker is not None:
        waker()


def _drain_lock():
    """Held until the end of the caller's transaction (SQLite serialises writers itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DRAIN_LOCK_KEY])


def drain(limit: int = 5000) -> int:
    """Recompute what the noted changes need, oldest first, `limit` at a time; returns how many
    changes were followed."""
    from .models import RollupChange

    followed = 0
    while True:
        with transaction.atomic():
            _drain_lock()
            taken = list(RollupChange.objects.order_by("pk")[:limit])
            if not taken:
                return followed
            RollupChange.objects.filter(pk__in=[c.pk for c in taken]).delete()
            changes = {"values": set(), "targets": set()}
            for change in taken:
                changes[change.kind].add((change.indicator_id, change.unit_id, change.year))
            _apply(changes)
        followed += len(taken)


def follow() -> int:
    """Before reading the rollups: drain what is still noted (nothing to do, one query)."""
    from .models import RollupChange

    if not deferred() or not RollupChange.objects.exists():
        return 0  # (noted while deferral was on: the worker's minute job drains them)
    return drain()


def _apply(changes):
    """Recompute, for each group of changes that share their years, once."""
    from baocao.organisation.models import OrgUnit

    paths = dict(OrgUnit.objects.filter(
        pk__in={u for kind in changes.values() for _i, u, _y in kind}).values_list("id", "path"))
    for kind, refresh, spread in (("values", refresh_values, 1), ("targets", refresh_targets, 0)):
        by_years = defaultdict(lambda: (set(), set()))
        for indicator_id, unit_id, year in changes[kind]:
            indicators, units = by_years[year]
            indicators.add(indicator_id)
            units.add(unit_id)
        for year, (indicators, units) in by_years.items():
            ancestors = set()
            for unit_id in units:
                ancestors |= set(_ancestor_ids(paths.get(unit_id, "")))
            roots = _internal(ancestors)
            if roots:
                refresh(indicator_ids=sorted(indicators), roots=roots,
                        years=list(range(year, year + 1 + spread)))


def _ancestor_ids(path: str) -> list[int]:
    """The unit of `path` and every unit above it."""
    return [int(part) for part in path.strip("/").split("/") if part]


def _internal(unit_ids) -> list[int]:
    """Those of the units that have units under them."""
    from baocao.organisation.models import OrgUnit

    return sorted(set(OrgUnit.objects.filter(parent_id__in=list(unit_ids))
                      .values_list("parent_id", flat=True)))


def _all_internal() -> list[int]:
    from baocao.organisation.models import OrgUnit

    return sorted(set(OrgUnit.objects.filter(parent__isnull=False)
                      .values_list("parent_id", flat=True)))


def _indicators_of(unit_ids) -> list[int]:
    """The indicators with a value or a target at one of the units."""
    from baocao.catalogue.models import Target
    from baocao.collection.models import DataValue

    found = set(DataValue.objects.filter(unit_id__in=unit_ids).values_list(
        "indicator_id", flat=True).distinct())
    found |= set(Target.objects.filter(unit_id__in=unit_ids).values_list(
        "indicator_id", flat=True).distinct())
    return sorted(found)


# --- the computations ------------------------------------------------------------------------

def summable(column: str) -> str:
    """A value column as the sums should read it.  SQLite sums integers as 64-bit integers and
    fails ("integer overflow") past 2^63; read as REAL, a sum is a float like the sums of
    values with decimals always were there (exact at six decimals for any figure within the
    bounds of lib/numbers.py)."""
    return f"CAST({column} AS REAL)" if connection.vendor == "sqlite" else column


def _month_key(column: str) -> str:
    """Months counted from year 0: year × 12 + month − 1, as an integer."""
    if connection.vendor == "postgresql":
        return (f"(CAST(EXTRACT(YEAR FROM {column}) AS integer) * 12 "
                f"+ CAST(EXTRACT(MONTH FROM {column}) AS integer) - 1)")
    return (f"(CAST(strftime('%%Y', {column}) AS integer) * 12 "
            f"+ CAST(strftime('%%m', {column}) AS integer) - 1)")


def _data_years() -> list[int]:
    from baocao.collection.models import DataValue

    found = DataValue.objects.filter(column="actual", period_kind="month",
                                     official=True).values_list("period_start", flat=True)
    first, last = found.order_by("period_start").first(), found.order_by("-period_start").first()
    if first is None:
        return []
    return list(range(first.year, last.year + 2))


def refresh_values(indicator_ids=None, roots=None, years=None) -> int:
    """Recompute the rollups of `roots` (default: every unit with units under it) for
    `indicator_ids` (default: all) and `years` (default: every year with values, and the next).
    Returns the number of rows written."""
    from .models import Rollup

    if roots is None:
        roots = _all_internal()
    if years is None:
        years = _data_years()
    if not roots or not years or indicator_ids == []:
        return 0
    first, last = min(years), max(years)
    with transaction.atomic():
        stale = Rollup.objects.filter(unit_id__in=roots, year__gte=first, year__lte=last)
        if indicator_ids is not None:
            stale = stale.filter(indicator_id__in=indicator_ids)
        stale.delete()
        return _insert_values(indicator_ids, roots, first, last)


def _insert_values(indicator_ids, roots, first: int, last: int) -> int:
    q = connection.ops.quote_name
    values, units = q("collection_datavalue"), q("organisation_orgunit")
    rollup, indicator = q("consolidation_rollup"), q("catalogue_indicator")
    by_indicator, params_indicator = "", []
    if indicator_ids is not None:
        by_indicator = f"AND d.indicator_id IN ({marks(indicator_ids)})"
        params_indicator = list(indicator_ids)
    # The grid: every (indicator, unit) with a value from the year before `first` to `last`,
    # times every month of that span, so that a unit's running values exist for every month.
    # running: per unit, January-to-month sums and counts and the values seen in the twelve
    # months before; lasts: the last value seen (the only one in its group of equal counts).
    # Built from quoted names only; every value is a parameter.
    sql = f"""
        INSERT INTO {rollup} (indicator_id, unit_id, year, month, m_sum, m_max, m_min, m_count,
                              y_sum, y_max, y_min, y_count, lapsed)
        WITH RECURSIVE months(k) AS (
            SELECT CAST(%s AS integer) UNION ALL SELECT k + 1 FROM months WHERE k < %s),
        anc AS (
            SELECT a.id AS root, u.id AS unit_id FROM {units} a JOIN {units} u
            ON substr(u.path, 1, length(a.path)) = a.path WHERE a.id IN ({marks(roots)})),
        base AS (
            SELECT d.indicator_id, d.unit_id, {_month_key("d.period_start")} AS k,
                {summable("d.value")} AS value
            FROM {values} d
            WHERE d.{q("column")} = 'actual' AND d.period_kind = 'month' AND d.official = %s
            AND d.period_start >= %s AND d.period_start <= %s {by_indicator}
            AND d.unit_id IN (SELECT unit_id FROM anc)),
        pairs AS (SELECT DISTINCT indicator_id, unit_id FROM base),
        filled AS (
            SELECT p.indicator_id, p.unit_id, m.k, b.value FROM pairs p CROSS JOIN months m
            LEFT JOIN base b ON b.indicator_id = p.indicator_id AND b.unit_id = p.unit_id
            AND b.k = m.k),
        running AS (
            SELECT indicator_id, unit_id, k, value,
                SUM(value) OVER ytd AS ysum, COUNT(value) OVER ytd AS ycount,
                COUNT(value) OVER (PARTITION BY indicator_id, unit_id ORDER BY k
                                   ROWS BETWEEN 12 PRECEDING AND 1 PRECEDING) AS recent
            FROM filled
            WINDOW ytd AS (PARTITION BY indicator_id, unit_id, k / 12 ORDER BY k
                           ROWS UNBOUNDED PRECEDING)),
        lasts AS (
            SELECT r.indicator_id, r.unit_id, r.k, r.value, r.recent,
                CASE i.time_aggregation
                    WHEN 'sum' THEN r.ysum
                    WHEN 'average' THEN CASE WHEN r.ycount > 0
                                             THEN r.ysum * 1.0 / r.ycount END
                    ELSE MAX(r.value) OVER (PARTITION BY r.indicator_id, r.unit_id, r.k / 12,
                                                         r.ycount)
                END AS ytd
            FROM running r JOIN {indicator} i ON i.id = r.indicator_id)
        SELECT l.indicator_id, a.root, l.k / 12, l.k - (l.k / 12) * 12 + 1,
            SUM(l.value), MAX(l.value), MIN(l.value), COUNT(l.value),
            SUM(l.ytd), MAX(l.ytd), MIN(l.ytd), COUNT(l.ytd),
            SUM(CASE WHEN l.value IS NULL AND l.recent > 0 THEN 1 ELSE 0 END)
        FROM lasts l JOIN anc a ON a.unit_id = l.unit_id
        WHERE l.k >= %s
        GROUP BY l.indicator_id, a.root, l.k
    """  # noqa: S608
    start, end = (first - 1) * 12, last * 12 + 11
    params = [start, end, *roots, True,
              *_dates(date(first - 1, 1, 1), date(last, 12, 31)), *params_indicator,
              first * 12]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _dates(*days):
    return [connection.ops.adapt_datefield_value(day) for day in days]


def refresh_targets(indicator_ids=None, roots=None, years=None) -> int:
    """Recompute the consolidated targets of `roots` (default: every unit with units under it):
    a unit's own plan target, or else its children's combined, each found the same way."""
    from .models import RollupTarget

    if roots is None:
        roots = _all_internal()
    if not roots or indicator_ids == []:
        return 0
    stale = RollupTarget.objects.filter(unit_id__in=roots)
    if indicator_ids is not None:
        stale = stale.filter(indicator_id__in=indicator_ids)
    if years is not None:
        stale = stale.filter(year__in=years)
    rows = [RollupTarget(indicator_id=indicator_id, unit_id=unit_id, year=year, value=value)
            for (indicator_id, unit_id, year), value in
            consolidated_targets(indicator_ids, roots, years).items()]
    with transaction.atomic():
        stale.delete()
        RollupTarget.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def consolidated_targets(indicator_ids, roots, years=None) -> dict[tuple, Decimal]:
    """{(indicator, unit, year): target} for each of `roots`, computed from the plan targets:
    its own, or else its children's (each found the same way) combined."""
    from baocao.catalogue.models import Indicator, Target, TargetKind
    from baocao.organisation.models import OrgUnit

    root_paths = list(OrgUnit.objects.filter(pk__in=roots).values_list("path", flat=True))
    top_paths = [p for p in root_paths if not any(p != o and p.startswith(o) for o in root_paths)]
    tree = set()
    for path in top_paths:
        tree |= set(OrgUnit.objects.filter(path__startswith=path).values_list("id", "parent_id"))
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in tree:
        children[parent_id].append(unit_id)
    targets = Target.objects.filter(kind=TargetKind.PLAN,
                                    unit_id__in=[u for u, _p in tree]).order_by()
    how = Indicator.objects.all()
    if indicator_ids is not None:
        targets = targets.filter(indicator_id__in=indicator_ids)
        how = how.filter(pk__in=indicator_ids)
    if years is not None:
        targets = targets.filter(year__in=years)
    how = dict(how.values_list("id", "aggregation"))
    own: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, unit_id, year, value in targets.values_list("indicator_id", "unit_id",
                                                                  "year", "value"):
        own[(indicator_id, year)][unit_id] = value
    result = {}
    for (indicator_id, year), by_unit in own.items():
        memo: dict[int, Decimal | None] = {}
        for root in roots:
            value = combined_target(root, by_unit, children, how.get(indicator_id), memo)
            if value is not None:
                result[(indicator_id, root, year)] = value
    return result


def combined_target(unit_id, own, children, how, memo):
    """The unit's own target in `own`, or its children's, each found the same way, combined."""
    if unit_id in memo:
        return memo[unit_id]
    value = own.get(unit_id)
    if value is None:
        found = [v for v in (combined_target(c, own, children, how, memo)
                             for c in children.get(unit_id, [])) if v is not None]
        if found:
            value = combine(found, how)
    memo[unit_id] = value
    return value


def combine(found: list[Decimal], how: str) -> Decimal:
    if how == "average":
        return sum(found) / len(found)
    if how == "max":
        return max(found)
    if how == "min":
        return min(found)
    return sum(found)


def rebuild() -> tuple[int, int]:
    """Every rollup from scratch.  Returns (rollup rows, target rows)."""
    from .models import Rollup, RollupChange, RollupTarget

    with transaction.atomic():
        _drain_lock()
        if RollupChange._meta.db_table in connection.introspection.table_names():
            RollupChange.objects.all().delete()  # everything is recomputed below
        # (an older data migration rebuilds before the table of changes exists)
        Rollup.objects.all().delete()
        RollupTarget.objects.all().delete()
        count = 0
        indicator_ids = _indicator_ids_with_values()
        years = _data_years()
        for start in range(0, len(indicator_ids), 50):  # in slices: bounded memory
            count += refresh_values(indicator_ids=indicator_ids[start:start + 50], years=years)
        return count, refresh_targets()


def _indicator_ids_with_values() -> list[int]:
    from baocao.collection.models import DataValue

    return sorted(set(DataValue.objects.filter(column="actual", period_kind="month",
                                               official=True)
                      .values_list("indicator_id", flat=True).distinct()))


def check() -> list[str]:
    """The differences between the stored rollups and a fresh computation (none when right)."""
    from .models import Rollup, RollupTarget

    follow()

    def snapshot():
        fields = [f.name for f in Rollup._meta.concrete_fields if f.name != "id"]
        rows = {}
        for row in Rollup.objects.values_list(*[f + ("_id" if f in ("indicator", "unit") else "")
                                                for f in fields]):
            data = dict(zip(fields, row, strict=True))
            if data["m_count"] or data["y_count"] or data["lapsed"]:
                key = (data.pop("indicator"), data.pop("unit"), data.pop("year"),
                       data.pop("month"))
                rows[key] = {k: _round(v) for k, v in data.items()}
        targets = {(i, u, y): _round(v) for i, u, y, v in RollupTarget.objects.values_list(
            "indicator_id", "unit_id", "year", "value")}
        return rows, targets

    with transaction.atomic():
        before = snapshot()
        sid = transaction.savepoint_create()
        try:
            rebuild()
            after = snapshot()
        finally:
            transaction.savepoint_rollback(sid)
    problems = []
    for name, old, new in (("rollup", before[0], after[0]), ("target", before[1], after[1])):
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                problems.append(f"{name} {key}: stored {old.get(key)}, computed {new.get(key)}")
    return problems


def _round(value):
    if value is None or isinstance(value, int):
        return value
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(
        Decimal("1e-6"), context=WIDE)

"""The cost of values of other period kinds than months (issue 14): some units report some
indicators by quarter (or for nine months, or a year) instead of by month.  The rollups keep
months only, so the engine reads those indicators live, unit by unit (`_Sql.mixed`).

    python bench/period_kinds.py [--units 160] [--indicators 400] [--share 0.1] [--json]

Generates, in a database of its own (as bench/consolidate.py: PostgreSQL with DATABASE_URL,
else a temporary SQLite file), `units` units × `indicators` indicators × two years; a `share` of
the indicators is reported by quarter.  Then, in the same run, times the consolidation of a
quarter at the top unit for the monthly indicators alone (rollups), for the quarterly ones alone
(read live) and for all, and the bare SQL aggregate of that quarter, and prints the ratios.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PERIOD = "2026-Q3"


def timed(function, repeat=3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=160)
    parser.add_argument("--indicators", type=int, default=400)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import consolidate as base

    vendor = base.database("periods")
    import os

    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from baocao.catalogue import builtin
    from baocao.catalogue.models import Regime, Sector, WorkflowStep, WorkflowTransition

    builtin.load(Sector, Regime, WorkflowStep, WorkflowTransition)
    top, leaves = base.tree(args.units)
    chosen = base.indicators(args.indicators)
    quarterly = set(i.pk for i in chosen[: int(len(chosen) * args.share)])
    q = connection.ops.quote_name
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_period (period varchar(10), kind varchar(15),"
                       " start_day date, end_day date)")
        from baocao.catalogue.periods import Period

        months = [Period("month", y, m) for y in (2025, 2026) for m in range(1, 13)]
        quarters = [Period("quarter", y, n) for y in (2025, 2026) for n in range(1, 5)]
        cursor.executemany("INSERT INTO bench_period VALUES (%s, %s, %s, %s)",
                           [(str(p), p.kind, p.start, p.end) for p in months + quarters])
        cursor.execute("CREATE TEMPORARY TABLE bench_leaf (id bigint)")
        cursor.executemany("INSERT INTO bench_leaf VALUES (%s)", [(u.pk,) for u in leaves])
        cursor.execute("CREATE TEMPORARY TABLE bench_quarterly (id bigint)")
        cursor.executemany("INSERT INTO bench_quarterly VALUES (%s)", [(i,) for i in quarterly])
        random = "random()" if vendor == "postgresql" else "(abs(random()) / 9.3e18)"
        cursor.execute(
            f"INSERT INTO {q('collection_datavalue')} (indicator_id, unit_id, period, "
            f"period_kind, period_start, period_end, {q('column')}, value, text, comment, "
            f"revision, stored_by, updated_at, followup, official) "
            f"SELECT i.id, l.id, p.period, p.kind, p.start_day, p.end_day, 'actual', "
            f"round(CAST(10 + 90 * {random} AS numeric), 1), '', '', 1, 'bench', "
            f"CURRENT_TIMESTAMP, false, true FROM bench_leaf l CROSS JOIN bench_period p "
            f"CROSS JOIN {q('catalogue_indicator')} i WHERE (p.kind = 'quarter') = "
            f"(i.id IN (SELECT id FROM bench_quarterly))")
        cursor.execute(f"SELECT COUNT(*) FROM {q('collection_datavalue')}")
        rows = cursor.fetchone()[0]
        cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    from baocao.consolidation import rollups

    rollups.rebuild()
    from baocao.catalogue.periods import parse
    from baocao.consolidation.engine import consolidate

    period = parse(PERIOD)
    monthly_ones = [i for i in chosen if i.pk not in quarterly]
    quarterly_ones = [i for i in chosen if i.pk in quarterly]
    seconds_monthly = timed(lambda: consolidate(monthly_ones, period, top))
    seconds_quarterly = timed(lambda: consolidate(quarterly_ones, period, top))
    seconds_all = timed(lambda: consolidate(chosen, period, top))

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT indicator_id, SUM(value) FROM {q('collection_datavalue')} "
                           f"WHERE period_start >= %s AND period_end <= %s "
                           f"AND {q('column')} = 'actual' GROUP BY indicator_id",
                           [connection.ops.adapt_datefield_value(period.start),
                            connection.ops.adapt_datefield_value(period.end)])
            cursor.fetchall()

    bare_seconds = timed(bare)
    result = {"database": vendor, "units": args.units, "indicators": args.indicators,
              "quarterly_indicators": len(quarterly), "values": rows,
              "generated_seconds": round(generated, 1),
              "monthly_indicators_seconds": round(seconds_monthly, 4),
              "quarterly_indicators_seconds": round(seconds_quarterly, 4),
              "all_seconds": round(seconds_all, 4), "bare_seconds": round(bare_seconds, 4),
              "ratio_all_to_bare": round(seconds_all / bare_seconds, 2) if bare_seconds else None,
              "quarterly_per_indicator_ms": round(1000 * seconds_quarterly / max(1, len(quarterly)),
                                                  2),
              "monthly_per_indicator_ms": round(1000 * seconds_monthly / max(1, len(monthly_ones)),
                                                2)}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{PERIOD} at the top on {vendor}: {rows:,} values; monthly indicators "
              f"({len(monthly_ones)}) {seconds_monthly:.3f} s; quarterly ones ({len(quarterly)}, "
              f"read live) {seconds_quarterly:.3f} s; all {seconds_all:.3f} s; bare aggregate "
              f"{bare_seconds:.3f} s; ratio {result['ratio_all_to_bare']}")


if __name__ == "__main__":
    main()

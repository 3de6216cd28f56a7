"""Consolidation speed: `baocao bench consolidate --scale district|province|national [--json]`
(or `python bench/consolidate.py …`).

Generates its own data into a separate database (PostgreSQL `baocao_bench_<scale>` on the server
of DATABASE_URL; without DATABASE_URL a temporary SQLite file), then times a full consolidation
of one month (every quantity, all indicators) at the top unit, and in the same run the bare SQL
aggregate that sums the same month's values, and prints both and their ratio; then what one
save costs: noted for the worker (BAOCAO_ROLLUPS_DEFERRED, the default), the worker's drain of
it, the drain of twenty saves at once, and a save recomputing the rollups in its own
transaction.

    district:  25 units ×   300 indicators × 5 years of months
    province: 160 units ×   400 indicators × 5 years
    national: 3,500 units × 200 indicators × 5 years
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCALES = {"district": (25, 300), "province": (160, 400), "national": (3500, 200)}
YEARS = (2022, 2026)
PERIOD = "2026-10"


def database(scale: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        os.environ["BAOCAO_DATA_DIR"] = tempfile.mkdtemp(prefix="baocao-bench-")
        return "sqlite"
    import psycopg

    base = url.rpartition("/")[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS baocao_bench_{scale} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE baocao_bench_{scale}")
    os.environ["DATABASE_URL"] = f"{base}/baocao_bench_{scale}"
    return "postgresql"


def tree(units: int):
    """A top unit, districts (or provinces) under it, and the rest as communes under those."""
    from baocao.organisation.models import Kind, OrgUnit

    top = OrgUnit(code="TOP", name="Toàn bộ", kind=Kind.PROVINCE)
    top.save()
    middle_count = max(1, round((units - 1) ** 0.5 / 2))
    middles = []
    for n in range(middle_count):
        unit = OrgUnit(code=f"M{n:03d}", name=f"Huyện {n}", kind=Kind.DISTRICT, parent=top)
        unit.save()
        middles.append(unit)
    leaves = []
    for n in range(units - 1 - middle_count):
        unit = OrgUnit(code=f"L{n:05d}", name=f"Xã {n}", kind=Kind.COMMUNE,
                       parent=middles[n % middle_count])
        unit.save()
        leaves.append(unit)
    return top, leaves


def indicators(count: int):
    from baocao.catalogue.models import Indicator, Sector

    sector = Sector.objects.get(code="economy")
    kinds = [("sum", "sum")] * 8 + [("last", "sum"), ("average", "average")]
    Indicator.objects.bulk_create(
        Indicator(code=f"I{n:04d}", name=f"Chỉ tiêu {n}", sector=sector,
                  family="socio_economic", time_aggregation=kinds[n % 10][0],
                  aggregation=kinds[n % 10][1], decimals=1)
        for n in range(count))
    return list(Indicator.objects.order_by("code"))


def _months():
    from baocao.catalogue.periods import Period

    return [Period("month", y, m) for y in range(YEARS[0], YEARS[1] + 1) for m in range(1, 13)]


def values(leaves, chosen, vendor: str) -> int:
    """Monthly values for every leaf × indicator × month: COPY on PostgreSQL (the table's
    secondary indexes and foreign keys dropped while it loads, made again after), one bulk
    INSERT … SELECT in one transaction on SQLite."""
    from django.db import connection

    q = connection.ops.quote_name
    if vendor == "postgresql":
        count = _copy_values(leaves, chosen)
    else:
        months = _months()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("CREATE TEMPORARY TABLE bench_month (period varchar(10), "
                           "start_day date, end_day date, n integer)")
            cursor.executemany("INSERT INTO bench_month VALUES (%s, %s, %s, %s)",
                               [(str(p), p.start, p.end, i) for i, p in enumerate(months)])
            cursor.execute("CREATE TEMPORARY TABLE bench_leaf (id bigint)")
            cursor.executemany("INSERT INTO bench_leaf VALUES (%s)", [(u.pk,) for u in leaves])
            cursor.execute(
                f"INSERT INTO {q('collection_datavalue')} (indicator_id, unit_id, period, "
                f"period_kind, period_start, period_end, {q('column')}, value, text, comment, "
                f"revision, stored_by, updated_at, followup, official) "
                f"SELECT i.id, l.id, m.period, 'month', m.start_day, m.end_day, 'actual', "
                f"round(CAST(10 + 90 * (abs(random()) / 9.3e18) AS numeric), 1), '', '', 1, "
                f"'bench', CURRENT_TIMESTAMP, false, true FROM bench_leaf l "
                f"CROSS JOIN bench_month m "
                f"CROSS JOIN {q('catalogue_indicator')} i")
            cursor.execute(f"SELECT COUNT(*) FROM {q('collection_datavalue')}")
            count = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q('catalogue_target')} (indicator_id, unit_id, year, kind, value) "
            f"SELECT i.id, l.id, 2026, 'plan', 700 FROM {q('organisation_orgunit')} l "
            f"CROSS JOIN {q('catalogue_indicator')} i WHERE l.id IN "
            f"({', '.join(str(u.pk) for u in leaves)})")
        cursor.execute(f"ANALYZE {q('collection_datavalue')}" if vendor == "postgresql"
                       else "ANALYZE")
    return count


def _copy_values(leaves, chosen) -> int:
    """COPY the values in, the table bare of its secondary indexes and foreign keys."""
    import random

    from django.db import connection

    table = "collection_datavalue"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                       "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE "
                       "conrelid = %s::regclass)", [table, table])
        indexes = cursor.fetchall()
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')", [table])
        constraints = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    months = [(str(p), p.start.isoformat(), p.end.isoformat()) for p in _months()]
    draw = random.Random(18).random
    now = "2026-11-01 00:00:00+00"
    columns = ("indicator_id, unit_id, period, period_kind, period_start, period_end, "
               '"column", value, text, comment, revision, stored_by, updated_at, followup, '
               "official")
    count = 0
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for leaf in leaves:
            lines = []
            for indicator in chosen:
                head = f"{indicator.pk}\t{leaf.pk}\t"
                for period, start, end in months:
                    lines.append(f"{head}{period}\tmonth\t{start}\t{end}\tactual\t"
                                 f"{10 + 90 * draw():.1f}\t\t\t1\tbench\t{now}\tf\tt\n")
            copy.write("".join(lines))
            count += len(lines)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    return count


def one_save(leaf, indicator):
    """What keeping the rollups costs a write: one monthly value saved, in a transaction."""
    from django.db import transaction

    from baocao.collection.models import DataValue

    with transaction.atomic():
        value = DataValue.objects.get(indicator=indicator, unit=leaf, period=PERIOD,
                                      column="actual")
        value.value += 1
        value.save()


def timed(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="baocao bench consolidate")
    parser.add_argument("--scale", choices=sorted(SCALES), default="district")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    vendor = database(args.scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    units, count = SCALES[args.scale]
    started = time.perf_counter()
    top, leaves = tree(units)
    chosen = indicators(count)
    rows = values(leaves, chosen, vendor)
    generated = time.perf_counter() - started
    # The values went in by SQL, past DataValue.save: build the rollups it would have kept.
    from baocao.consolidation import rollups

    started = time.perf_counter()
    rollups.rebuild()
    rollup_seconds = time.perf_counter() - started
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from baocao.catalogue.periods import parse
    from baocao.consolidation.engine import consolidate

    period = parse(PERIOD)
    seconds = timed(lambda: consolidate(chosen, period, top))
    q = connection.ops.quote_name

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT indicator_id, SUM(value) FROM {q('collection_datavalue')} "
                           f"WHERE period = %s AND {q('column')} = 'actual' "
                           f"GROUP BY indicator_id", [PERIOD])
            cursor.fetchall()

    bare_seconds = timed(bare)
    from django.conf import settings

    from baocao.consolidation.rollups import drain

    # One save as production makes it (the rollups' change noted, drained by the worker), the
    # worker's drain of it, the drain of twenty saves at once (what a busy deadline coalesces),
    # and one save recomputing the units above it in its own transaction (deferral off).
    settings.BAOCAO_ROLLUPS_DEFERRED = True
    save_seconds = timed(lambda: one_save(leaves[-1], chosen[0]), repeat=5)
    drain()
    drain_seconds = timed(lambda: (one_save(leaves[-1], chosen[0]), drain()), repeat=3) \
        - save_seconds

    def twenty():
        for n in range(20):
            one_save(leaves[-1 - n], chosen[n % len(chosen)])
        drain()

    drain_twenty_seconds = timed(twenty, repeat=3) - 20 * save_seconds
    settings.BAOCAO_ROLLUPS_DEFERRED = False
    save_in_transaction_seconds = timed(lambda: one_save(leaves[-1], chosen[0]), repeat=5)
    result = {"scale": args.scale, "database": vendor, "values": rows,
              "seconds": round(seconds, 4), "bare_seconds": round(bare_seconds, 4),
              "ratio": round(seconds / bare_seconds, 2) if bare_seconds else None,
              "generated_seconds": round(generated, 1),
              "rollup_seconds": round(rollup_seconds, 1),
              "save_seconds": round(save_seconds, 4),
              "drain_seconds": round(drain_seconds, 4),
              "drain_twenty_saves_seconds": round(drain_twenty_seconds, 4),
              "save_in_transaction_seconds": round(save_in_transaction_seconds, 4)}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"consolidate {args.scale} on {vendor}: {rows:,} values; one month at the top: "
              f"{seconds:.3f} s; bare aggregate of that month: {bare_seconds:.3f} s; "
              f"ratio {result['ratio']}  (data generated in {generated:.0f} s, rollups built "
              f"in {rollup_seconds:.0f} s); one value saved: {save_seconds:.4f} s, its "
              f"rollups drained after it: {drain_seconds:.4f} s (twenty saves' at once: "
              f"{drain_twenty_seconds:.4f} s); one save recomputing them in its transaction: "
              f"{save_in_transaction_seconds:.4f} s")


if __name__ == "__main__":
    main()

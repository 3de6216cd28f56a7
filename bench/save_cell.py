"""How fast is saving one cell of a 60-indicator form?  Prints the median and 95th percentile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/save_cell.py

It makes a fresh database `baocao_bench` on that server (on SQLite without DATABASE_URL, in a
temporary file), loads the Tây Hồ demo, signs in as a ward's reporter and saves cells of the
current month's report through the real view (Django's test client: the whole request but the
network), cycling over the form's 58 typed indicators.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))


def prepare_database():
    url = os.environ.get("DATABASE_URL")
    if not url:
        os.environ["BAOCAO_DATA_DIR"] = tempfile.mkdtemp()
        return "SQLite (temporary file)"
    import psycopg

    base, _, _name = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS baocao_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE baocao_bench")
    os.environ["DATABASE_URL"] = f"{base}/baocao_bench"
    return f"PostgreSQL ({base.split('@')[-1]})"


def main():
    engine = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("demo", "--seed-example", "--no-serve", verbosity=0,
                 stdout=open(os.devnull, "w"))
    from baocao.catalogue.models import FormRow
    from baocao.collection.models import Round
    from baocao.organisation.models import User

    rnd = Round.objects.filter(form__code="BC-THANG").order_by("-period_end").first()
    submission = rnd.submissions.get(unit__code="TAYHO-XUANLA")
    rows = list(FormRow.objects.filter(table__version=rnd.form_version, indicator__isnull=False,
                                       indicator__formula="").select_related("indicator"))
    client = Client()
    client.force_login(User.objects.get(username="xuanla.baocao"))
    url = f"/rounds/submissions/{submission.pk}/cell/"
    timings = []
    for n in range(REQUESTS + 20):
        row = rows[n % len(rows)]
        value = str(10 + n % 7) if row.indicator.value_type != "percent" else "50"
        start = time.perf_counter()
        response = client.post(url, {"indicator": row.indicator_id, "column": "actual",
                                     "value": value}, HTTP_HX_REQUEST="true")
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.content[:500]
        if n >= 20:  # warm-up
            timings.append(elapsed * 1000)
    timings.sort()
    print(f"save one cell ({len(rows)} typed indicators, {len(timings)} requests, {engine}): "
          f"median {statistics.median(timings):.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms, max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()

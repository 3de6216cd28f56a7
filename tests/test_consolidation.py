"""Consolidation, against figures computed by hand.

    C (district)                      indicators: F flow (sum, sum)
    ├── W1 (ward)                                 S stock (last, sum)
    │   └── W1A (a residential group)             A average (average over time and units)
    └── W2 (ward, ended 30/06/2026)               R = 100 * F / S;  Z = F / N (N never reported)
"""

from datetime import date
from decimal import Decimal

import pytest

from baocao.catalogue.models import Indicator, Sector, Target
from baocao.catalogue.periods import parse
from baocao.collection.models import DataValue
from baocao.consolidation.engine import consolidate
from baocao.organisation.models import Kind

from .conftest import make_unit

D = Decimal


@pytest.fixture
def world(builtins):
    c = make_unit("C", "Quận", Kind.DISTRICT)
    w1 = make_unit("W1", "Phường 1", Kind.WARD, c)
    w1a = make_unit("W1A", "Tổ dân phố 1A", Kind.EXTERNAL, w1)
    w2 = make_unit("W2", "Phường 2", Kind.WARD, c, active_to=date(2026, 6, 30))
    sector = Sector.objects.get(code="health")

    def indicator(code, **kw):
        return Indicator.objects.create(code=code, name=code, sector=sector,
                                        family="socio_economic", **kw)

    ind = {
        "F": indicator("F", time_aggregation="sum", aggregation="sum"),
        "S": indicator("S", time_aggregation="last", aggregation="sum"),
        "A": indicator("A", time_aggregation="average", aggregation="average"),
        "N": indicator("N"),
        "R": indicator("R", formula="100 * F / S", aggregation="none"),
        "Z": indicator("Z", formula="F / N", aggregation="none"),
    }

    def put(code, unit, month, value, year=2026):
        p = parse(f"{year}-{month:02d}")
        DataValue.objects.create(indicator=ind[code], unit=unit, period=str(p), period_kind="month",
                                 period_start=p.start, period_end=p.end, value=D(value))

    for month in range(1, 10):
        put("F", w1, month, 10 * month)  # 10, 20, … 90
        put("F", w1a, month, month)  # 1, 2, … 9
        if month <= 6:
            put("F", w2, month, 5)  # until it ended
    put("S", w1, 1, 100)
    put("S", w1, 3, 120)
    put("S", w2, 1, 50)
    put("S", w2, 2, 60)
    for month, value in ((1, 80), (2, 90), (3, 100)):
        put("A", w1, month, value)
    put("A", w2, 1, 70)
    put("A", w2, 3, 90)
    Target.objects.create(indicator=ind["F"], unit=w1, year=2026, value=100)
    Target.objects.create(indicator=ind["F"], unit=w2, year=2026, value=50)
    return {"C": c, "W1": w1, "W1A": w1a, "W2": w2, **ind, "put": put}


def figures(world, codes, period, unit="C", expected=None):
    rows = consolidate([world[c] for c in codes], parse(period), world[unit], expected)
    return {r.indicator.code: r for r in rows}


def test_flows_add_up_over_a_quarter_and_over_the_tree(world):
    f = figures(world, ["F"], "2026-Q1")["F"]
    assert f["actual"] == (10 + 20 + 30) + (1 + 2 + 3) + (5 + 5 + 5)  # 81
    assert f["year_to_date"] == 81
    assert f["previous_period"] is None  # 2025-Q4: nothing
    assert figures(world, ["F"], "2026-Q1", unit="W1")["F"]["actual"] == 66  # three levels


def test_flows_over_nine_months(world):
    f = figures(world, ["F"], "2026-9M")["F"]
    assert f["actual"] == sum(10 * m + m for m in range(1, 10)) + 5 * 6  # 495 + 30
    assert f["previous_period"] == sum(11 * m for m in range(1, 7)) + 30  # 2026-H1


def test_stocks_take_each_units_last_month_with_a_value(world):
    s = figures(world, ["S"], "2026-Q1")["S"]
    assert s["actual"] == 120 + 60
    assert figures(world, ["S"], "2026-9M")["S"]["actual"] == 180
    assert figures(world, ["S"], "2026-02")["S"]["actual"] == 60  # W1 has no February value
    assert figures(world, ["S"], "2026-02")["S"]["year_to_date"] == 100 + 60


def test_averages_average_over_time_then_across_units(world):
    a = figures(world, ["A"], "2026-Q1")["A"]
    assert a["actual"] == (D(90) + D(80)) / 2  # W1: (80+90+100)/3; W2: (70+90)/2


def test_targets_come_from_the_children_when_the_unit_has_none(world):
    f = figures(world, ["F"], "2026-Q1")["F"]
    assert f["target"] == 150
    assert f["percent_of_target"] == D(100) * 81 / 150  # 54
    assert figures(world, ["F"], "2026-Q1", unit="W1A")["F"]["target"] is None


def test_without_last_year_the_estimate_follows_this_years_pace(world):
    f = figures(world, ["F"], "2026-Q1")["F"]
    assert f["same_period_last_year"] is None and f["vs_same_period_last_year"] is None
    assert f["full_year_estimate"] == D(81) * 12 / 3  # 324
    assert f["estimate_percent_of_target"] == D(100) * 324 / 150


def test_with_last_year_the_estimate_uses_its_seasonal_profile(world):
    for month in range(1, 13):
        world["put"]("F", world["W1"], month, 10 if month <= 3 else 20, year=2025)
    # last year: 30 by March, 30 + 9 × 20 = 210 in the year
    f = figures(world, ["F"], "2026-Q1")["F"]
    assert f["same_period_last_year"] == 30 and f["year_to_date_last_year"] == 30
    assert f["vs_same_period_last_year"] == D(100) * 81 / 30
    assert f["full_year_estimate"] == 81 + (210 - 30) * (D(81) / 30)  # 567


def test_a_derived_indicator_applies_its_formula_to_the_totals(world):
    r = figures(world, ["R"], "2026-Q1")["R"]
    assert r["actual"] == D(100) * 81 / 180  # not an average of the units' ratios
    assert r["target"] is None


def test_a_zero_or_missing_denominator_gives_none(world):
    z = figures(world, ["Z"], "2026-Q1")["Z"]
    assert z["actual"] is None and z["year_to_date"] is None


def test_an_expected_unit_without_a_value_is_listed(world):
    w = world
    f = figures(w, ["F"], "2026-07", expected=[w["W1"], w["W1A"], w["W2"]])["F"]
    assert f.missing_units == []  # W2 ended on 30/06: not expected in July
    w["put"]("F", w["W1A"], 10, 1)
    f = figures(w, ["F"], "2026-10", expected=[w["W1"], w["W1A"], w["W2"]])["F"]
    assert [u.code for u in f.missing_units] == ["W1"]


def test_without_a_form_the_units_that_reported_before_are_expected(world):
    f = figures(world, ["F"], "2026-07")["F"]
    assert [u.code for u in f.missing_units] == ["W2"]  # it reported until June
    assert f["actual"] == 70 + 7


def test_a_unit_that_ended_mid_year_still_counts_for_its_months(world):
    f = figures(world, ["F"], "2026-9M")["F"]
    assert f["year_to_date"] == 495 + 30  # W2's six months are in


def test_the_json_of_the_command(world, capsys):
    import json

    from django.core.management import call_command

    call_command("consolidate", "--indicators", "F,R", "--period", "2026-Q1", "--unit", "C")
    data = json.loads(capsys.readouterr().out)
    assert [d["indicator"] for d in data] == ["F", "R"]
    assert data[0]["actual"] == 81 and data[0]["target"] == 150
    assert data[1]["actual"] == 45 and data[1]["missing_units"] == []
    assert set(data[0]) == {"indicator", "unit", "period", "actual", "year_to_date", "target",
                            "percent_of_target", "same_period_last_year",
                            "year_to_date_last_year", "vs_same_period_last_year",
                            "previous_period", "change_on_previous_period",
                            "full_year_estimate", "estimate_percent_of_target",
                            "reported_full_year_estimate", "proposed_next_year_target",
                            "missing_units", "missing_estimate_units"}


def test_a_formula_cycle_written_past_the_catalogue_gives_unknown_figures(catalogue, tree):
    """The catalogue refuses a cycle; one written straight into the database must not crash
    the consolidation (it used to recurse until Python gave up)."""
    from baocao.catalogue.models import Indicator
    from baocao.catalogue.periods import Period
    from baocao.consolidation.engine import consolidate

    Indicator.objects.filter(code="YT01").update(formula="YT03 * 1")
    yt03 = Indicator.objects.get(code="YT03")
    figures = consolidate([yt03], Period.parse("2026-10"), tree["committee"])
    assert figures[0].values["actual"] is None and figures[0].values["year_to_date"] is None

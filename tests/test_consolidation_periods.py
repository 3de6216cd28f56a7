"""Every period kind, hand-computed: a unit's figure for a window is the value it reported for
exactly that window, else its months, else its quarters when they tile the window; an indicator
reported only by quarters has no monthly figure.  Only official values count.  And the units'
own full-year estimates and proposals for next year (seed 1 §5.3)."""

from decimal import Decimal

import pytest

from baocao.catalogue.models import Indicator, Sector, Target
from baocao.catalogue.periods import parse
from baocao.collection.models import DataValue
from baocao.consolidation.engine import consolidate


@pytest.fixture
def world(tree):
    health = Sector.objects.get(code="health")

    def indicator(code, **extra):
        return Indicator.objects.create(code=code, name=code, sector=health,
                                        family="socio_economic", **extra)

    found = {"Q": indicator("Q"), "M": indicator("M"),
             "S": indicator("S", time_aggregation="last"),
             "A": indicator("A", time_aggregation="average", decimals=1),
             "W1": tree["ward"], "W2": tree["other_ward"], "C": tree["committee"]}

    def put(code, unit, period, value, column="actual", official=True):
        DataValue.for_period(parse(period), indicator=found[code], unit=found[unit],
                             value=Decimal(value), column=column, official=official).save()

    for period, value in (("2026-Q1", 10), ("2026-Q2", 20), ("2026-Q3", 30), ("2026-Q4", 40),
                          ("2025-Q3", 25)):
        put("Q", "W1", period, value)
    for period, value in (("2026-Q1", 1), ("2026-Q2", 2), ("2026-Q3", 3)):
        put("Q", "W2", period, value)
    for month, value in ((7, 1), (8, 2), (9, 3)):
        put("M", "W1", f"2026-{month:02d}", value)
    put("M", "W1", "2026-Q3", 10)  # the unit's quarterly report says 10, not 1 + 2 + 3
    for month, value in ((7, 4), (8, 5), (9, 6)):
        put("M", "W2", f"2026-{month:02d}", value)
    for period, value in (("2026-Q1", 100), ("2026-Q2", 110), ("2026-Q3", 120)):
        put("S", "W1", period, value)
    for period, value in (("2026-Q1", 3), ("2026-Q2", 5)):
        put("A", "W1", period, value)
    found["put"] = put
    return found


def figures(world, codes, period, unit="C", **options):
    result = consolidate([world[c] for c in codes], parse(period), world[unit], **options)
    return {f.indicator.code: f for f in result}


@pytest.mark.parametrize("use_rollups", [True, False])
def test_a_quarterly_only_indicator_by_quarter_half_nine_months_and_year(world, use_rollups):
    def q(period, **extra):
        return figures(world, ["Q"], period, use_rollups=use_rollups, **extra)["Q"]

    assert q("2026-Q3")["actual"] == 33 and q("2026-Q3")["year_to_date"] == 66
    assert q("2026-Q3")["same_period_last_year"] == 25  # W2 reported no Q3 last year
    assert q("2026-Q3")["previous_period"] == 22
    assert q("2026-H1")["actual"] == 33  # Q1 + Q2 of each unit
    assert q("2026-9M")["actual"] == 66
    year = q("2026", expected_units=[world["W1"], world["W2"]])
    assert year["actual"] == 100  # W1's four quarters; W2's three do not make a year
    assert [u.code for u in year.missing_units] == ["TAYHO-NHATTAN"]


@pytest.mark.parametrize("use_rollups", [True, False])
def test_monthly_figures_of_a_quarterly_indicator_are_null_never_zero(world, use_rollups):
    august = figures(world, ["Q"], "2026-08", use_rollups=use_rollups)["Q"]
    assert august["actual"] is None and august["year_to_date"] is None


@pytest.mark.parametrize("use_rollups", [True, False])
def test_a_typed_quarter_overrides_the_units_months(world, use_rollups):
    assert figures(world, ["M"], "2026-Q3", use_rollups=use_rollups)["M"]["actual"] == 10 + 15
    assert figures(world, ["M"], "2026-08", use_rollups=use_rollups)["M"]["actual"] == 2 + 5
    assert figures(world, ["M"], "2026-Q3", "W1")["M"]["actual"] == 10


def test_a_report_for_exactly_the_window_comes_first(world):
    world["put"]("Q", "W2", "2026-9M", 100)  # W2's nine-month report
    assert figures(world, ["Q"], "2026-9M")["Q"]["actual"] == 60 + 100
    assert figures(world, ["Q"], "2026-Q3")["Q"]["year_to_date"] == 60 + 100


def test_stocks_and_averages_over_quarters(world):
    s = figures(world, ["S"], "2026-Q3")["S"]
    assert s["year_to_date"] == 120  # the last quarter's value
    assert figures(world, ["S"], "2026-H1")["S"]["actual"] == 110
    assert figures(world, ["A"], "2026-H1")["A"]["actual"] == 4  # (3 + 5) / 2


def test_only_official_values_count_unless_the_preview_asks(world):
    world["put"]("Q", "W2", "2025-Q3", 7, official=False)  # typed, not sent
    assert figures(world, ["Q"], "2026-Q3")["Q"]["same_period_last_year"] == 25
    preview = figures(world, ["Q"], "2026-Q3", include_unsent=True)["Q"]
    assert preview["same_period_last_year"] == 32 and preview.include_unsent


def test_the_units_own_estimates_and_proposals(world):
    put = world["put"]
    put("Q", "W1", "2026-H1", 80, column="full_year_estimate")
    put("Q", "W1", "2026-H1", 90, column="next_year_target")
    Target.objects.create(indicator=world["Q"], unit=world["W2"], year=2027, kind="proposed",
                          value=9)
    Target.objects.create(indicator=world["Q"], unit=world["W1"], year=2027, kind="proposed",
                          value=1000)  # the typed column wins over the unit's proposed target
    q = figures(world, ["Q"], "2026-H1",
                expected_units=[world["W1"], world["W2"]],
                expected_estimates=[world["W1"], world["W2"]])["Q"]
    assert q["reported_full_year_estimate"] == 80
    assert q["proposed_next_year_target"] == 90 + 9
    assert [u.code for u in q.missing_estimate_units] == ["TAYHO-NHATTAN"]
    put("Q", "W2", "2026-H1", 8, column="full_year_estimate")
    q = figures(world, ["Q"], "2026-H1", expected_estimates=[world["W1"], world["W2"]])["Q"]
    assert q["reported_full_year_estimate"] == 88 and q.missing_estimate_units == []
    assert q.as_dict()["missing_estimate_units"] == []


def test_no_estimate_typed_gives_null(world):
    q = figures(world, ["Q"], "2026-H1")["Q"]
    assert q["reported_full_year_estimate"] is None and q["proposed_next_year_target"] is None
    assert q.missing_estimate_units == []

"""The rollups give the same figures as the values themselves, and every write keeps them right."""

from decimal import Decimal

import pytest

from baocao.catalogue.models import Target
from baocao.catalogue.periods import parse
from baocao.collection.models import DataValue
from baocao.consolidation import rollups
from baocao.consolidation.engine import QUANTITIES, consolidate, monthly_series
from baocao.consolidation.models import Rollup, RollupTarget
from baocao.organisation.models import Kind

from .conftest import make_unit
from .test_consolidation import world  # noqa: F401  (the fixture)

PERIODS = ([f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]
           + ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-H1", "2026-H2", "2026-9M", "2026",
              "2025", "2026-03-01..2026-03-31", "2026-02-10..2026-05-20"])


def _same(a, b):
    if a is None or b is None:
        return a is b
    return abs(Decimal(str(a)) - Decimal(str(b))) <= Decimal("1e-9") * max(1, abs(Decimal(str(b))))


def _compare(world, units=("C", "W1", "W1A", "W2"), periods=PERIODS):  # noqa: F811
    indicators = [world[c] for c in ("F", "S", "A", "N", "R", "Z")]
    checked = 0
    for code in units:
        for text in periods:
            period = parse(text)
            for expected in (None, [world["W1"], world["W2"], world["W1A"]]):
                stored = consolidate(indicators, period, world[code], expected)
                live = consolidate(indicators, period, world[code], expected,
                                   use_rollups=False)
                for s, v in zip(stored, live, strict=True):
                    for quantity in QUANTITIES:
                        assert _same(s[quantity], v[quantity]), (code, text, s.indicator.code,
                                                                  quantity, s[quantity],
                                                                  v[quantity])
                    assert s.missing_units == v.missing_units, (code, text, s.indicator.code)
                    checked += 1
    return checked


@pytest.fixture
def history(world):  # noqa: F811
    put = world["put"]
    for month in range(1, 13):
        put("F", world["W1"], month, 10 if month <= 3 else 20, year=2025)
        if month % 4:
            put("F", world["W2"], month, month, year=2025)
            put("S", world["W1A"], month, 3 * month, year=2025)
        if month in (2, 5, 11):
            put("A", world["W1"], month, 40 + month, year=2025)
    put("S", world["W1A"], 5, 7)  # a stock below W1, which has its own
    Target.objects.create(indicator=world["S"], unit=world["W1A"], year=2026, value=20)
    Target.objects.create(indicator=world["A"], unit=world["W1"], year=2026, value=75)
    Target.objects.create(indicator=world["A"], unit=world["W2"], year=2026, value=85)
    return world


def test_the_rollups_give_the_figures_of_the_values(history):
    assert Rollup.objects.filter(unit=history["C"]).exists()
    assert not Rollup.objects.filter(unit=history["W1A"]).exists()  # no units under it
    assert _compare(history) > 1000
    assert rollups.check() == []


def test_the_figures_are_read_from_the_rollups(history, django_assert_max_num_queries):
    """At a unit with units under it, a month's figures come from the rollups: a fixed number of
    queries, and the subtree's monthly values are read only for an indicator some unit stopped
    reporting (to name it).  (Two index look-ups read no month: whether any value of another
    kind exists, and the units' typed estimates of the period.)"""
    def values_read(codes):
        with django_assert_max_num_queries(13) as captured:
            consolidate([history[c] for c in codes], parse("2026-05"), history["C"])
        return [q["sql"] for q in captured.captured_queries
                if "collection_datavalue" in q["sql"] and "period_kind = 'month'" in q["sql"]]

    assert values_read(["F"]) == []  # every unit that reported F before did in May
    reads = values_read(["F", "S"])  # W2 gave S in February and not since
    assert len(reads) == 1 and f"IN ({history['S'].pk})" in reads[0]


def test_a_saved_value_updates_every_unit_above_it(history):
    put = history["put"]
    before = consolidate([history["F"]], parse("2026-09"), history["C"])[0]
    value = DataValue.objects.get(indicator=history["F"], unit=history["W1A"], period="2026-09")
    value.value = Decimal(1009)
    value.save()
    after = consolidate([history["F"]], parse("2026-09"), history["C"])[0]
    assert after["actual"] == before["actual"] + 1000
    assert after["year_to_date"] == before["year_to_date"] + 1000
    put("F", history["W2"], 12, 4, year=2026)  # after it ended: still counted
    assert consolidate([history["F"]], parse("2026-12"), history["W1"])[0]["actual"] is None
    assert rollups.check() == []
    _compare(history, units=("C", "W1"), periods=["2026-09", "2026-12", "2026", "2027-01"])


def test_a_value_changes_who_is_missing_the_year_after(history):
    """A unit that reported in December is expected in January of the next year."""
    def missing():
        f = consolidate([history["N"]], parse("2027-01"), history["C"])[0]
        return [u.code for u in f.missing_units]

    assert missing() == []
    history["put"]("N", history["W1"], 12, 5)
    assert missing() == ["W1"]
    assert rollups.check() == []


def test_targets_follow_saves_and_deletes(history):
    target = Target.objects.get(indicator=history["F"], unit=history["W2"], year=2026)
    target.value = Decimal(70)
    target.save()
    assert consolidate([history["F"]], parse("2026-03"), history["C"])[0]["target"] == 170
    target.delete()
    assert consolidate([history["F"]], parse("2026-03"), history["C"])[0]["target"] == 100
    Target.objects.create(indicator=history["F"], unit=history["C"], year=2026, value=900)
    assert consolidate([history["F"]], parse("2026-03"), history["C"])[0]["target"] == 900
    assert rollups.check() == []


def test_moving_a_unit_moves_its_figures(history):
    w1a = history["W1A"]
    w1a.parent = history["W2"]
    w1a.save()
    assert rollups.check() == []
    f = consolidate([history["F"]], parse("2026-02"), history["W2"])[0]
    assert f["actual"] == 5 + 2
    f = consolidate([history["F"]], parse("2026-02"), history["W1"])[0]
    assert f["actual"] == 20
    assert not Rollup.objects.filter(unit=history["W1"]).exists()  # nothing under it now
    _compare(history, units=("C", "W1", "W2"), periods=["2026-02", "2026-Q1", "2025-07"])


def test_a_new_unit_gives_its_parent_rollups_of_its_own(history):
    assert not Rollup.objects.filter(unit=history["W1A"]).exists()
    make_unit("W1A1", "Tổ 1", Kind.WARD, history["W1A"])
    assert Rollup.objects.filter(unit=history["W1A"]).exists()
    assert RollupTarget.objects.filter(unit=history["W1A"]).exists()
    assert rollups.check() == []
    _compare(history, units=("W1A",), periods=["2026-05", "2026-Q2", "2025-07"])


def test_changing_how_an_indicator_combines_recomputes_it(history):
    s = history["S"]
    s.time_aggregation, s.aggregation = "sum", "max"
    s.save()
    assert rollups.check() == []
    _compare(history, units=("C",), periods=["2026-03", "2026-Q1", "2025"])


def test_a_batch_recomputes_once_at_its_end(history, django_assert_max_num_queries):
    put = history["put"]
    with rollups.batch():
        for month in range(1, 13):
            put("N", history["W1"], month, month, year=2027)
            put("N", history["W2"], month, 1, year=2027)
        assert not Rollup.objects.filter(indicator=history["N"], year=2027).exists()
    assert Rollup.objects.get(indicator=history["N"], unit=history["C"], year=2027,
                              month=12).y_sum == 78 + 12
    assert rollups.check() == []


def test_check_names_a_stale_rollup(history):
    Rollup.objects.filter(unit=history["C"], indicator=history["F"], year=2026,
                          month=3).update(m_sum=1)
    problems = rollups.check()
    assert len(problems) == 1 and "2026, 3)" in problems[0]
    assert Rollup.objects.get(unit=history["C"], indicator=history["F"], year=2026,
                              month=3).m_sum == 1  # checking changes nothing


def test_the_rollup_command_rebuilds_and_checks(history, capsys):
    from django.core.management import CommandError, call_command

    Rollup.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("rollup", "--check")
    assert "2026" in capsys.readouterr().err
    call_command("rollup")
    assert "Rollup" not in capsys.readouterr().out  # the Vietnamese summary, not a model name
    call_command("rollup", "--check")
    assert consolidate([history["F"]], parse("2026-02"), history["C"])[0]["actual"] == 27


def test_the_monthly_series_of_the_charts_agrees_with_the_values(history):
    for code in ("F", "S", "A", "R"):
        for unit in ("C", "W1"):
            series = monthly_series(history[code], history[unit], 2026)
            for year in (2025, 2026):
                for month in range(1, 13):
                    live = consolidate([history[code]], parse(f"{year}-{month:02d}"),
                                       history[unit], use_rollups=False)[0]["actual"]
                    assert _same(series[year][month], live), (code, unit, year, month)
    assert monthly_series(history["F"], history["C"], 2026)[2026][2] == 27

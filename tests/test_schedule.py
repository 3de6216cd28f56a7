"""Cut-off and due dates, with weekends, Tết (2025, 2026, 2027) and declared swaps."""

from datetime import date

import pytest

from baocao.catalogue.models import CalendarException, Regime
from baocao.catalogue.periods import parse
from baocao.catalogue.schedule import cutoff, schedule
from baocao.catalogue.workdays import WorkingCalendar, is_working_day


@pytest.fixture
def monthly(builtins):
    return Regime.objects.get(code="monthly")


@pytest.fixture
def periodic(builtins):
    return Regime.objects.get(code="periodic")


@pytest.mark.parametrize(("period", "start", "end"), [
    ("2026-10", date(2026, 9, 15), date(2026, 10, 14)),
    ("2026-01", date(2025, 12, 15), date(2026, 1, 14)),
    ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14)),
    ("2026-H1", date(2025, 12, 15), date(2026, 6, 14)),
    ("2026-9M", date(2025, 12, 15), date(2026, 9, 14)),
    ("2026", date(2025, 12, 15), date(2026, 12, 14)),
])
def test_the_cutoff_follows_decree_09(monthly, period, start, end):
    assert cutoff(monthly, parse(period)) == (start, end)


def test_a_regime_on_calendar_months(builtins):
    regime = Regime.objects.get(code="quality")
    assert cutoff(regime, parse("2026-10")) == (date(2026, 10, 1), date(2026, 10, 31))
    adhoc = parse("2026-03-01..2026-03-15")
    assert cutoff(Regime.objects.get(code="ad_hoc"), adhoc) == (adhoc.start, adhoc.end)


@pytest.mark.parametrize(("day", "working"), [
    (date(2025, 1, 29), False),  # Tết Ất Tỵ
    (date(2025, 1, 31), False),
    (date(2025, 2, 3), True),
    (date(2026, 2, 17), False),  # Tết Bính Ngọ
    (date(2026, 2, 20), False),
    (date(2026, 2, 23), True),
    (date(2027, 2, 6), False),  # Tết Đinh Mùi (a Saturday)
    (date(2027, 2, 10), False),
    (date(2027, 2, 11), True),
    (date(2026, 11, 21), False),  # a Saturday
    (date(2026, 9, 2), False),  # National Day
])
def test_working_days_skip_weekends_and_holidays(db, day, working):
    assert is_working_day(day) is working


def test_working_days_are_counted_across_tet(db):
    days = WorkingCalendar(date(2025, 1, 1), date(2027, 12, 31))
    assert days.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert days.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert days.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)


def test_the_monthly_due_date_moves_off_tet(monthly):
    s = schedule(monthly, parse("2026-02"))
    assert s.due_nominal == date(2026, 2, 20) and s.due_date == date(2026, 2, 23)
    assert "Tết" in s.moved(s.due_nominal, s.due_date)
    assert s.paper_due_date == date(2026, 2, 25)


def test_the_monthly_due_date_moves_off_a_sunday(monthly):
    s = schedule(monthly, parse("2026-9M"))
    assert (s.due_date, s.paper_due_date) == (date(2026, 9, 21), date(2026, 9, 23))


def test_the_paper_copy_moves_off_a_weekend(periodic):
    s = schedule(periodic, parse("2026-Q1"))
    assert s.cutoff_end == date(2026, 3, 14)
    assert s.due_date == date(2026, 3, 20)  # 5 working days after Saturday 14 March
    assert s.paper_due_nominal == date(2026, 3, 22) and s.paper_due_date == date(2026, 3, 23)


def test_periodic_due_date_counts_working_days_over_tet_2025(periodic):
    s = schedule(periodic, parse("2024"))  # cut-off ends 14/12/2024
    assert s.due_date == date(2024, 12, 20)
    quarter = schedule(periodic, parse("2025-Q1"))
    assert quarter.cutoff_end == date(2025, 3, 14)


def test_a_declared_swap_is_obeyed(monthly):
    assert schedule(monthly, parse("2026-10")).due_date == date(2026, 10, 20)
    CalendarException.objects.create(day=date(2026, 10, 20), is_working_day=False,
                                     reason="Nghỉ bù theo quyết định của UBND thành phố")
    s = schedule(monthly, parse("2026-10"))
    assert s.due_date == date(2026, 10, 21)
    assert s.moved(s.due_nominal, s.due_date).startswith("Nghỉ bù")


def test_a_declared_working_saturday_is_obeyed(monthly):
    assert schedule(monthly, parse("2026-06")).due_date == date(2026, 6, 22)  # Sat 20 June
    CalendarException.objects.create(day=date(2026, 6, 20), is_working_day=True,
                                     reason="Làm bù")
    assert schedule(monthly, parse("2026-06")).due_date == date(2026, 6, 20)

from datetime import date

import pytest

from baocao.catalogue.periods import Period, PeriodError, parse


@pytest.mark.parametrize(("text", "kind", "printed", "dhis2"), [
    ("2026-10", "month", "2026-10", "202610"),
    ("202610", "month", "2026-10", "202610"),
    ("2026-Q3", "quarter", "2026-Q3", "2026Q3"),
    ("2026Q3", "quarter", "2026-Q3", "2026Q3"),
    ("2026-H1", "half_year", "2026-H1", "2026S1"),
    ("2026S2", "half_year", "2026-H2", "2026S2"),
    ("2026-9M", "nine_months", "2026-9M", None),
    ("2026", "year", "2026", "2026"),
    ("2026-03-01..2026-03-15", "ad_hoc", "2026-03-01..2026-03-15", None),
])
def test_it_parses_and_prints(text, kind, printed, dhis2):
    period = parse(text)
    assert period.kind == kind and str(period) == printed and period.dhis2() == dhis2
    assert parse(str(period)) == period


def test_months_and_calendar_range():
    assert parse("2026-Q3").months() == [(2026, 7), (2026, 8), (2026, 9)]
    assert parse("2026-9M").months() == [(2026, m) for m in range(1, 10)]
    assert parse("2026-H2").start == date(2026, 7, 1) and parse("2026-H2").end == date(2026, 12, 31)
    assert parse("2024-02").end == date(2024, 2, 29)
    assert parse("2026-03-30..2026-05-02").months() == [(2026, 3), (2026, 4), (2026, 5)]


def test_previous_period():
    assert str(parse("2026-01").previous()) == "2025-12"
    assert str(parse("2026-Q1").previous()) == "2025-Q4"
    assert str(parse("2026-H2").previous()) == "2026-H1"
    assert str(parse("2026-9M").previous()) == "2026-H1"
    assert str(parse("2026").previous()) == "2025"
    assert str(parse("2026-03-11..2026-03-20").previous()) == "2026-03-01..2026-03-10"


def test_same_period_a_year_earlier():
    assert str(parse("2026-10").same_period_last_year()) == "2025-10"
    assert str(parse("2026-9M").same_period_last_year()) == "2025-9M"
    assert str(parse("2024-02-29..2024-03-01").same_period_last_year()) == \
        "2023-02-28..2023-03-01"


def test_year_to_date_runs_from_january():
    assert parse("2026-Q3").year_to_date() == [(2026, m) for m in range(1, 10)]


def test_labels_are_vietnamese(db):
    assert parse("2026-10").label() == "Tháng 10/2026"
    assert parse("2026-Q3").label() == "Quý III/2026"
    assert parse("2026-H1").label() == "6 tháng đầu năm 2026"
    assert parse("2026-9M").label() == "9 tháng năm 2026"
    assert parse("2026").label() == "Năm 2026"


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-H3", "26-10", "", "abc",
                                  "2026-03-15..2026-03-01", "0001-01-01..9999-12-31",
                                  "1899-12-01..1900-01-31", "2020-01-01..2031-01-01",
                                  "2026-02-30..2026-03-01", "0000", "99999", "1899-12"])
def test_bad_periods_are_refused(text):
    with pytest.raises(PeriodError):
        parse(text)


def test_periods_sort():
    assert sorted([parse("2026-10"), parse("2026-02")]) == [Period("month", 2026, 2),
                                                          Period("month", 2026, 10)]

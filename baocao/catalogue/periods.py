"""Reporting periods: parse, print, and reason about them.

    month        2026-10            DHIS2 202610
    quarter      2026-Q3            DHIS2 2026Q3
    half_year    2026-H1            DHIS2 2026S1
    nine_months  2026-9M            (January to September; DHIS2 has no such period)
    year         2026               DHIS2 2026
    ad_hoc       2026-03-01..2026-03-15

Every period knows its months, its calendar start and end, the period before it and the same
period a year earlier.  The period before a nine-months period is the first half of that year
(the report before it in the 3/6/9-month sequence).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

MONTH, QUARTER, HALF_YEAR, NINE_MONTHS, YEAR, AD_HOC = (
    "month", "quarter", "half_year", "nine_months", "year", "ad_hoc",
)
KINDS = (MONTH, QUARTER, HALF_YEAR, NINE_MONTHS, YEAR, AD_HOC)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), MONTH),
    (re.compile(r"^(\d{4})(\d{2})$"), MONTH),  # DHIS2 monthly
    (re.compile(r"^(\d{4})-?Q([1-4])$", re.I), QUARTER),
    (re.compile(r"^(\d{4})-H([12])$", re.I), HALF_YEAR),
    (re.compile(r"^(\d{4})S([12])$", re.I), HALF_YEAR),  # DHIS2 six-monthly
    (re.compile(r"^(\d{4})-9M$", re.I), NINE_MONTHS),
    (re.compile(r"^(\d{4})$"), YEAR),
]
_AD_HOC = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    year: int
    index: int = 1  # month 1–12, quarter 1–4, half 1–2; 1 for nine_months and year
    start_date: date | None = None  # ad_hoc only
    end_date: date | None = None  # ad_hoc only

    # --- parsing and printing -------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> "Period":
        text = (text or "").strip()
        match = _AD_HOC.match(text)
        if match:
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
            if end < start:
                raise PeriodError(
                    _("The period \"%(text)s\" ends before it starts.") % {"text": text}
                )
            return cls(AD_HOC, start.year, 1, start, end)
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            year = int(match.group(1))
            index = int(match.group(2)) if kind in (MONTH, QUARTER, HALF_YEAR) else 1
            if kind == MONTH and not 1 <= index <= 12:
                break
            if not 1900 <= year <= 2999:
                break
            return cls(kind, year, index)
        raise PeriodError(
            _("\"%(text)s\" is not a period. Write 2026-10, 2026-Q3, 2026-H1, 2026-9M, 2026 or "
              "2026-03-01..2026-03-15 (DHIS2's 202610, 2026Q3, 2026S1 are accepted).")
            % {"text": text}
        )

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind == HALF_YEAR:
            return f"{self.year}-H{self.index}"
        if self.kind == NINE_MONTHS:
            return f"{self.year}-9M"
        if self.kind == YEAR:
            return str(self.year)
        return f"{self.start_date.isoformat()}..{self.end_date.isoformat()}"

    def dhis2(self) -> str | None:
        """DHIS2's ISO period, or None where DHIS2 has no such period."""
        return {
            MONTH: f"{self.year}{self.index:02d}",
            QUARTER: f"{self.year}Q{self.index}",
            HALF_YEAR: f"{self.year}S{self.index}",
            YEAR: str(self.year),
        }.get(self.kind)

    def label(self) -> str:
        """In Vietnamese (or the active language): "Tháng 10/2026", "Quý III/2026"…"""
        if self.kind == MONTH:
            return _("Month %(m)02d/%(y)d") % {"m": self.index, "y": self.year}
        if self.kind == QUARTER:
            return _("Quarter %(q)s/%(y)d") % {"q": ROMAN[self.index], "y": self.year}
        if self.kind == HALF_YEAR:
            if self.index == 1:
                return _("First six months of %(y)d") % {"y": self.year}
            return _("Last six months of %(y)d") % {"y": self.year}
        if self.kind == NINE_MONTHS:
            return _("Nine months of %(y)d") % {"y": self.year}
        if self.kind == YEAR:
            return _("Year %(y)d") % {"y": self.year}
        return _("%(start)s to %(end)s") % {
            "start": self.start_date.strftime("%d/%m/%Y"),
            "end": self.end_date.strftime("%d/%m/%Y"),
        }

    # --- what it covers ----------------------------------------------------------------------
    def months(self) -> list[tuple[int, int]]:
        """(year, month) pairs it covers, in order."""
        if self.kind == MONTH:
            return [(self.year, self.index)]
        if self.kind == QUARTER:
            return [(self.year, m) for m in range(3 * self.index - 2, 3 * self.index + 1)]
        if self.kind == HALF_YEAR:
            return [(self.year, m) for m in range(6 * self.index - 5, 6 * self.index + 1)]
        if self.kind == NINE_MONTHS:
            return [(self.year, m) for m in range(1, 10)]
        if self.kind == YEAR:
            return [(self.year, m) for m in range(1, 13)]
        months, (y, m) = [], (self.start_date.year, self.start_date.month)
        while (y, m) <= (self.end_date.year, self.end_date.month):
            months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return months

    @property
    def start(self) -> date:
        if self.kind == AD_HOC:
            return self.start_date
        y, m = self.months()[0]
        return date(y, m, 1)

    @property
    def end(self) -> date:
        if self.kind == AD_HOC:
            return self.end_date
        y, m = self.months()[-1]
        return date(y, m, calendar.monthrange(y, m)[1])

    @property
    def last_month(self) -> tuple[int, int]:
        return self.months()[-1]

    def month_count(self) -> int:
        return len(self.months())

    # --- neighbours --------------------------------------------------------------------------
    def previous(self) -> "Period":
        if self.kind == MONTH:
            return Period(MONTH, self.year - 1, 12) if self.index == 1 else Period(
                MONTH, self.year, self.index - 1)
        if self.kind == QUARTER:
            return Period(QUARTER, self.year - 1, 4) if self.index == 1 else Period(
                QUARTER, self.year, self.index - 1)
        if self.kind == HALF_YEAR:
            return Period(HALF_YEAR, self.year - 1, 2) if self.index == 1 else Period(
                HALF_YEAR, self.year, 1)
        if self.kind == NINE_MONTHS:
            return Period(HALF_YEAR, self.year, 1)
        if self.kind == YEAR:
            return Period(YEAR, self.year - 1)
        length = self.end_date - self.start_date
        end = self.start_date - timedelta(days=1)
        return Period(AD_HOC, (end - length).year, 1, end - length, end)

    def same_period_last_year(self) -> "Period":
        if self.kind == AD_HOC:
            return Period(AD_HOC, self.year - 1, 1, _year_earlier(self.start_date),
                          _year_earlier(self.end_date))
        return Period(self.kind, self.year - 1, self.index)

    def year_to_date(self) -> list[tuple[int, int]]:
        """(year, month) pairs from January to the end of the period."""
        y, m = self.last_month
        return [(y, month) for month in range(1, m + 1)]


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def parse(text: str) -> Period:
    return Period.parse(text)

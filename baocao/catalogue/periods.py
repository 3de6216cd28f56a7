"""Reporting periods: parse, print, and reason about them.

    month        2026-10            DHIS2 202610
    quarter      2026-Q3            DHIS2 2026Q3
    half_year    2026-H1            DHIS2 2026S1
    nine_months  2026-9M            (January to September; DHIS2 has no such period)
    year         2026               DHIS2 2026
    ad_hoc       2026-03-01..2026-03-15

DHIS2's other period kinds are read as the baocao period with the same dates: weekly (`2012W5`,
`2012WedW5`, `2012ThuW5`, `2012SatW5`, `2012SunW5`), bi-weekly (`2012BiW1`), daily (`20120115`),
bi-monthly (`201201B`), six-monthly from April (`2012AprilS1`), financial years (`2012April`,
`2012July`, `2012Sep`, `2012Oct`, `2012Nov`) and ADX's `2012-01-01/P1M`: a month, quarter, half or
year where the dates are one, an ad hoc range otherwise.  `dhis2()` gives the DHIS2 form back
wherever DHIS2 has one (never for nine months, nor for a range no DHIS2 period covers).

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
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years a period may name
MAX_AD_HOC_YEARS = 10  # an ad hoc report covers at most this many years (two terms)

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
        text = (text or "").strip()[:100]
        match = _AD_HOC.match(text)
        if match:
            try:
                start = date.fromisoformat(match.group(1))
                end = date.fromisoformat(match.group(2))
            except ValueError:
                raise PeriodError(_("The period \"%(text)s\" names a day that does not "
                                    "exist.") % {"text": text}) from None
            if end < start:
                raise PeriodError(
                    _("The period \"%(text)s\" ends before it starts.") % {"text": text}
                )
            if not (FIRST_YEAR <= start.year and end.year <= LAST_YEAR) or (
                    end.year - start.year > MAX_AD_HOC_YEARS):
                raise PeriodError(
                    _("The period \"%(text)s\" must lie between %(first)d and %(last)d and "
                      "last at most %(years)d years.") % {
                        "text": text, "first": FIRST_YEAR, "last": LAST_YEAR,
                        "years": MAX_AD_HOC_YEARS})
            return cls(AD_HOC, start.year, 1, start, end)
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            year = int(match.group(1))
            index = int(match.group(2)) if kind in (MONTH, QUARTER, HALF_YEAR) else 1
            if kind == MONTH and not 1 <= index <= 12:
                break
            if not FIRST_YEAR <= year <= LAST_YEAR:
                break
            return cls(kind, year, index)
        dates = dhis2_dates(text)
        if dates is not None:
            return cls.of_dates(*dates)
        raise PeriodError(
            _("\"%(text)s\" is not a period. Write 2026-10, 2026-Q3, 2026-H1, 2026-9M, 2026 or "
              "2026-03-01..2026-03-15 (DHIS2's 202610, 2026Q3, 2026S1 are accepted).")
            % {"text": text}
        )

    @classmethod
    def of_dates(cls, start: date, end: date) -> "Period":
        """The period from `start` to `end`: a month, quarter, half or year where the dates are
        exactly one, otherwise an ad hoc range."""
        if start.day == 1 and end == _month_end(end.year, end.month) and start.year == end.year:
            first, last = start.month, end.month
            if first == last:
                return cls(MONTH, start.year, first)
            if last - first == 2 and first % 3 == 1:
                return cls(QUARTER, start.year, (first + 2) // 3)
            if (first, last) in ((1, 6), (7, 12)):
                return cls(HALF_YEAR, start.year, 1 if first == 1 else 2)
            if (first, last) == (1, 12):
                return cls(YEAR, start.year)
        return cls(AD_HOC, start.year, 1, start, end)

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
        if self.kind == AD_HOC:
            return _dhis2_of_range(self.start_date, self.end_date)
        return {
            MONTH: f"{self.year}{self.index:02d}",
            QUARTER: f"{self.year}Q{self.index}",
            HALF_YEAR: f"{self.year}S{self.index}",
            YEAR: str(self.year),
        }.get(self.kind)

    def adx(self) -> str:
        """ADX's period: the start and its length (`2026-01-01/P1M`, `2026-03-01/P15D`)."""
        months = self.months()
        if self.start.day == 1 and self.end == _month_end(*months[-1]):
            return f"{self.start.isoformat()}/P{len(months)}M"
        return f"{self.start.isoformat()}/P{(self.end - self.start).days + 1}D"

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


# --- DHIS2's period kinds ---------------------------------------------------------------------

WEEK_STARTS = {"": 0, "Wed": 2, "Thu": 3, "Sat": 5, "Sun": 6}
FINANCIAL_STARTS = {"April": 4, "July": 7, "Sep": 9, "Oct": 10, "Nov": 11}
_DAILY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WEEKLY = re.compile(r"^(\d{4})(Wed|Thu|Sat|Sun)?W(\d{1,2})$")
_BIWEEKLY = re.compile(r"^(\d{4})BiW(\d{1,2})$")
_BIMONTHLY = re.compile(r"^(\d{4})(\d{2})B$")
_SIX_MONTHLY_APRIL = re.compile(r"^(\d{4})AprilS([12])$")
_FINANCIAL = re.compile(r"^(\d{4})(April|July|Sep|Oct|Nov)$")
_NOT_READ = re.compile(r"^(\d{4})Nov[QS]\d$")  # DHIS2's quarters and halves from November
_ADX = re.compile(r"^(\d{4}-\d{2}-\d{2})/P(\d{1,3})([DWMY])$")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, 1)


def _week_one(year: int, weekday: int) -> date:
    """The first day of week 1 of `year` for weeks starting on `weekday` (0 = Monday): the week
    that holds 4 January (ISO 8601, as DHIS2 counts)."""
    jan4 = date(year, 1, 4)
    return jan4 - timedelta(days=(jan4.weekday() - weekday) % 7)


def _refused(text: str, why: str) -> PeriodError:
    return PeriodError(_("\"%(text)s\" is not read as a period: %(why)s")
                       % {"text": text, "why": why})


def dhis2_dates(text: str) -> tuple[date, date] | None:
    """(start, end) of a DHIS2 period of a kind beyond months, quarters, halves and years, or
    None when `text` is of no DHIS2 kind.  Raises PeriodError for a DHIS2 period that does not
    exist (week 54, 30 February) or that baocao does not read."""
    if _NOT_READ.match(text):
        raise _refused(text, _("DHIS2's quarters and halves starting in November are not read; "
                               "send months, or the dates with ADX."))
    try:
        if match := _DAILY.match(text):
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            return _bounded(text, day, day)
        if match := _WEEKLY.match(text):
            year, start_day, n = int(match.group(1)), WEEK_STARTS[match.group(2) or ""], \
                int(match.group(3))
            start = _week_one(year, start_day) + timedelta(weeks=n - 1)
            if n < 1 or start >= _week_one(year + 1, start_day):
                raise _refused(text, _("the year %(y)d has no week %(n)d.") % {"y": year, "n": n})
            return _bounded(text, start, start + timedelta(days=6))
        if match := _BIWEEKLY.match(text):
            year, n = int(match.group(1)), int(match.group(2))
            start = _week_one(year, 0) + timedelta(weeks=2 * (n - 1))
            if n < 1 or start >= _week_one(year + 1, 0):
                raise _refused(text, _("the year %(y)d has no bi-week %(n)d.")
                               % {"y": year, "n": n})
            return _bounded(text, start, start + timedelta(days=13))
        if match := _BIMONTHLY.match(text):
            year, n = int(match.group(1)), int(match.group(2))
            if not 1 <= n <= 6:
                raise _refused(text, _("a bi-month is numbered 01 to 06."))
            start = date(year, 2 * n - 1, 1)
            return _bounded(text, start, _month_end(year, 2 * n))
        if match := _SIX_MONTHLY_APRIL.match(text):
            year, n = int(match.group(1)), int(match.group(2))
            start = date(year, 4, 1) if n == 1 else date(year, 10, 1)
            return _bounded(text, start, _add_months(start, 6) - timedelta(days=1))
        if match := _FINANCIAL.match(text):
            start = date(int(match.group(1)), FINANCIAL_STARTS[match.group(2)], 1)
            return _bounded(text, start, _add_months(start, 12) - timedelta(days=1))
        if match := _ADX.match(text):
            start, n, unit = date.fromisoformat(match.group(1)), int(match.group(2)), \
                match.group(3)
            if n < 1:
                raise _refused(text, _("the length must be at least one."))
            if unit in "MY" and start.day != 1:
                raise _refused(text, _("a length in months or years starts on a 1st."))
            if unit == "D":
                end = start + timedelta(days=n - 1)
            elif unit == "W":
                end = start + timedelta(weeks=n) - timedelta(days=1)
            else:
                end = _add_months(start, n * (12 if unit == "Y" else 1)) - timedelta(days=1)
            return _bounded(text, start, end)
    except ValueError as error:
        if isinstance(error, PeriodError):
            raise
        raise _refused(text, _("there is no such date.")) from None
    return None


def _bounded(text: str, start: date, end: date) -> tuple[date, date]:
    if not (1900 <= start.year and end.year <= 2999):
        raise _refused(text, _("the year must be between 1900 and 2999."))
    return start, end


def _dhis2_of_range(start: date, end: date) -> str | None:
    """The DHIS2 period of exactly these dates, where DHIS2 has one."""
    days = (end - start).days + 1
    if days == 1:
        return f"{start:%Y%m%d}"
    if days in (7, 14):
        for name, weekday in WEEK_STARTS.items():
            if start.weekday() != weekday or (days == 14 and weekday != 0):
                continue
            for year in (start.year + 1, start.year, start.year - 1):
                first = _week_one(year, weekday)
                if first <= start:
                    n = (start - first).days // 7 + 1
                    if days == 7:
                        return f"{year}{name}W{n}"
                    if n % 2 == 1:
                        return f"{year}BiW{(n + 1) // 2}"
                    return None
    if start.day != 1 or end != _month_end(end.year, end.month):
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 2 and start.month % 2 == 1:
        return f"{start.year}{(start.month + 1) // 2:02d}B"
    if months == 6 and start.month in (4, 10):
        return f"{start.year}AprilS{1 if start.month == 4 else 2}"
    if months == 12:
        for name, month in FINANCIAL_STARTS.items():
            if start.month == month:
                return f"{start.year}{name}"
    return None


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def parse(text: str) -> Period:
    return Period.parse(text)

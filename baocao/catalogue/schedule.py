"""A regime's calendar for a period: data cut-off, the units' due date, the paper copy's."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .periods import AD_HOC, Period
from .workdays import WorkingCalendar


@dataclass
class Schedule:
    period: Period
    cutoff_start: date
    cutoff_end: date
    due_nominal: date  # before moving off a day off
    due_date: date
    paper_due_nominal: date
    paper_due_date: date
    calendar: WorkingCalendar

    def moved(self, nominal: date, actual: date) -> str:
        """Why a nominal date moved, or ''."""
        return self.calendar.why_off(nominal) if nominal != actual else ""

    @property
    def due_moved_because(self) -> str:
        return self.moved(self.due_nominal, self.due_date)

    @property
    def paper_moved_because(self) -> str:
        return self.moved(self.paper_due_nominal, self.paper_due_date)


def _month_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def cutoff(regime, period: Period) -> tuple[date, date]:
    """Decree 09/2019 Art. 12: from day D of the month before the period to day D−1 of its last
    month (D = the regime's cutoff_start_day, 15 by default); D = 1 means calendar months."""
    if period.kind == AD_HOC:
        return period.start, period.end
    day = regime.cutoff_start_day
    if not day or day <= 1:
        return period.start, period.end
    first_year, first_month = period.months()[0]
    before = (first_year - 1, 12) if first_month == 1 else (first_year, first_month - 1)
    last_year, last_month = period.last_month
    return _month_day(*before, day), _month_day(last_year, last_month, day - 1)


def schedule(regime, period: Period) -> Schedule:
    start, end = cutoff(regime, period)
    days = WorkingCalendar(start, end + timedelta(days=60))
    if regime.due_day_of_month:
        year, month = period.last_month
        nominal = _month_day(year, month, regime.due_day_of_month)
        if nominal <= end:  # a due day before the cut-off ends means the following month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            nominal = _month_day(year, month, regime.due_day_of_month)
        due = days.on_or_after(nominal)
    else:
        nominal = days.add_working_days(end, regime.due_working_days or 0)
        due = nominal
    paper_nominal = due + timedelta(days=regime.paper_due_days)
    paper = days.on_or_after(paper_nominal)
    return Schedule(period, start, end, nominal, due, paper_nominal, paper, days)

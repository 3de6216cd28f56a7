"""Working days in Vietnam: weekends and public holidays off (lunar Tết included, from the
`holidays` package with its substitute days and weekend make-up days), corrected by the
committee's own table of each year's declared day swaps (CalendarException)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _vn(year: int):
    return holidays.country_holidays("VN", years=year)


def _exceptions(start: date, end: date) -> dict[date, tuple[bool, str]]:
    from .models import CalendarException

    return {
        e.day: (e.is_working_day, e.reason)
        for e in CalendarException.objects.filter(day__gte=start, day__lte=end)
    }


class WorkingCalendar:
    """Answers for a range of dates with one query for the declared swaps."""

    def __init__(self, start: date, end: date):
        self.exceptions = _exceptions(start - timedelta(days=40), end + timedelta(days=60))

    def is_working_day(self, day: date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day][0]
        return _vn(day.year).is_working_day(day)

    def why_off(self, day: date) -> str:
        """Why a day is off, in Vietnamese: the holiday's name, the swap's reason, or weekend."""
        if day in self.exceptions:
            return self.exceptions[day][1]
        name = _vn(day.year).get(day)
        if name:
            return name
        return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật" if day.weekday() == 6 else ""

    def on_or_after(self, day: date) -> date:
        """The day itself if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The count-th working day after `day`."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


def is_working_day(day: date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)

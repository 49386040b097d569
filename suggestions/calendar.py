"""Working days on a calendar of weekends, official holidays and adjusted working days (调休).

Monday–Friday work unless a CalendarDay says otherwise; admins edit those exceptions.
"""

import calendar
from datetime import date, timedelta

from suggestions.models import CalendarDay


def _exceptions(start: date, end: date) -> dict[date, bool]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def is_workday(day: date, exceptions: dict[date, bool] | None = None) -> bool:
    if exceptions is None:
        exceptions = _exceptions(day, day)
    return exceptions.get(day, day.weekday() < 5)


def add_workdays(start: date, count: int) -> date:
    """The date `count` working days after `start` (start itself not counted)."""
    # Holidays never stretch a span to more than three times its length plus a month.
    exceptions = _exceptions(start, start + timedelta(days=count * 3 + 31))
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_workday(day, exceptions):
            count -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (1月31日 → 2月28日)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

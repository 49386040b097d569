from datetime import date

import pytest

from suggestions.calendar import add_months, add_workdays, is_workday
from suggestions.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_day_2026():
    """国庆节 2026: 10月1日–7日 off; Sunday 9月20日 and Saturday 10月10日 worked (调休)."""
    for day in range(1, 8):
        CalendarDay.objects.create(date=date(2026, 10, day), is_workday=False, note="国庆节")
    CalendarDay.objects.create(date=date(2026, 9, 20), is_workday=True, note="国庆节调休上班")
    CalendarDay.objects.create(date=date(2026, 10, 10), is_workday=True, note="国庆节调休上班")


def test_weekends_are_off_and_weekdays_work():
    assert is_workday(date(2026, 11, 20))  # Friday
    assert not is_workday(date(2026, 11, 21))  # Saturday


def test_five_workdays_skip_a_weekend():
    assert add_workdays(date(2026, 11, 19), 5) == date(2026, 11, 26)  # Thu → next Thu


def test_holidays_are_skipped_and_adjusted_weekends_count(national_day_2026):
    # Submitted Tue 9月29日: 9/30, then 10/8, 10/9, 10/10 (Saturday worked), 10/12.
    assert add_workdays(date(2026, 9, 29), 5) == date(2026, 10, 12)
    # Friday 9月18日 + 1 workday is Sunday 9月20日, worked for the holiday.
    assert add_workdays(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_an_admin_edit_of_the_calendar_changes_the_deadline(national_day_2026):
    CalendarDay.objects.filter(date=date(2026, 10, 10)).delete()
    assert add_workdays(date(2026, 9, 29), 5) == date(2026, 10, 13)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 6, date(2026, 11, 15)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
    ],
)
def test_months_keep_the_day_or_clamp_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected

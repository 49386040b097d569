"""Days of the local calendar as the aware datetimes that timestamp columns are filtered by."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def local_day_start(day: date) -> datetime:
    """Midnight at the start of `day`, in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_days(start: date, end: date) -> tuple[datetime, datetime]:
    """The half-open range [start 00:00, the day after end 00:00) of the days `start` to `end`: a range
    on the column itself, which an index can serve, instead of converting each row's time to a date."""
    return local_day_start(start), local_day_start(end + timedelta(days=1))

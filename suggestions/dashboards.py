"""What the committee's handling-rate dashboard shows: the figures of `selectors.handling_rates`, each
with the link to the suggestion list behind it (SuggestionFilterSet parameters), and the chart data."""

from datetime import date, datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from liaison.forms import Period, month_bounds
from liaison.models import Level
from suggestions.filtersets import WITHOUT_CHOICES
from suggestions.models import Satisfaction, Status
from suggestions.selectors import ASSIGNED_STATUSES

REGISTERED_STATUSES = (Status.SUBMITTED, *ASSIGNED_STATUSES)
JUDGED = tuple(Satisfaction.values)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASIC)

# figure → the SuggestionFilterSet parameters that list the suggestions it counts
FIGURE_FILTERS = {
    "submitted": {},
    "registered": {"status": REGISTERED_STATUSES},
    "assigned": {"status": ASSIGNED_STATUSES},
    "closed": {"status": Status.CLOSED},
    "replied": {"has_reply": "true"},
    "on_time": {"has_reply": "true", "on_time": "true"},
    "result_a": {"result": "A"},
    "result_b": {"result": "B"},
    "result_c": {"result": "C"},
    "result_d": {"result": "D"},
    "face_to_face": {"has_reply": "true", "face_to_face": "true"},
    "judged": {"satisfaction": JUDGED},
    "satisfied": {"satisfaction": SATISFIED},
    "overdue": {"overdue": "true"},
    "key_supervised": {"key": "true"},
}

# The dashboard table: (heading, count, rate or None). A rate links to the list of its numerator.
COLUMNS = [
    ("登记", "registered", None),
    ("交办", "assigned", None),
    ("办结", "closed", "closed_rate"),
    ("答复", "replied", None),
    ("按期答复", "on_time", "on_time_rate"),
    ("A类", "result_a", "a_rate"),
    ("当面答复", "face_to_face", "face_to_face_rate"),
    ("已评价", "judged", None),
    ("满意", "satisfied", "satisfaction_rate"),
    ("逾期", "overdue", None),
    ("重点督办", "key_supervised", None),
]
RATES = [
    ("closed_rate", "办结率"),
    ("on_time_rate", "按期答复率"),
    ("satisfaction_rate", "满意率"),
    ("a_rate", "A类率"),
    ("face_to_face_rate", "见面率"),
]
MISSING_LABELS = {"unit": "未交办", "category": "未分类", "station": "非站点来源", "region": "未知区划"}
_WITHOUT = {grouping for grouping, _ in WITHOUT_CHOICES}
# grouping → the list parameter that chooses one group (a region key is a prefix: "4200" is the
# province itself, 本级, not all of it); months are a date range instead
GROUP_PARAMETERS = {
    "unit": "lead_unit",
    "category": "category",
    "station": "station",
    "level": "level",
    "region": "region",
}


def month_of(key) -> date:
    """TruncMonth gives an aware datetime (PostgreSQL, SQLite) in the current time zone."""
    if isinstance(key, datetime):
        return (timezone.localtime(key) if timezone.is_aware(key) else key).date()
    return key


def group_label(group_by: str, row: dict) -> str:
    key = row["group_key"]
    if key is None or key == "":
        return MISSING_LABELS.get(group_by, "—")
    if group_by == "level":
        return Level(key).label
    if group_by == "month":
        month = month_of(key)
        return f"{month.year}年{month.month}月"
    return str(row["group_label"])


def period_filters(period: Period) -> dict:
    """The list parameters of everything counted in the period and region."""
    params = {"submitted_after": period.start.isoformat(), "submitted_before": period.end.isoformat()}
    if period.region_code:
        params["region"] = period.region_code
    return params


def group_filters(group_by: str, row: dict, period: Period) -> dict:
    """The list parameters of one group within the period and region."""
    params = period_filters(period)
    key = row["group_key"]
    if key is None or key == "":
        if group_by in _WITHOUT:
            params["without"] = group_by
        return params
    if group_by in GROUP_PARAMETERS:
        params[GROUP_PARAMETERS[group_by]] = key
    elif group_by == "month":
        first, last = month_bounds(month_of(key))
        params["submitted_after"] = max(first, period.start).isoformat()
        params["submitted_before"] = min(last, period.end).isoformat()
    return params


def list_url(params: dict, figure: str) -> str:
    return f"{reverse('suggestions:list')}?{urlencode({**params, **FIGURE_FILTERS[figure]}, doseq=True)}"


def _cells(figures: dict, params: dict) -> list[dict]:
    return [
        {
            "heading": heading,
            "value": figures[count],
            "rate": figures[rate] if rate else None,
            "has_rate": bool(rate),
            "url": list_url(params, count),
        }
        for heading, count, rate in COLUMNS
    ]


def table(rows: list[dict], group_by: str, period: Period) -> list[dict]:
    """Each group with its label, its cells (value, rate, link) and the link to all its suggestions."""
    out = []
    for row in rows:
        params = group_filters(group_by, row, period)
        out.append(
            {
                "label": group_label(group_by, row),
                "submitted": row["submitted"],
                "url": list_url(params, "submitted"),
                "cells": _cells(row, params),
            }
        )
    return out


def totals(total: dict, period: Period) -> dict:
    params = period_filters(period)
    return {"cells": _cells(total, params), "links": {f: list_url(params, f) for f in FIGURE_FILTERS}}


def chart(rows: list[dict], group_by: str) -> dict:
    """The rates in percent per group, read by static/js/dashboard.js from a json_script element."""
    return {
        "labels": [group_label(group_by, row) for row in rows],
        "datasets": [
            {"label": label, "data": [round(row[rate] * 100, 1) if row[rate] is not None else None for row in rows]}
            for rate, label in RATES
        ],
    }

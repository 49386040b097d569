"""What the committee's station-figures page shows: each station's visits per channel with links to
the visit list behind them, and the chart data (read by static/js/dashboard.js)."""

from urllib.parse import urlencode

from django.urls import reverse

from liaison.forms import Period
from stations.models import Visit
from stations.selectors import suggestion_share

CHANNELS = Visit.Channel.choices


def visits_url(period: Period, **filters) -> str:
    params = {"date_from": period.start.isoformat(), "date_to": period.end.isoformat(), **filters}
    return f"{reverse('stations:visit-list')}?{urlencode(params)}"


def table(stations, period: Period) -> list[dict]:
    rows = []
    for station in stations:
        rows.append(
            {
                "station": station,
                "visits": station.visit_count,
                "visits_url": visits_url(period, station=station.pk),
                "people": station.people,
                "channels": [
                    {
                        "label": label,
                        "value": getattr(station, f"channel_{value}"),
                        "url": visits_url(period, station=station.pk, channel=value),
                    }
                    for value, label in CHANNELS
                ],
                "to_suggestion": station.to_suggestion,
                "to_suggestion_url": visits_url(period, station=station.pk, outcome=Visit.Outcome.TO_SUGGESTION),
                "share": suggestion_share(station),
            }
        )
    return rows


def chart(rows: list[dict]) -> dict:
    """Visits per station, stacked by channel (stations without visits are left out of the chart)."""
    shown = [row for row in rows if row["visits"]]
    return {
        "labels": [row["station"].name for row in shown],
        "datasets": [
            {"label": label, "data": [row["channels"][i]["value"] for row in shown]}
            for i, (_, label) in enumerate(CHANNELS)
        ],
    }


def channel_totals(totals: dict, period: Period) -> list[dict]:
    return [
        {"label": label, "value": totals[f"channel_{value}"], "url": visits_url(period, channel=value)}
        for value, label in CHANNELS
    ]

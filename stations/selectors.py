"""Read queries for stations, schedules and visits, shared by pages, API and exports.

Stations and reception days are public; visits are scoped: station staff see their stations'
visits, committee staff everything under their region, deputies the visits they attended.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from liaison import access
from liaison.masking import mask_name, mask_phone
from liaison.models import Deputy, Mandate, Region
from liaison.periods import local_days
from liaison.scoping import Scope
from stations.models import ReceptionSchedule, Station, StationDeputy, Visit


def current_assignments(on: date | None = None) -> Q:
    """Assignments (编组进站) in force on a day, today by default."""
    on = on or timezone.localdate()
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def _current_assignments_prefetch(to_attr="current_assignments") -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=StationDeputy.objects.filter(current_assignments()).select_related("deputy").order_by("role", "id"),
        to_attr=to_attr,
    )


# --- stations ---------------------------------------------------------------------------------


def station_list(*, scope: Scope) -> QuerySet[Station]:
    """Stations with region, parent, platforms and current deputies in a fixed number of queries."""
    stations = Station.objects.select_related("region", "parent", "rated_by").prefetch_related(
        "platforms", _current_assignments_prefetch()
    )
    if scope.is_committee and not scope.is_admin:
        stations = stations.filter(region__code__startswith=scope.region_prefix)
    return stations


def station_choices(*, scope: Scope) -> QuerySet[Station]:
    """The stations a user picks from when filtering visits."""
    if scope.is_admin or scope.is_committee:
        return station_list(scope=scope).prefetch_related(None)
    if scope.stations:
        return Station.objects.filter(pk__in=scope.stations)
    return Station.objects.filter(assignments__deputy_id=scope.deputy_id).distinct()


def station_public_list() -> QuerySet[Station]:
    return Station.objects.select_related("region", "region__parent").prefetch_related("platforms")


def station_public(*, pk: int) -> Station:
    return (
        Station.objects.select_related("region", "region__parent", "parent")
        .prefetch_related("platforms", "standards", _current_assignments_prefetch())
        .get(pk=pk)
    )


def station_deputies(*, station: Station, on: date | None = None) -> list[StationDeputy]:
    """The deputies grouped into a station on a day, with the level of each mandate."""
    mandates = Prefetch(
        "deputy__mandates",
        queryset=Mandate.objects.filter(status=Mandate.Status.SERVING).select_related("term__congress"),
    )
    return list(
        station.assignments.filter(current_assignments(on))
        .select_related("deputy")
        .prefetch_related(mandates)
        .order_by("role", "deputy__name")
    )


def schedules_upcoming(*, station: Station, days: int = 30) -> QuerySet[ReceptionSchedule]:
    today = timezone.localdate()
    return (
        station.schedules.filter(date__range=(today, today + timedelta(days=days)))
        .prefetch_related("deputies")
        .order_by("date", "starts_at")
    )


def deputies_on_duty(*, station: Station, on: date | None = None) -> list[Deputy]:
    """The deputies on duty at a station on a day (from its reception days)."""
    on = on or timezone.localdate()
    return list(Deputy.objects.filter(duty_schedules__station=station, duty_schedules__date=on).distinct())


def deputies_for_logging(*, station: Station) -> QuerySet[Deputy]:
    """Who can be ticked as present at a visit: the station's deputies and today's duty deputies."""
    today = timezone.localdate()
    assigned = StationDeputy.objects.filter(current_assignments(), station=station, deputy=OuterRef("pk"))
    on_duty = ReceptionSchedule.objects.filter(station=station, date=today, deputies=OuterRef("pk"))
    return Deputy.objects.filter(Exists(assigned) | Exists(on_duty)).order_by("name")


# --- schedules --------------------------------------------------------------------------------


def schedule_list() -> QuerySet[ReceptionSchedule]:
    """Reception days are public (the calendar of each station)."""
    return ReceptionSchedule.objects.select_related("station").prefetch_related("deputies")


# --- visits -----------------------------------------------------------------------------------


def visit_list(*, scope: Scope) -> QuerySet[Visit]:
    """The visits a user may see, with everything a list row shows in a fixed number of queries."""
    visits = Visit.objects.select_related(
        "station__region", "category__parent", "created_by", "suggestion"
    ).prefetch_related("deputies", "photos")
    if scope.is_admin:
        return visits
    visible = Q(pk__in=[])
    if scope.stations:
        visible |= Q(station_id__in=scope.stations)
    if scope.is_committee:
        visible |= Q(station__region__code__startswith=scope.region_prefix)
    if scope.deputy_id:
        visible |= Exists(Visit.deputies.through.objects.filter(visit=OuterRef("pk"), deputy_id=scope.deputy_id))
    return visits.filter(visible)


def visit_for_edit(*, scope: Scope, pk: int) -> Visit:
    """A visit of one of the user's own stations (the only ones they may correct)."""
    return visit_list(scope=scope).prefetch_related("changes__changed_by").get(pk=pk, station_id__in=scope.stations)


def sees_visitor_in_full(scope: Scope, visit: Visit) -> bool:
    """Visitor name and phone are shown whole to the station's own staff and admins only."""
    return scope.is_admin or visit.station_id in scope.stations


def visitor_shown(scope: Scope, visit: Visit) -> tuple[str, str]:
    """(name, phone) as this user may see them."""
    if sees_visitor_in_full(scope, visit):
        if visit.visitor_name or visit.visitor_phone:
            access.note("visit", visit.pk)
        return visit.visitor_name, visit.visitor_phone
    return mask_name(visit.visitor_name), mask_phone(visit.visitor_phone)


def visits_today(*, scope: Scope, station: Station) -> QuerySet[Visit]:
    today = timezone.localdate()
    return visit_list(scope=scope).filter(station=station, visited_at__date=today)


# --- coverage (两个全覆盖) ----------------------------------------------------------------------


@dataclass
class Coverage:
    deputies_without_station: list[Deputy]
    stations_without_deputy: list[Station]
    townships_without_station: list[Region]


def coverage(*, scope: Scope, region_prefix: str | None = None) -> Coverage:
    """What is not yet covered under the user's region (or `region_prefix`, a region within it): every
    deputy in a station, every station with deputies, every township with a station."""
    prefix = "" if scope.is_admin else scope.region_prefix
    if region_prefix is not None and region_prefix.startswith(prefix):
        prefix = region_prefix
    in_station = StationDeputy.objects.filter(current_assignments(), deputy=OuterRef("pk"))
    serving_here = Mandate.objects.filter(
        deputy=OuterRef("pk"), status=Mandate.Status.SERVING, region__code__startswith=prefix
    )
    deputies = (
        Deputy.objects.filter(Exists(serving_here))
        .exclude(Exists(in_station))
        .prefetch_related(Prefetch("mandates", queryset=Mandate.objects.select_related("region", "term__congress")))
        .order_by("name")
    )
    has_deputy = StationDeputy.objects.filter(current_assignments(), station=OuterRef("pk"))
    stations = (
        Station.objects.filter(region__code__startswith=prefix)
        .exclude(kind=Station.Kind.ONLINE)
        .exclude(Exists(has_deputy))
        .select_related("region")
    )
    townships = (
        Region.objects.filter(code__startswith=prefix, level=Region.Level.TOWNSHIP)
        .exclude(Exists(Station.objects.filter(region=OuterRef("pk"))))
        .select_related("parent")
    )
    return Coverage(list(deputies), list(stations), list(townships))


# --- station figures (committee) ----------------------------------------------------------------


def _visit_figures(prefix: str, in_period: Q | None) -> dict:
    """Counts over the visits at `prefix` ("visits__" from a station, "" on the visits themselves);
    `in_period` is None when the visits are already filtered."""
    visit = f"{prefix}pk" if prefix else "pk"

    def only(condition: Q) -> Q:
        return condition if in_period is None else in_period & condition

    figures = {
        "visit_count": Count(visit, filter=in_period),
        "people": Coalesce(Sum(f"{prefix}people_count", filter=in_period), 0),
        "to_suggestion": Count(visit, filter=only(Q(**{f"{prefix}outcome": Visit.Outcome.TO_SUGGESTION}))),
    }
    for value in Visit.Channel.values:
        figures[f"channel_{value}"] = Count(visit, filter=only(Q(**{f"{prefix}channel": value})))
    return figures


def _period_q(prefix: str, start: date, end: date) -> Q:
    since, until = local_days(start, end)
    return Q(**{f"{prefix}visited_at__gte": since, f"{prefix}visited_at__lt": until})


def station_figures(*, scope: Scope, start: date, end: date, region_prefix: str = "") -> QuerySet[Station]:
    """Every station under the region (one the user may see) with its visits in the period: in all,
    per channel, people received and how many were turned into suggestions. One query, whatever the
    number of stations; stations without visits are listed with zeros."""
    stations = Station.objects.filter(region__code__startswith=region_prefix)
    if not scope.is_admin:
        stations = stations.filter(region__code__startswith=scope.region_prefix or "-")
    return (
        stations.select_related("region")
        .annotate(**_visit_figures("visits__", _period_q("visits__", start, end)))
        .order_by("-visit_count", "region__code", "name")
    )


def visit_totals(*, scope: Scope, start: date, end: date, region_prefix: str = "") -> dict:
    """The same figures over all the stations of the region, in one query."""
    visits = Visit.objects.filter(station__region__code__startswith=region_prefix)
    if not scope.is_admin:
        visits = visits.filter(station__region__code__startswith=scope.region_prefix or "-")
    totals = visits.filter(_period_q("", start, end)).aggregate(**_visit_figures("", None))
    totals["share"] = suggestion_share(totals)
    return totals


def suggestion_share(figures) -> float | None:
    """Share of visits turned into suggestions (转化率)."""
    visits = figures["visit_count"] if isinstance(figures, dict) else figures.visit_count
    part = figures["to_suggestion"] if isinstance(figures, dict) else figures.to_suggestion
    return round(part / visits, 4) if visits else None

"""Read queries for stations, schedules and visits, shared by pages, API and exports.

Stations and reception days are public; visits are scoped: station staff see their stations'
visits, committee staff everything under their region, deputies the visits they attended.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from liaison import access
from liaison.masking import mask_name, mask_phone
from liaison.models import Deputy, Mandate, Region
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


def coverage(*, scope: Scope) -> Coverage:
    """What is not yet covered under the user's region: every deputy in a station, every station
    with deputies, every township with a station."""
    prefix = "" if scope.is_admin else scope.region_prefix
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

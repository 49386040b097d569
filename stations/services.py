"""Every change to stations, schedules and visits: one function per action, in a transaction.

Pages, API, admin and the demo seeder call these; nothing else writes. Rules raise `DomainError`
with a message a person can read.
"""

import calendar
import re
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from liaison import uploads
from liaison.errors import DomainError, NotPermitted
from liaison.masking import mask_name, mask_phone
from liaison.models import Deputy
from liaison.scoping import scope_for
from stations.models import (
    ReceptionRule,
    ReceptionSchedule,
    Station,
    StationDeputy,
    StationStandard,
    Visit,
    VisitChange,
    VisitPhoto,
)

PHONE_PATTERN = re.compile(r"^[0-9+\-\s]{7,20}$")

# Fields of a visit that staff may correct, and how a value is written into the change log.
VISIT_EDITABLE = (
    "visited_at",
    "channel",
    "visitor_name",
    "visitor_phone",
    "people_count",
    "category",
    "content",
    "outcome",
    "outcome_note",
)


# --- stations ---------------------------------------------------------------------------------


def _require_region_rights(actor, station_region) -> None:
    scope = scope_for(actor)
    if scope.is_admin:
        return
    if scope.is_committee and station_region.code.startswith(scope.region_prefix):
        return
    raise DomainError("只有本区划的代表工作机构或管理员可以维护站点信息")


def _validate_station(fields: dict) -> None:
    if not (fields.get("name") or "").strip():
        raise DomainError("请填写站点名称", field="name")
    parent = fields.get("parent")
    if parent is not None and parent.kind != Station.Kind.HOME:
        raise DomainError("上级站点必须是代表之家", field="parent")


@transaction.atomic
def station_create(*, actor, platforms=(), **fields) -> Station:
    """Committee staff (in their region) or an admin register a station."""
    _require_region_rights(actor, fields["region"])
    _validate_station(fields)
    if Station.objects.filter(region=fields["region"], name=fields["name"]).exists():
        raise DomainError("该区划已有同名站点", field="name", conflict=True)
    station = Station.objects.create(**fields)
    station.platforms.set(platforms)
    return station


@transaction.atomic
def station_update(*, station_id: int, actor, platforms=None, **fields) -> Station:
    """Change a station's record; only the given fields are written."""
    station = Station.objects.select_for_update().get(pk=station_id)
    _require_region_rights(actor, station.region)
    if "region" in fields:
        _require_region_rights(actor, fields["region"])
    _validate_station({"name": station.name, **fields})
    for name, value in fields.items():
        setattr(station, name, value)
    if fields:
        station.save(update_fields=list(fields))
    if platforms is not None:
        station.platforms.set(platforms)
    return station


@transaction.atomic
def station_delete(*, station_id: int, actor) -> None:
    """Remove a station registered by mistake; one with visits on record is kept."""
    station = Station.objects.select_for_update().select_related("region").get(pk=station_id)
    _require_region_rights(actor, station.region)
    if station.visits.exists():
        raise DomainError("站点已有来访记录，不能删除", conflict=True)
    station.delete()


@transaction.atomic
def station_rate(*, station_id: int, stars: int, actor) -> Station:
    """Committee staff give a station its star rating (星级, 1–5)."""
    if stars not in range(1, 6):
        raise DomainError("星级应为 1 至 5", field="stars")
    station = Station.objects.select_for_update().select_related("region").get(pk=station_id)
    _require_region_rights(actor, station.region)
    station.stars, station.rated_by, station.rated_at = stars, actor, timezone.now()
    station.save(update_fields=["stars", "rated_by", "rated_at"])
    return station


@transaction.atomic
def standard_check(*, station_id: int, standard: str, met: bool, note: str = "", checked_on=None, actor):
    """Record the check of one of the five standards (五有) of a station."""
    if standard not in StationStandard.Standard.values:
        raise DomainError("没有这项标准", field="standard")
    station = Station.objects.select_related("region").get(pk=station_id)
    if station.pk not in scope_for(actor).stations:
        _require_region_rights(actor, station.region)
    row, _ = StationStandard.objects.update_or_create(
        station=station,
        standard=standard,
        defaults={"met": met, "note": note, "checked_on": checked_on or timezone.localdate()},
    )
    return row


@transaction.atomic
def deputy_assign(*, station_id: int, deputy_id: int, role: str, started_on: date, actor) -> StationDeputy:
    """Group a deputy into a station (编组进站); an open assignment to the same station is refused."""
    station = Station.objects.select_related("region").get(pk=station_id)
    _require_region_rights(actor, station.region)
    if role not in StationDeputy.Role.values:
        raise DomainError("职务不正确", field="role")
    if StationDeputy.objects.filter(station=station, deputy_id=deputy_id, ended_on__isnull=True).exists():
        raise DomainError("该代表已在本站点", conflict=True)
    return StationDeputy.objects.create(station=station, deputy_id=deputy_id, role=role, started_on=started_on)


@transaction.atomic
def deputy_unassign(*, assignment_id: int, ended_on: date, actor) -> StationDeputy:
    assignment = StationDeputy.objects.select_for_update().select_related("station__region").get(pk=assignment_id)
    _require_region_rights(actor, assignment.station.region)
    if ended_on < assignment.started_on:
        raise DomainError("离站日期不能早于进站日期", field="ended_on")
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    return assignment


# --- reception schedules ----------------------------------------------------------------------


def _require_station_staff_or_committee(actor, station: Station) -> None:
    if station.pk not in scope_for(actor).stations:
        _require_region_rights(actor, station.region)


@transaction.atomic
def schedule_create(*, station: Station, date, starts_at, ends_at, theme="", deputies=(), actor) -> ReceptionSchedule:
    """Put one reception day (接待日) on a station's public calendar."""
    _require_station_staff_or_committee(actor, station)
    if ends_at <= starts_at:
        raise DomainError("结束时间应晚于开始时间", field="ends_at")
    schedule = ReceptionSchedule.objects.create(
        station=station, date=date, starts_at=starts_at, ends_at=ends_at, theme=theme
    )
    schedule.deputies.set(deputies)
    return schedule


def rule_dates(rule: ReceptionRule, start: date, end: date) -> list[date]:
    """The dates between start and end (inclusive) on which a rule falls."""
    start = max(start, rule.active_from)
    if rule.active_until:
        end = min(end, rule.active_until)
    days, current = [], start
    while current <= end:
        if rule.frequency == ReceptionRule.Frequency.WEEKLY:
            hit = current.isoweekday() == rule.day
        else:
            hit = current.day == min(rule.day, calendar.monthrange(current.year, current.month)[1])
        if hit:
            days.append(current)
        current += timedelta(days=1)
    return days


@transaction.atomic
def schedule_generate_from_rules(*, start: date, end: date, station_id: int | None = None) -> int:
    """Create the reception days the recurring rules give between start and end; running it again
    creates nothing new. Returns how many were created."""
    rules = ReceptionRule.objects.prefetch_related("deputies")
    if station_id is not None:
        rules = rules.filter(station_id=station_id)
    created = 0
    for rule in rules:
        existing = set(rule.schedules.filter(date__range=(start, end)).values_list("date", flat=True))
        deputies = list(rule.deputies.all())
        for day in rule_dates(rule, start, end):
            if day in existing:
                continue
            schedule = ReceptionSchedule.objects.create(
                station_id=rule.station_id,
                date=day,
                starts_at=rule.starts_at,
                ends_at=rule.ends_at,
                theme=rule.theme,
                rule=rule,
            )
            schedule.deputies.set(deputies)
            created += 1
    return created


# --- visits -----------------------------------------------------------------------------------


def _require_own_station(actor, station_id: int) -> None:
    if station_id not in scope_for(actor).stations:
        raise NotPermitted("只能登记和修改本站点的来访")


def _validate_visit(values: dict) -> None:
    if "content" in values and not (values["content"] or "").strip():
        raise DomainError("请填写反映内容", field="content")
    if "channel" in values and values["channel"] not in Visit.Channel.values:
        raise DomainError("渠道不正确", field="channel")
    if "outcome" in values and values["outcome"] not in Visit.Outcome.values:
        raise DomainError("处理方式不正确", field="outcome")
    phone = values.get("visitor_phone")
    if phone and not PHONE_PATTERN.match(phone):
        raise DomainError("电话号码格式不正确", field="visitor_phone")
    if "people_count" in values and (values["people_count"] or 0) < 1:
        raise DomainError("人数至少为 1", field="people_count")
    visited_at = values.get("visited_at")
    if visited_at and visited_at > timezone.now() + timedelta(minutes=10):
        raise DomainError("接待时间不能晚于现在", field="visited_at")


def _validate_deputies(deputies) -> list[Deputy]:
    deputies = list(deputies)
    if all(isinstance(d, Deputy) and d.pk for d in deputies):
        return list({d.pk: d for d in deputies}.values())  # already read (the API's serializer did)
    ids = {d.pk if isinstance(d, Deputy) else int(d) for d in deputies}
    found = list(Deputy.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise DomainError("接待代表不存在", field="deputies")
    return found


def validate_photo(image) -> None:
    """Size, type and content of an uploaded photo (Django does not count files in its upload limit)."""
    uploads.check_upload(image, uploads.PHOTO, field="photo")


@transaction.atomic
def visit_log(
    *,
    actor,
    station: Station,
    content: str,
    channel: str = Visit.Channel.IN_PERSON,
    visited_at: datetime | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    people_count: int = 1,
    deputies=(),
    category=None,
    outcome: str = Visit.Outcome.ANSWERED,
    outcome_note: str = "",
    photos=(),
) -> Visit:
    """Station staff log a visit to their own station; the time defaults to now."""
    _require_own_station(actor, station.pk)
    values = {
        "visited_at": visited_at or timezone.now(),
        "channel": channel,
        "visitor_name": (visitor_name or "").strip(),
        "visitor_phone": (visitor_phone or "").strip(),
        "people_count": people_count,
        "category": category,
        "content": content,
        "outcome": outcome,
        "outcome_note": outcome_note or "",
    }
    _validate_visit(values)
    deputies = _validate_deputies(deputies)
    for image in photos:
        validate_photo(image)
    visit = Visit.objects.create(station=station, created_by=actor, **values)
    visit.deputies.add(*deputies)
    for image in photos:
        VisitPhoto.objects.create(visit=visit, image=image)
    return visit


def _logged_value(field: str, value):
    """How a value appears in the change log: phones and names masked, objects by their label."""
    if field == "visitor_phone":
        return mask_phone(value)
    if field == "visitor_name":
        return mask_name(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if value is None or isinstance(value, str | int):
        return value
    return str(value)


def _require_same_day(visit: Visit) -> None:
    if timezone.localdate(visit.created_at) != timezone.localdate():
        raise DomainError("来访记录只能在登记当天修改", conflict=True)


@transaction.atomic
def visit_update(*, visit_id: int, actor, deputies=None, **changes) -> Visit:
    """Correct a visit on the day it was logged. Only the given fields are written, on the locked
    row, so two staff correcting different fields keep each other's changes; each change is logged."""
    unknown = set(changes) - set(VISIT_EDITABLE)
    if unknown:
        raise DomainError(f"不能修改：{'、'.join(sorted(unknown))}")
    visit = Visit.objects.select_for_update().get(pk=visit_id)
    _require_own_station(actor, visit.station_id)
    _require_same_day(visit)
    _validate_visit(changes)
    diff = {}
    for field, new in changes.items():
        old = getattr(visit, field)
        if isinstance(new, str):
            new = new.strip()
        if old != new:
            diff[field] = [_logged_value(field, old), _logged_value(field, new)]
            setattr(visit, field, new)
    if deputies is not None:
        new_deputies = _validate_deputies(deputies)
        old_names = sorted(d.name for d in visit.deputies.all())
        new_names = sorted(d.name for d in new_deputies)
        if {d.pk for d in visit.deputies.all()} != {d.pk for d in new_deputies}:
            visit.deputies.set(new_deputies)
            diff["deputies"] = [old_names, new_names]
    if diff:
        model_fields = [f for f in diff if f != "deputies"]
        visit.save(update_fields=[*model_fields, "updated_at"])
        VisitChange.objects.create(visit=visit, changed_by=actor, changes=diff)
    return visit


@transaction.atomic
def visit_photo_add(*, visit_id: int, image, actor) -> VisitPhoto:
    """Attach a photo to a visit of one's own station, on the day it was logged."""
    visit = Visit.objects.select_for_update().get(pk=visit_id)
    _require_own_station(actor, visit.station_id)
    _require_same_day(visit)
    validate_photo(image)
    photo = VisitPhoto.objects.create(visit=visit, image=image)
    VisitChange.objects.create(visit=visit, changed_by=actor, changes={"photos": [None, photo.image.name]})
    return photo

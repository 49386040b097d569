"""Who a user is in the portal and what they may see.

Every selector starts from `scope_for(user)`: the roles a user holds and the ids of the
regions, deputy, stations, units and contact points those roles cover. It is built once per
request (cached on the user object) so scoping adds no query per row.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import connection

ADMIN = "admin"
COMMITTEE = "committee"
STATION_STAFF = "station_staff"
DEPUTY = "deputy"
UNIT_STAFF = "unit_staff"
LEGISLATION_STAFF = "legislation_staff"

ROLE_LABELS = {
    ADMIN: "系统管理员",
    COMMITTEE: "代表工作机构",
    STATION_STAFF: "站点工作人员",
    DEPUTY: "人大代表",
    UNIT_STAFF: "承办单位",
    LEGISLATION_STAFF: "立法联系点工作人员",
}

# Staff of stations, units and contact points are attached by the apps that own those models,
# through a many-to-many `staff` field; the scope reads them here by their related names.
_STAFF_RELATIONS = {
    STATION_STAFF: ("stations", "Station", "stations"),
    UNIT_STAFF: ("suggestions", "HandlingUnit", "units"),
    LEGISLATION_STAFF: ("legislation", "ContactPoint", "contact_points"),
}


@dataclass(frozen=True)
class Scope:
    user_id: int | None = None
    roles: tuple[str, ...] = ()
    region_id: int | None = None
    region_code: str | None = None
    region_prefix: str | None = None
    deputy_id: int | None = None
    stations: tuple[int, ...] = field(default_factory=tuple)
    units: tuple[int, ...] = field(default_factory=tuple)
    contact_points: tuple[int, ...] = field(default_factory=tuple)

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.roles

    @property
    def is_committee(self) -> bool:
        return COMMITTEE in self.roles

    def has(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS = Scope()


def _role_rows(user) -> list[tuple[str, int, str]]:
    """(role, id, region code) for each row that gives the user a role, in one query: the committee
    region (with its code), the deputy, and the stations, units and contact points they staff."""
    with connection.cursor() as cursor:
        cursor.execute(_role_rows_sql(), {"user": user.pk})
        return cursor.fetchall()


@cache
def _role_rows_sql() -> str:
    """The statement of `_role_rows`, written once from the models' tables. It runs on every signed-in
    request, and the ORM took longer to compile this five-part UNION than PostgreSQL takes to answer."""
    from liaison.models import CommitteeStaff, Deputy, Region

    committee, region, deputy = (m._meta.db_table for m in (CommitteeStaff, Region, Deputy))
    parts = [
        f"SELECT '{COMMITTEE}', s.region_id, r.code FROM {committee} s JOIN {region} r ON r.id = s.region_id"
        " WHERE s.user_id = %(user)s",
        f"SELECT '{DEPUTY}', id, '' FROM {deputy} WHERE user_id = %(user)s",
    ]
    for role, (app_label, model_name, _) in _STAFF_RELATIONS.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:  # the app has not defined it yet
            continue
        through = model.staff.through
        column = through._meta.get_field(model._meta.model_name).column
        parts.append(f"SELECT '{role}', {column}, '' FROM {through._meta.db_table} WHERE user_id = %(user)s")
    return " UNION ALL ".join(parts)


def build_scope(user) -> Scope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    from liaison.models import region_prefix

    rows = _role_rows(user)
    present = {role for role, _, _ in rows}
    roles = ([ADMIN] if user.is_superuser else []) + [role for role in (COMMITTEE, DEPUTY) if role in present]
    values = {"user_id": user.pk}
    for role, pk, code in rows:
        if role == COMMITTEE:
            values.update(region_id=pk, region_code=code, region_prefix=region_prefix(code))
        elif role == DEPUTY:
            values["deputy_id"] = pk
    for role, (_, _, attr) in _STAFF_RELATIONS.items():
        ids = tuple(sorted(pk for kind, pk, _ in rows if kind == role))
        if ids:
            roles.append(role)
            values[attr] = ids
    return Scope(roles=tuple(roles), **values)


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_liaison_scope", None)
    if cached is None:
        cached = build_scope(user)
        user._liaison_scope = cached
    return cached

"""Who a user is in the portal and what they may see.

Every selector starts from `scope_for(user)`: the roles a user holds and the ids of the
regions, deputy, stations, units and contact points those roles cover. It is built once per
request (cached on the user object) so scoping adds no query per row.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F, Value

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
    from liaison.models import CommitteeStaff, Deputy

    def tagged(rows, role: str, id_field: str, code=None):
        rows = rows.annotate(role=Value(role), code=code or Value(""))
        return rows.values_list("role", id_field, "code").order_by()

    parts = [
        tagged(CommitteeStaff.objects.filter(user=user), COMMITTEE, "region_id", code=F("region__code")),
        tagged(Deputy.objects.filter(user=user), DEPUTY, "pk"),
    ]
    for role, (app_label, model_name, _) in _STAFF_RELATIONS.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:  # the app has not defined it yet
            continue
        staff = model.staff.through
        parts.append(tagged(staff.objects.filter(user=user), role, f"{model._meta.model_name}_id"))
    return list(parts[0].union(*parts[1:], all=True))


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

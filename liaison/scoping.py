"""Who a user is in the portal and what they may see.

Every selector starts from `scope_for(user)`: the roles a user holds and the ids of the
regions, deputy, stations, units and contact points those roles cover. It is built once per
request (cached on the user object) so scoping adds no query per row.
"""

from dataclasses import dataclass, field

from django.apps import apps

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


def _staff_ids(user, app_label: str, model_name: str) -> tuple[int, ...]:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:  # the app has not defined it yet
        return ()
    return tuple(model.objects.filter(staff=user).values_list("pk", flat=True).order_by("pk"))


def build_scope(user) -> Scope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    from liaison.models import CommitteeStaff, Deputy

    roles = []
    if user.is_superuser:
        roles.append(ADMIN)
    values = {"user_id": user.pk}
    committee = CommitteeStaff.objects.select_related("region").filter(user=user).first()
    if committee:
        roles.append(COMMITTEE)
        values.update(
            region_id=committee.region_id,
            region_code=committee.region.code,
            region_prefix=committee.region.prefix,
        )
    deputy_id = Deputy.objects.filter(user=user).values_list("pk", flat=True).first()
    if deputy_id:
        roles.append(DEPUTY)
        values["deputy_id"] = deputy_id
    for role, (app_label, model_name, attr) in _STAFF_RELATIONS.items():
        ids = _staff_ids(user, app_label, model_name)
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

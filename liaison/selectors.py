"""Read queries for people and organisation, shared by pages, API and exports.

Reference data is readable by every signed-in user; committee staff see only their region.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from liaison.models import (
    Congress,
    Deputy,
    DeputyGroup,
    GroupMembership,
    Mandate,
    Notification,
    Region,
    region_prefix,
)
from liaison.scoping import Scope


def region_list(*, scope: Scope) -> QuerySet[Region]:
    regions = Region.objects.select_related("parent")
    if scope.is_committee and not scope.is_admin:
        regions = regions.filter(code__startswith=scope.region_prefix)
    return regions


def regions_under(code: str) -> Q:
    """A Q on `code` for a region and everything under it, given any region's code."""
    return Q(code__startswith=region_prefix(code))


def congress_list(*, scope: Scope) -> QuerySet[Congress]:
    congresses = Congress.objects.select_related("region").prefetch_related("terms")
    if scope.is_committee and not scope.is_admin:
        congresses = congresses.filter(region__code__startswith=scope.region_prefix)
    return congresses


def _mandates_with_levels():
    return Prefetch(
        "mandates",
        queryset=Mandate.objects.select_related("term__congress", "region").order_by("term__congress__level"),
    )


def deputy_list(*, scope: Scope) -> QuerySet[Deputy]:
    """Deputies with their mandates (and levels) in two queries, whatever the page size."""
    deputies = Deputy.objects.prefetch_related(_mandates_with_levels())
    if scope.is_committee and not scope.is_admin:
        deputies = deputies.filter(
            Q(mandates__region__code__startswith=scope.region_prefix)
            | Q(mandates__term__congress__region__code__startswith=scope.region_prefix)
        ).distinct()
    return deputies


def deputy_public(*, public_id) -> Deputy:
    return Deputy.objects.prefetch_related(_mandates_with_levels()).get(public_id=public_id)


def group_list(*, scope: Scope) -> QuerySet[DeputyGroup]:
    """Groups with their member count; per-level counts come from `group_level_counts`."""
    groups = (
        DeputyGroup.objects.select_related("region", "leader")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True))
        .order_by("region__code", "name")
    )
    if scope.is_committee and not scope.is_admin:
        groups = groups.filter(region__code__startswith=scope.region_prefix)
    return groups


def group_level_counts(group_ids) -> dict[int, dict[str, int]]:
    """How many current members each group has at each level (五级混合编组), in one query."""
    rows = (
        GroupMembership.objects.filter(
            group_id__in=list(group_ids),
            left_on__isnull=True,
            deputy__mandates__status=Mandate.Status.SERVING,
        )
        .values("group_id", "deputy__mandates__term__congress__level")
        .annotate(n=Count("deputy", distinct=True))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["group_id"], {})[row["deputy__mandates__term__congress__level"]] = row["n"]
    return counts


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)

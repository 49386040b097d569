"""Read queries for people and organisation, shared by pages, API and exports.

Reference data is readable by every signed-in user; committee staff see only their region.
"""

from datetime import date

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from liaison.models import (
    Congress,
    Deputy,
    DeputyGroup,
    GroupMembership,
    Level,
    Mandate,
    Notification,
    Region,
    region_prefix,
)
from liaison.periods import local_days
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


# --- duty record (履职档案) -----------------------------------------------------------------------

DUTY_FIGURES = {
    "visits_attended": "接待群众",
    "led": "领衔建议",
    "cosigned": "联名建议",
    "replied": "已答复",
    "result_a": "A类",
    "result_b": "B类",
    "result_c": "C类",
    "result_d": "D类",
    "closed": "已办结",
    "judged_satisfied": "评价满意",
    "judged_basic": "评价基本满意",
    "judged_unsatisfied": "评价不满意",
    "opinions": "立法意见",
    "opinions_adopted": "立法意见被采纳",
    "group_count": "参加代表小组",
}


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: one figure per row of the outer query, in the same query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _count(queryset) -> SubqueryCount:
    return SubqueryCount(queryset.order_by().values("pk"))


def duty_figures(deputy_ref: str, start: date, end: date) -> dict:
    """The duty-record figures of the deputy at `deputy_ref` of the outer query ("pk" on Deputy,
    "deputy_id" on a membership, station assignment or mandate), for the period: visits attended,
    suggestions led and co-signed with their results, the deputy's judgements of replies,
    legislative opinions given as an information officer and their adoption, and current groups."""
    from legislation.models import Opinion
    from stations.models import Visit
    from suggestions.models import Judgement, Status, Suggestion

    deputy = OuterRef(deputy_ref)
    since, until = local_days(start, end)
    attended = Visit.deputies.through.objects.filter(
        deputy_id=deputy, visit__visited_at__gte=since, visit__visited_at__lt=until
    )
    suggestions = Suggestion.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
    cosigns = Suggestion.co_signers.through
    cosigned = cosigns.objects.filter(
        deputy_id=deputy, suggestion__submitted_at__gte=since, suggestion__submitted_at__lt=until
    )
    mine = suggestions.filter(
        Q(lead_deputy_id=deputy)
        | Exists(cosigns.objects.filter(suggestion_id=OuterRef("pk"), deputy_id=OuterRef(deputy)))
    )
    judgements = Judgement.objects.filter(deputy_id=deputy, judged_at__gte=since, judged_at__lt=until)
    opinions = Opinion.objects.filter(officer__deputy_id=deputy, submitted_on__gte=start, submitted_on__lte=end)
    figures = {
        "visits_attended": _count(attended),
        "led": _count(suggestions.filter(lead_deputy_id=deputy)),
        "cosigned": _count(cosigned),
        "replied": _count(mine.filter(replied_at__isnull=False)),
        **{f"result_{r.lower()}": _count(mine.filter(replied_at__isnull=False, result=r)) for r in "ABCD"},
        "closed": _count(mine.filter(status=Status.CLOSED)),
        **{f"judged_{s}": _count(judgements.filter(satisfaction=s)) for s in ("satisfied", "basic", "unsatisfied")},
        "opinions": _count(opinions),
        "opinions_adopted": _count(opinions.filter(outcome__in=["adopted", "partly_adopted"])),
        "group_count": _count(GroupMembership.objects.filter(deputy_id=deputy, left_on__isnull=True)),
    }
    assert set(figures) == set(DUTY_FIGURES)
    return figures


def _mandate_under(prefix: str) -> Q:
    return Q(region__code__startswith=prefix) | Q(term__congress__region__code__startswith=prefix)


def duty_deputies(*, scope: Scope, region_prefix: str = "") -> QuerySet[Deputy]:
    """Whose duty record a user may read: a deputy their own; committee staff the deputies with a
    mandate under their region (or under `region_prefix` within it); admins everyone."""
    if scope.is_admin:
        visible = Q()
    else:
        visible = Q(pk__in=[])
        if scope.deputy_id:
            visible |= Q(pk=scope.deputy_id)
        if scope.is_committee:
            visible |= Exists(Mandate.objects.filter(_mandate_under(scope.region_prefix), deputy=OuterRef("pk")))
    deputies = Deputy.objects.filter(visible)
    if region_prefix:
        deputies = deputies.filter(Exists(Mandate.objects.filter(_mandate_under(region_prefix), deputy=OuterRef("pk"))))
    return deputies


def duty_records(*, scope: Scope, start: date, end: date, region_prefix: str = "") -> QuerySet[Deputy]:
    """Each deputy's duty-record figures for the period, in one query (plus one each for mandates and
    groups), whatever the number of deputies."""
    return (
        duty_deputies(scope=scope, region_prefix=region_prefix)
        .annotate(**duty_figures("pk", start, end))
        .prefetch_related(
            _mandates_with_levels(),
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.filter(left_on__isnull=True).select_related("group"),
                to_attr="current_memberships",
            ),
        )
        .order_by("name", "pk")
    )


def _sums(rows, start: date, end: date):
    return rows.annotate(
        members=Count("deputy_id", distinct=True),
        **{name: Sum(expression) for name, expression in duty_figures("deputy_id", start, end).items()},
    )


def duty_totals(*, scope: Scope, group_by: str, start: date, end: date, region_prefix: str = "") -> list[dict]:
    """The duty-record figures summed over the deputies of each group (代表小组), station or level
    under the region, one aggregate query per grouping. Only committee staff and admins get sums."""
    from stations.models import StationDeputy
    from stations.selectors import current_assignments

    if not (scope.is_admin or scope.is_committee):
        return []
    prefix = region_prefix or ("" if scope.is_admin else scope.region_prefix)
    if group_by == "group":
        rows = GroupMembership.objects.filter(left_on__isnull=True, group__region__code__startswith=prefix)
        rows = rows.values(key=F("group_id"), label=F("group__name"))
    elif group_by == "station":
        rows = StationDeputy.objects.filter(current_assignments(), station__region__code__startswith=prefix)
        rows = rows.values(key=F("station_id"), label=F("station__name"))
    elif group_by == "level":
        rows = Mandate.objects.filter(_mandate_under(prefix), status=Mandate.Status.SERVING)
        rows = rows.values(key=F("term__congress__level"), label=F("term__congress__level"))
    else:
        raise ValueError(group_by)
    out = list(_sums(rows, start, end).order_by("key"))
    if group_by == "level":
        for row in out:
            row["label"] = Level(row["key"]).label
    return out

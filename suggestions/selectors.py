"""Read queries for suggestions, shared by pages, API, exports and the dashboards."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from liaison.scoping import Scope
from suggestions.models import (
    OPEN_STATUSES,
    Assignment,
    Category,
    HandlingUnit,
    Reply,
    Satisfaction,
    Status,
    Suggestion,
    SuggestionEvent,
)
from suggestions.text import keywords_of


def visibility(scope: Scope) -> Q:
    """What a user may see: committee by region, deputies what they lead or co-signed, units what
    is assigned to them, station staff what came from their stations."""
    if scope.is_admin:
        return Q()
    allowed = Q(pk__in=[])
    if scope.is_committee:
        allowed |= Q(region__code__startswith=scope.region_prefix)
    if scope.deputy_id:
        allowed |= Q(lead_deputy_id=scope.deputy_id) | Q(
            Exists(
                Suggestion.co_signers.through.objects.filter(suggestion_id=OuterRef("pk"), deputy_id=scope.deputy_id)
            )
        )
    if scope.units:
        allowed |= Q(Exists(Assignment.objects.filter(suggestion_id=OuterRef("pk"), unit_id__in=scope.units)))
    if scope.stations:
        allowed |= Q(source_station_id__in=scope.stations)
    return allowed


def suggestion_list(*, scope: Scope) -> QuerySet[Suggestion]:
    """Suggestions the user may see, with what a list row shows, in a fixed number of queries."""
    return (
        Suggestion.objects.filter(visibility(scope))
        .select_related("category__parent", "lead_deputy", "lead_unit", "congress", "region")
        .prefetch_related("co_signers")
    )


def suggestion_detail(*, scope: Scope, pk: int) -> Suggestion:
    return (
        suggestion_list(scope=scope)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
            Prefetch("replies", queryset=Reply.objects.select_related("unit").prefetch_related("judgements__deputy")),
            "attachments",
            Prefetch("events", queryset=SuggestionEvent.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def suggestion_events(*, suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    return suggestion.events.select_related("actor")


def triage_queue(*, scope: Scope) -> QuerySet[Suggestion]:
    """Submitted suggestions waiting for the committee to assign, oldest first."""
    return suggestion_list(scope=scope).filter(status=Status.SUBMITTED).order_by("submitted_at")


def overdue_q(today: date | None = None) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today or timezone.localdate())


INBOX_BUCKETS = ("assigned", "handling", "due_soon", "overdue")


def unit_inbox(*, scope: Scope, bucket: str) -> QuerySet[Suggestion]:
    """A unit's work: `assigned` (to accept), `handling`, `due_soon` (within 7 days), `overdue`."""
    today = timezone.localdate()
    mine = suggestion_list(scope=scope).filter(
        Exists(Assignment.objects.filter(suggestion_id=OuterRef("pk"), unit_id__in=scope.units, active=True))
    )
    buckets = {
        "assigned": Q(status=Status.ASSIGNED),
        "handling": Q(status=Status.HANDLING),
        "due_soon": Q(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=today + timedelta(days=7)),
        "overdue": overdue_q(today),
    }
    return mine.filter(buckets[bucket]).order_by("due_on", "pk")


def similar_suggestions(*, scope: Scope, text: str, exclude_pk: int | None = None, limit: int = 5) -> list[Suggestion]:
    """Suggestions sharing the most keywords with `text`, for merging duplicates (并案)."""
    words = keywords_of(text)
    if not words:
        return []
    any_word = Q()
    for word in words:
        any_word |= Q(keywords__contains=word)
    candidates = (
        suggestion_list(scope=scope)
        .filter(any_word)
        .exclude(status__in=[Status.DECLINED, Status.WITHDRAWN, Status.MERGED])
        .exclude(pk=exclude_pk)
        .order_by("-submitted_at")[:200]
    )
    ranked = []
    for suggestion in candidates:
        shared = len(set(words) & set(suggestion.keywords.split()))
        if shared >= 2:
            ranked.append((shared, suggestion))
    ranked.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [suggestion for _, suggestion in ranked[:limit]]


def with_suggested_units(suggestions) -> list[tuple[Suggestion, HandlingUnit | None]]:
    """Each suggestion with the unit a routing rule would choose (the rules are read once)."""
    from suggestions.services import active_rules, matching_rule

    rules = active_rules()
    pairs = []
    for suggestion in suggestions:
        rule = matching_rule(suggestion, rules)
        pairs.append((suggestion, rule.lead_unit if rule else None))
    return pairs


def category_choices() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("parent__order", "parent_id", "order", "pk")


# --- handling rates (DESIGN §2) ------------------------------------------------------------------

GROUPINGS = {
    "unit": ("lead_unit_id", "lead_unit__name"),
    "category": (Coalesce("category__parent_id", "category_id"), Coalesce("category__parent__name", "category__name")),
    "level": ("congress__level", "congress__level"),
    "month": (TruncMonth("submitted_at"), TruncMonth("submitted_at")),
}

REGISTERED = ~Q(status__in=[Status.DECLINED, Status.MERGED, Status.WITHDRAWN])
REPLIED = Q(replied_at__isnull=False)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def handling_rates(*, scope: Scope, group_by: str, start: date | None = None, end: date | None = None, region=None):
    """办结率, 按期答复率, 满意率, A类率, 见面率 and the overdue count per group, in one query.

    Registered suggestions exclude those declined, merged into another or withdrawn. The reply
    figures are the latest reply's, copied onto the suggestion by the services.
    """
    key, label = GROUPINGS[group_by]
    suggestions = Suggestion.objects.filter(visibility(scope))
    if start:
        suggestions = suggestions.filter(submitted_at__date__gte=start)
    if end:
        suggestions = suggestions.filter(submitted_at__date__lte=end)
    if region:
        suggestions = suggestions.filter(region__code__startswith=region)
    rows = (
        suggestions.annotate(group_key=_expr(key), group_label=_expr(label))
        .values("group_key", "group_label")
        .annotate(
            submitted=Count("pk"),
            registered=Count("pk", filter=REGISTERED),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            replied=Count("pk", filter=REPLIED),
            on_time=Count("pk", filter=REPLIED & Q(replied_on_time=True)),
            judged=Count("pk", filter=~Q(satisfaction="")),
            satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
            result_a=Count("pk", filter=REPLIED & Q(result="A")),
            face_to_face=Count("pk", filter=REPLIED & Q(face_to_face=True)),
            overdue=Count("pk", filter=overdue_q()),
        )
        .order_by("group_key")
    )
    return [_with_rates(row) for row in rows]


def _expr(value):
    return F(value) if isinstance(value, str) else value


def _with_rates(row: dict) -> dict:
    row["closed_rate"] = _ratio(row["closed"], row["registered"])
    row["on_time_rate"] = _ratio(row["on_time"], row["replied"])
    row["satisfaction_rate"] = _ratio(row["satisfied"], row["judged"])
    row["a_rate"] = _ratio(row["result_a"], row["replied"])
    row["face_to_face_rate"] = _ratio(row["face_to_face"], row["replied"])
    return row

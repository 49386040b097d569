"""Read queries for suggestions, shared by pages, API, exports and the dashboards."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from liaison.models import Region, region_prefix
from liaison.periods import local_day_start
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
    matched = [(suggestion, matching_rule(suggestion, rules)) for suggestion in suggestions]
    units = HandlingUnit.objects.in_bulk({rule.lead_unit_id for _, rule in matched if rule})
    return [(suggestion, units[rule.lead_unit_id] if rule else None) for suggestion, rule in matched]


def category_choices() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("parent__order", "parent_id", "order", "pk")


# --- handling rates (DESIGN §2) ------------------------------------------------------------------

# What each grouping groups by: a column of the suggestion table itself. Units, categories and
# stations are named afterwards from their small tables (sub-categories summed into their top
# category): joining and grouping by name made a year of suggestions sort every row by name (3× slower).
GROUPINGS = {
    "unit": "lead_unit_id",
    "category": "category_id",
    "level": "congress__level",
    "month": TruncMonth("submitted_at"),
    "station": "source_station_id",
    "region": None,  # the next level of region codes under the chosen region: see _region_key
}
GROUP_BY_LABELS = {
    "unit": "承办单位",
    "category": "分类",
    "level": "人大层级",
    "region": "区划",
    "month": "月份",
    "station": "来源站点",
}
# Two-way groupings: the first dimension as group_key/group_label, and the month beside it.
BY_MONTH = {"category_month": "category"}

REGISTERED = ~Q(status__in=[Status.DECLINED, Status.MERGED, Status.WITHDRAWN])
ASSIGNED_STATUSES = (Status.ASSIGNED, Status.HANDLING, Status.REPLIED, Status.CLOSED)
REPLIED = Q(replied_at__isnull=False)
RESULTS = ("A", "B", "C", "D")

# GB/T 2260: province "42" → city "4201" → county "420103" → township "420103003" → village (12 digits).
_NEXT_CODE_LENGTH = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12}


def _region_key(region: str | None):
    """The code prefix of the region one level below `region` (a prefix), under which a suggestion falls."""
    length = len(region or "")
    return Substr("region__code", 1, _NEXT_CODE_LENGTH.get(length, length + 3))


def region_code_of(prefix: str) -> str:
    """The full code of the region a prefix stands for: "4201" → "420100"; nine digits stay as they are."""
    return prefix.ljust(6, "0") if len(prefix) < 6 else prefix


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def handling_rates(*, scope: Scope, group_by: str, start: date | None = None, end: date | None = None, region=None):
    """办结率, 按期答复率, 满意率, A类率, 见面率 and the overdue count per group: one aggregate query,
    and one more that names units, categories, stations or regions.

    `group_by` is one of GROUPINGS, or `category_month` (per category and month, with a `month` key).
    `region` is a code prefix; grouping by region groups by the next level of codes under it.
    Registered suggestions exclude those declined, merged into another or withdrawn. The reply
    figures are the latest reply's, copied onto the suggestion by the services.
    """
    dimension = BY_MONTH.get(group_by, group_by)
    key = _region_key(region) if dimension == "region" else GROUPINGS[dimension]
    suggestions = Suggestion.objects.filter(visibility(scope))
    # A range on the column itself, not on its local date: 3× faster over a year of suggestions.
    if start:
        suggestions = suggestions.filter(submitted_at__gte=local_day_start(start))
    if end:
        suggestions = suggestions.filter(submitted_at__lt=local_day_start(end + timedelta(days=1)))
    if region:
        suggestions = suggestions.filter(region__code__startswith=region)
    suggestions = suggestions.annotate(group_key=_expr(key))
    columns = ["group_key"]
    if group_by in BY_MONTH:
        suggestions = suggestions.annotate(month=TruncMonth("submitted_at"))
        columns.append("month")
    rows = list(suggestions.values(*columns).annotate(**_figures()).order_by(*columns))
    if dimension == "category":
        categories = {
            pk: (parent, name) for pk, parent, name in Category.objects.values_list("pk", "parent_id", "name")
        }
        rows = _top_categories(rows, columns, {pk: parent for pk, (parent, _) in categories.items()})
        names = {pk: name for pk, (_, name) in categories.items()}
    else:
        names = _group_names(dimension, {row["group_key"] for row in rows}) if rows else {}
    for row in rows:
        row["group_label"] = names.get(row["group_key"])
    return [_with_rates(row) for row in rows]


def _figures() -> dict:
    return {
        "submitted": Count("pk"),
        "registered": Count("pk", filter=REGISTERED),
        "assigned": Count("pk", filter=Q(status__in=ASSIGNED_STATUSES)),
        "closed": Count("pk", filter=Q(status=Status.CLOSED)),
        "replied": Count("pk", filter=REPLIED),
        "on_time": Count("pk", filter=REPLIED & Q(replied_on_time=True)),
        "judged": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
        **{f"result_{r.lower()}": Count("pk", filter=REPLIED & Q(result=r)) for r in RESULTS},
        "face_to_face": Count("pk", filter=REPLIED & Q(face_to_face=True)),
        "overdue": Count("pk", filter=overdue_q()),
        "key_supervised": Count("pk", filter=Q(key_supervision=True)),
    }


COUNT_FIELDS = tuple(_figures())  # the figures' names, in their order


def _top_categories(rows: list[dict], columns: list[str], parents: dict) -> list[dict]:
    """Sum the figures of each sub-category into its top-level category."""
    merged = {}
    for row in rows:
        top = parents.get(row["group_key"]) or row["group_key"]
        key = (top, *(row[c] for c in columns[1:]))
        if key in merged:
            for name in COUNT_FIELDS:
                merged[key][name] += row[name]
        else:
            merged[key] = {**row, "group_key": top}
    return sorted(
        merged.values(),
        key=lambda row: (row["group_key"] is None, row["group_key"] or 0, *(row[c] for c in columns[1:])),
    )


def _group_names(dimension: str, keys: set) -> dict:
    """Names for the group keys, in one query on the table the key points at."""
    from stations.models import Station

    tables = {"unit": HandlingUnit, "station": Station}
    if dimension in tables:
        return dict(tables[dimension].objects.filter(pk__in=keys).values_list("pk", "name"))
    if dimension == "region":
        return _region_names(keys)
    return {key: key for key in keys}


def _region_names(prefixes: set) -> dict:
    """Name each code prefix; "4200" under 湖北省 holds what was sent to the province itself (本级)."""
    codes = {prefix: region_code_of(prefix) for prefix in prefixes if prefix}
    names = dict(Region.objects.filter(code__in=set(codes.values())).values_list("code", "name"))
    labels = {}
    for prefix, code in codes.items():
        name = names.get(code, prefix)
        labels[prefix] = f"{name}（本级）" if region_prefix(code) != prefix else name
    return labels


def handling_totals(rows: list[dict]) -> dict:
    """The figures over all groups (every grouping partitions the suggestions), with their rates."""
    return _with_rates({name: sum(row[name] for row in rows) for name in COUNT_FIELDS})


def _expr(value):
    return F(value) if isinstance(value, str) else value


def _with_rates(row: dict) -> dict:
    row["closed_rate"] = _ratio(row["closed"], row["registered"])
    row["on_time_rate"] = _ratio(row["on_time"], row["replied"])
    row["satisfaction_rate"] = _ratio(row["satisfied"], row["judged"])
    row["a_rate"] = _ratio(row["result_a"], row["replied"])
    row["face_to_face_rate"] = _ratio(row["face_to_face"], row["replied"])
    return row

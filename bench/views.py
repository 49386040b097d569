"""The limits of benchmarks 3 and 5: the same work with nothing but the ORM and JsonResponse."""

import json

from django.http import HttpResponseForbidden, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from liaison.models import CommitteeStaff, region_prefix
from stations.models import Visit
from suggestions.models import Suggestion

# The columns a list row of the API shows, as plain values.
LIST_VALUES = (
    "id", "tracking_code", "title", "content", "kind", "status", "category_id", "category__name", "congress_id",
    "congress__level", "region__code", "lead_deputy_id", "lead_deputy__name", "key_supervision", "source_station_id",
    "source_visit_id", "submitter_name", "submitter_phone", "submitted_at", "assign_due_on", "assigned_at", "due_on",
    "extended", "lead_unit_id", "lead_unit__name", "replied_at", "result", "replied_on_time", "face_to_face",
    "satisfaction", "closed_at", "decline_reason", "merged_into_id",
)  # fmt: skip


def _token(request) -> str:
    return request.headers.get("Authorization", "").removeprefix("Token ").strip()


def plain_suggestions(request):
    """Page 1 of the committee user's suggestions with the list filters: one token lookup, a count
    and one `.values()` query."""
    code = CommitteeStaff.objects.filter(user__auth_token__key=_token(request)).values_list("region__code", flat=True)
    code = code.first()
    if code is None:
        return HttpResponseForbidden()
    params = request.GET
    rows = Suggestion.objects.filter(region__code__startswith=region_prefix(code))
    if params.getlist("status"):
        rows = rows.filter(status__in=params.getlist("status"))
    if params.get("category"):
        category = int(params["category"])
        rows = rows.filter(category_id__in=_category_and_children(category))
    if params.get("region"):
        rows = rows.filter(region__code__startswith=region_prefix(params["region"]))
    size = int(params.get("page_size", 50))
    page = list(rows.order_by("-submitted_at", "-id").values(*LIST_VALUES)[:size])
    return JsonResponse({"count": rows.count(), "results": page}, json_dumps_params={"ensure_ascii": False})


def _category_and_children(category: int):
    from suggestions.models import Category

    return (
        Category.objects.filter(pk=category)
        .values("pk")
        .union(Category.objects.filter(parent_id=category).values("pk"))
    )


@csrf_exempt
def plain_visit_insert(request):
    """The same visit row the API logs, inserted with one token lookup and `Visit.objects.create`."""
    from rest_framework.authtoken.models import Token

    user_id = Token.objects.filter(key=_token(request)).values_list("user_id", flat=True).first()
    if user_id is None or request.method != "POST":
        return HttpResponseForbidden()
    data = json.loads(request.body)
    visit = Visit.objects.create(
        station_id=data["station"],
        channel=data["channel"],
        content=data["content"],
        visitor_name=data["visitor_name"],
        visitor_phone=data["visitor_phone"],
        visited_at=timezone.now(),
        created_by_id=user_id,
    )
    return JsonResponse({"id": visit.pk}, status=201)

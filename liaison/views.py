import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views import defaults

from liaison import exports, selectors, services
from liaison.apps_ui import panel_templates
from liaison.filtersets import DeputyFilterSet
from liaison.forms import PeriodForm
from liaison.middleware import is_database_outage
from liaison.ratelimits import login_attempt
from liaison.scoping import scope_for
from liaison.xlsx import xlsx_response


@login_required
def home(request):
    """Each role's start page: a panel per role the user holds, filled by the apps."""
    panels = panel_templates(scope_for(request.user).roles)
    return render(request, "liaison/home.html", {"panels": panels})


@login_required
def deputy_list(request):
    scope = scope_for(request.user)
    filterset = DeputyFilterSet(request.GET, queryset=selectors.deputy_list(scope=scope))
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    return render(request, "liaison/deputy_list.html", {"filter": filterset, "page": page})


@login_required
def inbox(request):
    """The user's notifications; opening the page marks them read."""
    page = Paginator(selectors.notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page if n.read_at is None]
    response = render(request, "liaison/inbox.html", {"page": page, "unread_ids": set(unread_ids)})
    services.notification_mark_read(user=request.user, notification_ids=unread_ids)
    return response


DUTY_GROUPINGS = {"group": "代表小组", "station": "站点", "level": "层级"}


def _duty_period(request):
    scope = scope_for(request.user)
    if not (scope.is_admin or scope.is_committee or scope.deputy_id):
        raise PermissionDenied
    return scope, PeriodForm(request.GET, scope=scope)


@login_required
def duty_records(request):
    """履职档案: committee staff see the deputies of their region with the figures summed per group,
    station and level; a deputy is sent to their own record."""
    scope, form = _duty_period(request)
    if not (scope.is_admin or scope.is_committee):
        query = f"?{urlencode(request.GET)}" if request.GET else ""
        return redirect(reverse("duty-record", args=[scope.deputy_id]) + query)
    group_by = request.GET.get("group_by", "group")
    if group_by not in DUTY_GROUPINGS:
        group_by = "group"
    context = {"form": form, "group_by": group_by, "groupings": DUTY_GROUPINGS, "figures": selectors.DUTY_FIGURES}
    if not form.is_valid():
        return render(request, "liaison/duty_records.html", context, status=400)
    period = form.period
    arguments = {"scope": scope, "start": period.start, "end": period.end, "region_prefix": period.region_prefix}
    context.update(
        period=period,
        page=Paginator(selectors.duty_records(**arguments), 30).get_page(request.GET.get("page")),
        totals=selectors.duty_totals(group_by=group_by, **arguments),
    )
    return render(request, "liaison/duty_records.html", context)


@login_required
def duty_record(request, pk):
    """One deputy's duty record for a period: their own, or one of the region's for committee staff."""
    scope, form = _duty_period(request)
    context = {"form": form, "figures": selectors.DUTY_FIGURES}
    if not form.is_valid():
        return render(request, "liaison/duty_record.html", context, status=400)
    period = form.period
    deputy = selectors.duty_records(scope=scope, start=period.start, end=period.end).filter(pk=pk).first()
    if deputy is None:
        raise Http404("未找到该代表的履职档案")
    dates = {"submitted_after": period.start.isoformat(), "submitted_before": period.end.isoformat()}
    context.update(
        period=period,
        deputy=deputy,
        suggestions_url=f"{reverse('suggestions:list')}?{urlencode({'deputy': pk, **dates})}",
        visits_url=f"{reverse('stations:visit-list')}?"
        + urlencode({"deputy": pk, "date_from": period.start.isoformat(), "date_to": period.end.isoformat()}),
    )
    return render(request, "liaison/duty_record.html", context)


@login_required
def duty_records_export(request):
    """The duty records of the period and region as .xlsx (a deputy gets their own)."""
    scope, form = _duty_period(request)
    if not form.is_valid():
        return render(request, "liaison/duty_records.html", {"form": form}, status=400)
    period = form.period
    arguments = {"scope": scope, "start": period.start, "end": period.end, "region_prefix": period.region_prefix}
    totals = {}
    if scope.is_admin or scope.is_committee:
        totals = {key: selectors.duty_totals(group_by=key, **arguments) for key in DUTY_GROUPINGS}
    content = exports.duty_records_xlsx(selectors.duty_records(**arguments), totals, period)
    return xlsx_response(content, f"代表履职档案_{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")


# --- answers for refused and failed requests -------------------------------------------------

UNAVAILABLE_MESSAGE = "系统暂时无法访问数据库，您的操作没有保存，请稍后重试。"
RATE_LIMITED_MESSAGE = "操作过于频繁，请稍后再试。"


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def service_unavailable(request):
    """503 while the database is unreachable: JSON for the API, a page in Chinese otherwise.
    Rendered without touching the database (no user, no session, no context processors)."""
    if _wants_json(request):
        response = JsonResponse({"detail": UNAVAILABLE_MESSAGE}, status=503)
    else:
        html = render_to_string("503.html", {"message": UNAVAILABLE_MESSAGE})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    """handler500: a database outage outside a view (session, user lookup) is still a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request)


def rate_limited(request, exception=None):
    """RATELIMIT_VIEW: a page or API call refused by django-ratelimit."""
    if _wants_json(request):
        return JsonResponse({"detail": RATE_LIMITED_MESSAGE}, status=429)
    return render(request, "429.html", {"message": RATE_LIMITED_MESSAGE}, status=429)


@method_decorator(login_attempt, name="post")
class LoginView(auth_views.LoginView):
    """Django's login page, with a per-address limit on attempts (django-axes locks usernames)."""

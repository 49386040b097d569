import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.views import defaults

from liaison import selectors, services
from liaison.apps_ui import panel_templates
from liaison.filtersets import DeputyFilterSet
from liaison.middleware import is_database_outage
from liaison.ratelimits import login_attempt
from liaison.scoping import scope_for


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

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from liaison import selectors, services
from liaison.apps_ui import panel_templates
from liaison.filtersets import DeputyFilterSet
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

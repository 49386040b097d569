from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from liaison import selectors
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

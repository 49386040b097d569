"""Pages for every role in the suggestion workflow, and the public opinion and tracking pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from liaison import access
from liaison.errors import DomainError, NotPermitted
from liaison.forms import PeriodForm
from liaison.models import Deputy
from liaison.ratelimits import public_page
from liaison.scoping import scope_for
from liaison.xlsx import xlsx_response
from suggestions import dashboards, exports, forms, selectors, services
from suggestions.filtersets import SuggestionFilterSet
from suggestions.models import Assignment, Status, Suggestion
from suggestions.public import tracking_view

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def suggestion_list(request):
    """Every suggestion the user may see, with the shared filters."""
    scope = scope_for(request.user)
    filterset = SuggestionFilterSet(request.GET, queryset=selectors.suggestion_list(scope=scope))
    return render(request, "suggestions/list.html", {"filter": filterset, "page": _page(request, filterset.qs)})


@login_required
def submit(request):
    """A deputy writes a suggestion; similar ones are shown while typing so duplicates can be joined."""
    scope = scope_for(request.user)
    if not scope.deputy_id:
        raise PermissionDenied
    deputy = Deputy.objects.get(pk=scope.deputy_id)
    form = forms.SubmitForm(request.POST or None, request.FILES or None, deputy=deputy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.suggestion_submit(
                actor=request.user,
                title=data["title"],
                content=data["content"],
                category=data["category"],
                congress=data["congress"],
                co_signers=data["co_signers"],
                files=data["files"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"建议已提交，查询码 {suggestion.tracking_code}")
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(request, "suggestions/submit.html", {"form": form})


@login_required
def similar(request):
    """An htmx fragment: suggestions similar to the text being typed (or to one suggestion)."""
    scope = scope_for(request.user)
    text = request.GET.get("text", "") or " ".join(request.GET.get(k, "") for k in ("title", "content"))
    exclude = request.GET.get("exclude")
    found = selectors.similar_suggestions(scope=scope, text=text, exclude_pk=int(exclude) if exclude else None)
    return render(request, "suggestions/_similar.html", {"similar": found})


ACTIONS = {
    # name: (form class or None, service)
    "assign": (forms.AssignForm, services.suggestion_assign),
    "decline": (forms.DeclineForm, services.suggestion_decline),
    "key": (forms.KeyForm, services.suggestion_set_key),
    "extend": (forms.ExtendForm, services.suggestion_extend),
    "merge": (forms.MergeForm, services.suggestion_merge),
    "accept": (None, services.suggestion_accept),
    "return": (forms.ReasonForm, services.suggestion_return),
    "co_view": (forms.CoViewForm, services.suggestion_co_view),
    "reply": (forms.ReplyForm, services.suggestion_reply),
    "judge": (forms.JudgeForm, services.suggestion_judge),
    "withdraw": (forms.WithdrawForm, services.suggestion_withdraw),
}


def _visible(request, pk) -> Suggestion:
    try:
        return selectors.suggestion_detail(scope=scope_for(request.user), pk=pk)
    except Suggestion.DoesNotExist:
        raise Http404 from None


def _available_actions(suggestion: Suggestion, user) -> list[str]:
    """The forms to show this user: those of their role whose transition the status allows."""
    scope = scope_for(user)
    status = suggestion.status
    actions = []
    if services.acts_for_committee(user, suggestion):
        if status in (Status.SUBMITTED, Status.ASSIGNED):
            actions += ["assign", "merge"]
        if status == Status.SUBMITTED:
            actions.append("decline")
        if status in (Status.ASSIGNED, Status.HANDLING):
            actions.append("extend")
        actions.append("key")
    mine = [a for a in suggestion.assignments.all() if a.active and (scope.is_admin or a.unit_id in scope.units)]
    for assignment in mine:
        if not assignment.accepted_at and status in (Status.ASSIGNED, Status.HANDLING):
            actions.append("accept")
        if status in (Status.ASSIGNED, Status.HANDLING):
            actions.append(
                "reply" if assignment.role == Assignment.Role.LEAD and status == Status.HANDLING else "co_view"
            )
            if services.may_still_return(assignment):
                actions.append("return")
    if status == Status.REPLIED and scope.deputy_id in {d.pk for d in services.judging_deputies(suggestion)}:
        actions.append("judge")
    if status in (Status.SUBMITTED, Status.ASSIGNED, Status.HANDLING) and suggestion.lead_deputy_id == scope.deputy_id:
        actions.append("withdraw")
    return [a for a in dict.fromkeys(actions) if not (a == "co_view" and "reply" in actions)]


def _action_forms(suggestion, user, bound=None):
    """The forms of the actions the user may take; a refused one is shown again with its error."""
    forms_by_action = {}
    names = _available_actions(suggestion, user)
    if bound and bound[0] not in names:
        names.append(bound[0])
    for name in names:
        form_class = ACTIONS[name][0]
        if bound and bound[0] == name:
            forms_by_action[name] = bound[1]
        elif form_class is forms.KeyForm:
            forms_by_action[name] = form_class(initial={"key": not suggestion.key_supervision})
        else:
            forms_by_action[name] = form_class() if form_class else None
    return forms_by_action


@login_required
def detail(request, pk, bound=None):
    """One suggestion: its facts, the whole chain of steps, the replies, and what the user may do."""
    suggestion = _visible(request, pk)
    scope = scope_for(request.user)
    show_submitter = scope.is_admin or suggestion.source_station_id in scope.stations
    if show_submitter and suggestion.kind == "public" and (suggestion.submitter_name or suggestion.submitter_phone):
        access.note("suggestion", suggestion.pk)
    context = {
        "suggestion": suggestion,
        "action_forms": _action_forms(suggestion, request.user, bound),
        "judging": services.judging_deputies(suggestion),
        "show_submitter": show_submitter,
        "similar": selectors.similar_suggestions(
            scope=scope, text=f"{suggestion.title} {suggestion.content}", exclude_pk=suggestion.pk
        )
        if suggestion.status in (Status.SUBMITTED, Status.ASSIGNED) and scope.is_committee
        else [],
    }
    return render(request, "suggestions/detail.html", context, status=400 if bound else 200)


def _service_arguments(name: str, data: dict, request) -> dict:
    if name == "assign":
        return {"lead_unit": data["lead_unit"], "co_units": data["co_units"], "due_on": data["due_on"]}
    if name == "merge":
        target = selectors.suggestion_list(scope=scope_for(request.user)).filter(pk=data["into"]).first()
        if target is None:
            raise DomainError("未找到要并入的建议", field="into")
        return {"into": target}
    return data


@login_required
@require_POST
def act(request, pk, name):
    """Run one workflow step from its form; a refusal re-shows the page with the typed text kept."""
    if name not in ACTIONS:
        raise Http404
    suggestion = _visible(request, pk)
    form_class, service = ACTIONS[name]
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        return detail(request, pk, bound=(name, form))
    data = form.cleaned_data if form else {}
    try:
        service(suggestion_id=suggestion.pk, actor=request.user, **_service_arguments(name, data, request))
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("suggestions:detail", pk=pk)
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return detail(request, pk, bound=(name, form))
    messages.success(request, "操作成功")
    return redirect("suggestions:detail", pk=pk)


@login_required
def unit_inbox(request):
    """A unit's work in four tabs: to accept, handling, due within 7 days, overdue."""
    scope = scope_for(request.user)
    if not (scope.units or scope.is_admin):
        raise PermissionDenied
    bucket = request.GET.get("tab", "assigned")
    if bucket not in selectors.INBOX_BUCKETS:
        bucket = "assigned"
    counts = {name: selectors.unit_inbox(scope=scope, bucket=name).count() for name in selectors.INBOX_BUCKETS}
    page = _page(request, selectors.unit_inbox(scope=scope, bucket=bucket))
    return render(request, "suggestions/unit_inbox.html", {"page": page, "tab": bucket, "counts": counts})


@login_required
def triage(request):
    """The committee's queue of suggestions that no routing rule assigned, with the suggested unit."""
    scope = scope_for(request.user)
    if not (scope.is_committee or scope.is_admin):
        raise PermissionDenied
    page = _page(request, selectors.triage_queue(scope=scope))
    rows = selectors.with_suggested_units(page)
    return render(request, "suggestions/triage.html", {"page": page, "rows": rows})


@login_required
def key_list(request):
    scope = scope_for(request.user)
    if not (scope.is_committee or scope.is_admin):
        raise PermissionDenied
    suggestions = selectors.suggestion_list(scope=scope).filter(key_supervision=True).order_by("due_on", "pk")
    return render(request, "suggestions/key_list.html", {"page": _page(request, suggestions)})


@login_required
@require_POST
def from_visit(request, visit_id):
    """The "转为意见建议" button on a visit."""
    try:
        suggestion = services.suggestion_from_visit(actor=request.user, visit_id=visit_id)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(request.POST.get("next") or "stations:day")
    messages.success(request, f"已转为意见建议，查询码 {suggestion.tracking_code}")
    return redirect("suggestions:detail", pk=suggestion.pk)


@public_page
@ratelimit(key="ip", rate="10/h", method="POST", block=False)
def public_opinion(request):
    """The public's opinion form for a station or a deputy; answers with a tracking code."""
    from stations.models import Station

    station = get_object_or_404(Station, pk=request.GET["station"]) if request.GET.get("station") else None
    deputy = get_object_or_404(Deputy, public_id=request.GET["deputy"]) if request.GET.get("deputy") else None
    if station is None and deputy is None:
        raise Http404
    form = forms.PublicOpinionForm(request.POST or None)
    limited = request.method == "POST" and getattr(request, "limited", False)
    if limited:
        form.add_error(None, "提交过于频繁，请稍后再试")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.suggestion_submit_public(
                content=data["content"], name=data["name"], phone=data["phone"], station=station, deputy=deputy
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "suggestions/public/thanks.html", {"code": suggestion.tracking_code})
    context = {"form": form, "station": station, "deputy": deputy}
    return render(request, "suggestions/public/opinion.html", context, status=429 if limited else 200)


@public_page
@ratelimit(key="ip", rate="60/h", block=False)
def track(request, code=None):
    """Progress by tracking code: status and dates only, no personal data and no content."""
    code = code or request.GET.get("code", "").strip()
    form = forms.TrackForm(initial={"code": code})
    progress = None
    if code and not getattr(request, "limited", False):
        try:
            progress = tracking_view(code)
        except Http404:
            messages.error(request, "未找到该查询码，请核对后重试")
    elif code:
        messages.error(request, "查询过于频繁，请稍后再试")
    return render(request, "suggestions/public/track.html", {"form": form, "progress": progress})


def _committee_scope(request):
    scope = scope_for(request.user)
    if not (scope.is_committee or scope.is_admin):
        raise PermissionDenied
    return scope


@login_required
def dashboard(request):
    """Handling rates per unit, category, level, region, month or station for a period and region,
    with a chart; every number links to the list behind it."""
    scope = _committee_scope(request)
    form = PeriodForm(request.GET, scope=scope)
    group_by = request.GET.get("group_by", "unit")
    if group_by not in selectors.GROUP_BY_LABELS:
        group_by = "unit"
    context = {"form": form, "group_by": group_by, "groupings": selectors.GROUP_BY_LABELS}
    if not form.is_valid():
        return render(request, "suggestions/dashboard.html", context, status=400)
    period = form.period
    rows = selectors.handling_rates(
        scope=scope, group_by=group_by, start=period.start, end=period.end, region=period.region_prefix or None
    )
    context.update(
        period=period,
        columns=dashboards.COLUMNS,
        rows=dashboards.table(rows, group_by, period),
        totals=dashboards.totals(selectors.handling_totals(rows), period),
        chart=dashboards.chart(rows, group_by),
    )
    return render(request, "suggestions/dashboard.html", context)


EXPORTS = {
    "units": ("unit", exports.units_xlsx, "承办单位办理情况统计表"),
    "categories": ("category", exports.categories_xlsx, "代表建议分类统计表"),
}


@login_required
def dashboard_export(request, table):
    """承办单位办理情况统计表 or 代表建议分类统计表 for the dashboard's period and region, as .xlsx."""
    scope = _committee_scope(request)
    if table not in EXPORTS:
        raise Http404
    form = PeriodForm(request.GET, scope=scope)
    if not form.is_valid():
        return render(request, "suggestions/dashboard.html", {"form": form}, status=400)
    group_by, build, title = EXPORTS[table]
    period = form.period
    rows = selectors.handling_rates(
        scope=scope, group_by=group_by, start=period.start, end=period.end, region=period.region_prefix or None
    )
    filename = f"{title}_{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return xlsx_response(build(rows, period), filename)

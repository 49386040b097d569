"""Pages: the station staff's day, visit corrections and list, the committee's coverage page,
and the public station finder, station page and deputy page (no login)."""

import calendar
from datetime import date, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from liaison import access
from liaison.errors import DomainError
from liaison.forms import PeriodForm
from liaison.models import Deputy, Mandate, Region
from liaison.ratelimits import public_page
from liaison.scoping import scope_for
from stations import dashboards, selectors, services
from stations.filtersets import StationFilterSet, VisitFilterSet
from stations.forms import VisitEditForm, VisitLogForm, VisitPhotoForm
from stations.models import ReceptionSchedule, Station, Visit


def _own_station(request) -> Station:
    """The station the staff member works at (`?station=` picks one when they have several)."""
    stations = scope_for(request.user).stations
    if not stations:
        raise PermissionDenied("只有站点工作人员可以登记来访")
    wanted = request.GET.get("station", "")
    station_id = int(wanted) if wanted.isdigit() and int(wanted) in stations else stations[0]
    return Station.objects.select_related("region").get(pk=station_id)


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def station_day(request):
    """One short form to log a visit, then the day's list."""
    station = _own_station(request)
    scope = scope_for(request.user)
    deputies = selectors.deputies_for_logging(station=station)
    form = VisitLogForm(
        request.POST or None,
        request.FILES or None,
        deputies=deputies,
        on_duty=[d.pk for d in selectors.deputies_on_duty(station=station)],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            services.visit_log(actor=request.user, station=station, photos=[photo] if photo else [], **data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, "来访已登记")
            return redirect(f"{reverse('stations:day')}?{urlencode({'station': station.pk})}")
    visits = list(selectors.visits_today(scope=scope, station=station))
    access.note("visit", *(v.pk for v in visits if v.visitor_name or v.visitor_phone))  # the cards show them whole
    context = {
        "station": station,
        "stations": Station.objects.filter(pk__in=scope.stations),
        "form": form,
        "visits": visits,
        "today": timezone.localdate(),
    }
    return render(request, "stations/day.html", context)


def _visible_visit_or_404(scope, pk):
    try:
        return selectors.visit_for_edit(scope=scope, pk=pk)
    except Visit.DoesNotExist as missing:
        raise Http404("未找到该来访记录") from missing


@login_required
def visit_edit(request, pk):
    """Correct a visit of one's own station on the day it was logged, and add photos."""
    scope = scope_for(request.user)
    visit = _visible_visit_or_404(scope, pk)
    deputies = Deputy.objects.filter(
        Q(pk__in=selectors.deputies_for_logging(station=visit.station)) | Q(visits=visit)
    ).distinct()
    form = VisitEditForm(deputies=deputies, visit=visit)
    photo_form = VisitPhotoForm()
    if request.method == "POST" and "image" in request.FILES:
        photo_form = VisitPhotoForm(request.POST, request.FILES)
        if photo_form.is_valid():
            try:
                services.visit_photo_add(visit_id=visit.pk, actor=request.user, image=photo_form.cleaned_data["image"])
            except DomainError as error:
                photo_form.add_error(None, error.message)
            else:
                messages.success(request, "照片已上传")
                return redirect("stations:visit-edit", pk=visit.pk)
    elif request.method == "POST":
        form = VisitEditForm(request.POST, deputies=deputies, visit=visit)
        if form.is_valid():
            try:
                services.visit_update(visit_id=visit.pk, actor=request.user, **form.changes())
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "修改已保存" if form.has_changed() else "没有修改")
                return redirect(f"{reverse('stations:day')}?{urlencode({'station': visit.station_id})}")
    if visit.visitor_name or visit.visitor_phone:
        access.note("visit", visit.pk)  # the form shows them whole
    context = {
        "visit": visit,
        "form": form,
        "photo_form": photo_form,
        "editable": timezone.localdate(visit.created_at) == timezone.localdate(),
    }
    return render(request, "stations/visit_edit.html", context)


@login_required
def visit_list(request):
    """Visits the user may see, filtered; visitor data masked except for the station's own staff."""
    scope = scope_for(request.user)
    filterset = VisitFilterSet(request.GET, queryset=selectors.visit_list(scope=scope))
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    rows = [(visit, *selectors.visitor_shown(scope, visit)) for visit in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "stations": selectors.station_choices(scope=scope),
        "export_query": query.urlencode(),
    }
    return render(request, "stations/visit_list.html", context)


@login_required
def coverage(request):
    """两个全覆盖: what is not yet covered in the committee's region."""
    scope = scope_for(request.user)
    if not (scope.is_committee or scope.is_admin):
        raise PermissionDenied("只有代表工作机构可以查看覆盖情况")
    return render(request, "stations/coverage.html", {"coverage": selectors.coverage(scope=scope)})


@login_required
def figures(request):
    """Station figures for a period and region: visits per station and channel, the share turned into
    suggestions, and coverage (两个全覆盖); a table with a chart."""
    scope = scope_for(request.user)
    if not (scope.is_committee or scope.is_admin):
        raise PermissionDenied("只有代表工作机构可以查看站点统计")
    form = PeriodForm(request.GET, scope=scope)
    if not form.is_valid():
        return render(request, "stations/figures.html", {"form": form}, status=400)
    period = form.period
    arguments = {"scope": scope, "start": period.start, "end": period.end, "region_prefix": period.region_prefix}
    page = Paginator(selectors.station_figures(**arguments), 30).get_page(request.GET.get("page"))
    rows = dashboards.table(page, period)
    totals = selectors.visit_totals(**arguments)
    context = {
        "form": form,
        "period": period,
        "page": page,
        "channel_totals": dashboards.channel_totals(totals, period),
        "rows": rows,
        "channels": dashboards.CHANNELS,
        "totals": totals,
        "all_visits_url": dashboards.visits_url(period),
        "coverage": selectors.coverage(scope=scope, region_prefix=period.region_prefix),
        "chart": dashboards.chart(rows),
    }
    return render(request, "stations/figures.html", context)


# --- public pages (no login, no personal data) ------------------------------------------------


@public_page
def public_station_list(request):
    """Find a station by region and name."""
    filterset = StationFilterSet(request.GET, queryset=selectors.station_public_list())
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    regions = Region.objects.filter(level__in=[Region.Level.CITY, Region.Level.COUNTY]).order_by("code")
    return render(request, "stations/public/station_list.html", {"filter": filterset, "page": page, "regions": regions})


def _month_from(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


def _calendar_weeks(month: date, schedules) -> list[list[tuple[date, list[ReceptionSchedule]]]]:
    by_day: dict[date, list[ReceptionSchedule]] = {}
    for schedule in schedules:
        by_day.setdefault(schedule.date, []).append(schedule)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [[(day, by_day.get(day, [])) for day in week] for week in weeks]


@public_page
def public_station(request, pk):
    """A station's address, hours, deputies, coming reception days and calendar."""
    try:
        station = selectors.station_public(pk=pk)
    except Station.DoesNotExist as missing:
        raise Http404("未找到该站点") from missing
    month = _month_from(request.GET.get("month", ""))
    next_month = (month + timedelta(days=32)).replace(day=1)
    month_schedules = station.schedules.filter(date__gte=month, date__lt=next_month).prefetch_related("deputies")
    context = {
        "station": station,
        "upcoming": selectors.schedules_upcoming(station=station)[:8],
        "month": month,
        "previous_month": (month - timedelta(days=1)).replace(day=1),
        "next_month": next_month,
        "weeks": _calendar_weeks(month, month_schedules),
        "today": timezone.localdate(),
    }
    return render(request, "stations/public/station.html", context)


@public_page
def public_deputy(request, public_id):
    """亮码、亮身份、亮信息: a deputy's levels, stations and duty days, with a QR code to this page."""
    deputy = get_object_or_404(Deputy, public_id=public_id)
    mandates = deputy.mandates.filter(status=Mandate.Status.SERVING).select_related("term__congress")
    assignments = deputy.station_assignments.filter(selectors.current_assignments()).select_related("station")
    today = timezone.localdate()
    duty_days = (
        ReceptionSchedule.objects.filter(deputies=deputy, date__range=(today, today + timedelta(days=60)))
        .select_related("station")
        .order_by("date", "starts_at")
    )
    page_url = request.build_absolute_uri(reverse("stations:public-deputy", args=[deputy.public_id]))
    qr_svg = segno.make(page_url, error="m").svg_inline(scale=4, dark="#222", title="扫码访问代表主页")
    context = {
        "deputy": deputy,
        "mandates": mandates,
        "assignments": assignments,
        "duty_days": duty_days,
        "qr_svg": qr_svg,
        "page_url": page_url,
    }
    return render(request, "stations/public/deputy.html", context)

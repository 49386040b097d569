"""FilterSets for stations, reception days and visits, shared by the pages and the API."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from liaison.filtersets import IntegerFilter
from liaison.models import region_prefix
from liaison.periods import local_day_start
from stations.models import ReceptionSchedule, Station, Visit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=Station.Kind.choices)
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_region")
    stars = IntegerFilter(label="星级")
    platform = django_filters.CharFilter(label="共建平台代码", method="filter_platform")
    search = django_filters.CharFilter(label="名称或地址", method="filter_search")

    class Meta:
        model = Station
        fields = ["kind", "region", "stars", "platform", "search"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=region_prefix(value))

    def filter_platform(self, queryset, name, value):
        hosts = Station.platforms.through.objects.filter(station=OuterRef("pk"), platform__code=value)
        return queryset.filter(Exists(hosts))

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))


class ScheduleFilterSet(django_filters.FilterSet):
    station = IntegerFilter(label="站点")
    date_from = django_filters.DateFilter(label="起始日期", field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label="截止日期", field_name="date", lookup_expr="lte")
    deputy = IntegerFilter(label="值班代表", method="filter_deputy")

    class Meta:
        model = ReceptionSchedule
        fields = ["station", "date_from", "date_to", "deputy"]

    def filter_deputy(self, queryset, name, value):
        on_duty = ReceptionSchedule.deputies.through.objects.filter(receptionschedule=OuterRef("pk"), deputy=value)
        return queryset.filter(Exists(on_duty))


class VisitFilterSet(django_filters.FilterSet):
    """Dates are whole local days (Asia/Shanghai): `date_to=2024-09-05` includes that day."""

    station = IntegerFilter(label="站点")
    date_from = django_filters.DateFilter(label="起始日期", method="filter_date_from", widget=DATE_WIDGET)
    date_to = django_filters.DateFilter(label="截止日期", method="filter_date_to", widget=DATE_WIDGET)
    channel = django_filters.ChoiceFilter(label="渠道", choices=Visit.Channel.choices, empty_label="全部渠道")
    outcome = django_filters.ChoiceFilter(label="处理方式", choices=Visit.Outcome.choices, empty_label="全部处理方式")
    category = IntegerFilter(label="分类（含下级）", method="filter_category")
    deputy = IntegerFilter(label="接待代表", method="filter_deputy")
    search = django_filters.CharFilter(label="内容关键词", field_name="content", lookup_expr="icontains")

    class Meta:
        model = Visit
        fields = ["station", "date_from", "date_to", "channel", "outcome", "category", "deputy", "search"]

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(visited_at__gte=local_day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(visited_at__lt=local_day_start(value + timedelta(days=1)))

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category_id=value) | Q(category__parent_id=value))

    def filter_deputy(self, queryset, name, value):
        present = Visit.deputies.through.objects.filter(visit=OuterRef("pk"), deputy_id=value)
        return queryset.filter(Exists(present))

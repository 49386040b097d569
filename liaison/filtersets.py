"""FilterSets for people and organisation, shared by the staff pages and the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from liaison.models import Congress, Deputy, DeputyGroup, Level, Mandate, Region, region_prefix


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """An id or count: a whole number within the database's integer range, so `?station=1.5` or
    `?station=10**30` is a readable 400 instead of a database overflow (a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -(2**63) + 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class ChoicesInFilter(django_filters.MultipleChoiceFilter):
    """`?status=a&status=b` as one `status IN (a, b)`. django-filter ORs one equality per value, which
    PostgreSQL applies as a filter after the index scan instead of inside it (bench: list page)."""

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class RegionFilterSet(django_filters.FilterSet):
    under = django_filters.CharFilter(label="区划代码（含下级）", method="filter_under")
    level = django_filters.ChoiceFilter(label="层级", choices=Region.Level.choices)
    parent = django_filters.CharFilter(label="上级区划代码", field_name="parent__code")

    class Meta:
        model = Region
        fields = ["under", "level", "parent"]

    def filter_under(self, queryset, name, value):
        return queryset.filter(code__startswith=region_prefix(value))


class CongressFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label="级别", choices=Level.choices)
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_region")

    class Meta:
        model = Congress
        fields = ["level", "region"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=region_prefix(value))


class DeputyFilterSet(django_filters.FilterSet):
    """level, region, congress and serving apply to the same mandate: `level=county&region=420103`
    means a county-level seat in 江汉区, not any county seat plus any seat in 江汉区."""

    level = django_filters.ChoiceFilter(label="代表层级", choices=Level.choices, method="filter_mandate")
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_mandate")
    congress = IntegerFilter(label="人大", method="filter_mandate")
    serving = django_filters.BooleanFilter(label="在任", method="filter_mandate")
    group = IntegerFilter(label="代表小组", field_name="memberships__group", distinct=False)
    sector = django_filters.ChoiceFilter(label="职业构成", choices=Deputy.Sector.choices)
    gender = django_filters.ChoiceFilter(label="性别", choices=Deputy.Gender.choices)

    class Meta:
        model = Deputy
        fields = ["level", "region", "congress", "serving", "group", "sector", "gender"]

    def filter_mandate(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        mandate = {}
        if data.get("level"):
            mandate["term__congress__level"] = data["level"]
        if data.get("region"):
            mandate["region__code__startswith"] = region_prefix(data["region"])
        if data.get("congress"):
            mandate["term__congress_id"] = data["congress"]
        if data.get("serving") is not None:
            serving = Exists(Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING))
            queryset = queryset.filter(serving if data["serving"] else ~serving)
        if mandate:
            queryset = queryset.filter(Exists(Mandate.objects.filter(deputy=OuterRef("pk"), **mandate)))
        return queryset


class DeputyGroupFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=DeputyGroup.Kind.choices)
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_region")
    member = IntegerFilter(label="成员代表", field_name="memberships__deputy", distinct=False)

    class Meta:
        model = DeputyGroup
        fields = ["kind", "region", "member"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=region_prefix(value))

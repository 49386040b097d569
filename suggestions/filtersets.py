"""FilterSets for suggestions, units and categories, shared by the staff pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from liaison.filtersets import ChoicesInFilter, IntegerFilter
from liaison.models import Level, region_prefix
from suggestions.models import Assignment, Category, HandlingUnit, Satisfaction, Status, Suggestion
from suggestions.selectors import overdue_q

# The dashboards' groups of suggestions that have no unit, category or station ("未交办", "未分类" …).
WITHOUT_CHOICES = [("unit", "未交办主办单位"), ("category", "未分类"), ("station", "非站点来源")]
_WITHOUT_FIELDS = {"unit": "lead_unit", "category": "category", "station": "source_station"}


class SuggestionFilterSet(django_filters.FilterSet):
    status = ChoicesInFilter(label="状态", choices=Status.choices)
    kind = django_filters.ChoiceFilter(label="类型", choices=Suggestion.Kind.choices)
    category = IntegerFilter(label="分类（含下级）", method="filter_category")
    unit = IntegerFilter(label="承办单位", method="filter_unit")
    lead_unit = IntegerFilter(label="主办单位", field_name="lead_unit")
    level = django_filters.ChoiceFilter(label="人大层级", choices=Level.choices, field_name="congress__level")
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_region")
    deputy = IntegerFilter(label="代表", method="filter_deputy")
    station = IntegerFilter(label="来源站点", field_name="source_station")
    key = django_filters.BooleanFilter(label="重点督办", field_name="key_supervision")
    overdue = django_filters.BooleanFilter(label="已逾期", method="filter_overdue")
    result = django_filters.ChoiceFilter(label="办理结果", choices=[(r, r) for r in "ABCD"])
    submitted = django_filters.DateFromToRangeFilter(label="提交日期", field_name="submitted_at__date")
    due = django_filters.DateFromToRangeFilter(label="答复期限", field_name="due_on")
    replied = django_filters.DateFromToRangeFilter(label="答复日期", field_name="replied_at__date")
    has_reply = django_filters.BooleanFilter(
        label="已答复", field_name="replied_at", lookup_expr="isnull", exclude=True
    )
    on_time = django_filters.BooleanFilter(label="按期答复", field_name="replied_on_time")
    face_to_face = django_filters.BooleanFilter(label="当面答复", field_name="face_to_face")
    satisfaction = ChoicesInFilter(label="代表评价", choices=Satisfaction.choices)
    without = django_filters.ChoiceFilter(label="缺少", choices=WITHOUT_CHOICES, method="filter_without")

    class Meta:
        model = Suggestion
        fields = [
            "status",
            "kind",
            "category",
            "unit",
            "level",
            "region",
            "deputy",
            "station",
            "key",
            "overdue",
            "result",
            "lead_unit",
            "has_reply",
            "on_time",
            "face_to_face",
            "satisfaction",
            "without",
        ]

    def filter_category(self, queryset, name, value):
        # `category_id IN (the category and its children)`, the ids read first: the suggestion index on
        # (category, status, region) serves it, and PostgreSQL plans the page's joins without a subquery
        # among them (bench: list page of 50; planning took longer than running the page).
        ids = list(Category.objects.filter(Q(pk=value) | Q(parent_id=value)).values_list("pk", flat=True))
        return queryset.filter(category_id__in=ids)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Exists(Assignment.objects.filter(suggestion_id=OuterRef("pk"), unit_id=value)))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=region_prefix(value))

    def filter_deputy(self, queryset, name, value):
        cosigned = Suggestion.co_signers.through.objects.filter(suggestion_id=OuterRef("pk"), deputy_id=value)
        return queryset.filter(Q(lead_deputy_id=value) | Q(Exists(cosigned)))

    def filter_overdue(self, queryset, name, value):
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue if value else ~overdue)

    def filter_without(self, queryset, name, value):
        return queryset.filter(**{f"{_WITHOUT_FIELDS[value]}__isnull": True})


class HandlingUnitFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=HandlingUnit.Kind.choices)
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_region")

    class Meta:
        model = HandlingUnit
        fields = ["kind", "region", "congress"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=region_prefix(value))


class CategoryFilterSet(django_filters.FilterSet):
    top = django_filters.BooleanFilter(label="仅一级分类", field_name="parent", lookup_expr="isnull")

    class Meta:
        model = Category
        fields = ["parent", "top"]

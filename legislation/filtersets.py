"""FilterSets for legislative consultation, shared by the staff pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from legislation.models import Consultation, ContactPoint, Draft, LegislatureLevel, Opinion
from liaison.filtersets import IntegerFilter
from liaison.models import region_prefix


class ContactPointFilterSet(django_filters.FilterSet):
    region = django_filters.CharFilter(label="区划代码（含下级）", method="filter_region")
    legislature_level = django_filters.ChoiceFilter(label="立法机关层级", choices=LegislatureLevel.choices)
    host_station = IntegerFilter(label="依托站点")

    class Meta:
        model = ContactPoint
        fields = ["region", "legislature_level", "host_station"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=region_prefix(value))


class DraftFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=Draft.Kind.choices)
    reading = django_filters.ChoiceFilter(label="审次", choices=Draft.Reading.choices)
    legislature_level = django_filters.ChoiceFilter(label="立法机关层级", choices=LegislatureLevel.choices)

    class Meta:
        model = Draft
        fields = ["kind", "reading", "legislature_level"]


class ConsultationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Consultation.Status.choices)
    draft = IntegerFilter(label="草案")
    contact_point = IntegerFilter(label="联系点", method="filter_contact_point")
    deadline_from = django_filters.DateFilter(label="截止日期起", field_name="deadline", lookup_expr="gte")
    deadline_to = django_filters.DateFilter(label="截止日期止", field_name="deadline", lookup_expr="lte")

    class Meta:
        model = Consultation
        fields = ["status", "draft", "contact_point", "deadline_from", "deadline_to"]

    def filter_contact_point(self, queryset, name, value):
        # Exists, not a join: a consultation sent to several contact points is listed once.
        sent_to = Consultation.contact_points.through.objects.filter(consultation=OuterRef("pk"), contactpoint=value)
        return queryset.filter(Exists(sent_to))


class OpinionFilterSet(django_filters.FilterSet):
    consultation = IntegerFilter(label="征求意见")
    draft = IntegerFilter(label="草案", field_name="consultation__draft")
    contact_point = IntegerFilter(label="联系点")
    article = IntegerFilter(label="条文")
    general = django_filters.BooleanFilter(
        label="总体意见（不针对具体条文）", field_name="article", lookup_expr="isnull"
    )
    submitter_kind = django_filters.ChoiceFilter(label="提出人类别", choices=Opinion.SubmitterKind.choices)
    channel = django_filters.ChoiceFilter(label="收集渠道", choices=Opinion.Channel.choices)
    outcome = django_filters.ChoiceFilter(
        label="采纳情况", choices=[*Opinion.Outcome.choices, ("pending", "未登记")], method="filter_outcome"
    )
    year = IntegerFilter(label="年度", field_name="submitted_on__year", min_value=1, max_value=9999)  # a date's range
    date_from = django_filters.DateFilter(label="提出日期起", field_name="submitted_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(label="提出日期止", field_name="submitted_on", lookup_expr="lte")
    merged = django_filters.BooleanFilter(
        label="已并入其他意见", field_name="merged_into", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Opinion
        fields = [
            "consultation",
            "draft",
            "contact_point",
            "article",
            "general",
            "submitter_kind",
            "channel",
            "outcome",
            "year",
            "date_from",
            "date_to",
            "merged",
        ]

    def filter_outcome(self, queryset, name, value):
        return queryset.filter(Q(outcome="") if value == "pending" else Q(outcome=value))

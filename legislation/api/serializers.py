"""Input shapes and representations; the services decide and write."""

from rest_framework import serializers

from legislation import selectors
from legislation.models import Article, Consultation, ContactPoint, Draft, InformationOfficer, Opinion
from liaison.scoping import scope_for


def _scope(serializer):
    return scope_for(serializer.context["request"].user)


class OfficerSerializer(serializers.ModelSerializer):
    """An information officer; the phone is whole only for admins and the contact point's own staff."""

    deputy_name = serializers.CharField(source="deputy.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = InformationOfficer
        fields = ["id", "name", "phone", "organisation", "deputy", "deputy_name", "active_from", "active_until"]

    def to_representation(self, officer):
        data = super().to_representation(officer)
        data["phone"] = selectors.officer_phone_shown(_scope(self), officer)
        return data


class ContactPointSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    host_station_name = serializers.CharField(source="host_station.name", read_only=True, default=None, allow_null=True)
    legislature_level_label = serializers.CharField(source="get_legislature_level_display", read_only=True)
    officer_count = serializers.IntegerField(read_only=True)
    officers = OfficerSerializer(many=True, read_only=True)

    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "name",
            "legislature",
            "legislature_level",
            "legislature_level_label",
            "region",
            "region_name",
            "host_station",
            "host_station_name",
            "established_on",
            "address",
            "officer_count",
            "officers",
        ]


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "position", "number", "chapter", "section", "text"]


class DraftSerializer(serializers.ModelSerializer):
    """A draft; on create or when `text` changes, its articles are split from the text."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    reading_label = serializers.CharField(source="get_reading_display", read_only=True)
    article_count = serializers.IntegerField(read_only=True)
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta:
        model = Draft
        fields = [
            "id",
            "title",
            "legislature",
            "legislature_level",
            "kind",
            "kind_label",
            "reading",
            "reading_label",
            "text",
            "created_at",
            "article_count",
            "articles",
        ]
        read_only_fields = ["created_at"]


class ConsultationSerializer(serializers.ModelSerializer):
    draft_title = serializers.CharField(source="draft.title", read_only=True)
    contact_points = serializers.PrimaryKeyRelatedField(many=True, queryset=ContactPoint.objects.all())
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    opinion_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "draft",
            "draft_title",
            "contact_points",
            "deadline",
            "note",
            "status",
            "status_label",
            "opened_at",
            "closed_at",
            "reported_at",
            "opinion_count",
        ]
        read_only_fields = ["status", "opened_at", "closed_at", "reported_at"]


class OpinionSerializer(serializers.ModelSerializer):
    """An opinion; `{consultation, article, content, submitter_name}` is enough to record one."""

    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(), allow_null=True, required=False, help_text="留空为总体意见"
    )
    article_number = serializers.CharField(source="article.number", read_only=True, default=None, allow_null=True)
    contact_point = serializers.PrimaryKeyRelatedField(
        queryset=ContactPoint.objects.all(), required=False, help_text="默认为录入人所在的联系点"
    )
    contact_point_name = serializers.CharField(source="contact_point.name", read_only=True)
    submitted_on = serializers.DateField(required=False, help_text="默认为今天")
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    outcome = serializers.ChoiceField(choices=Opinion.Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "id",
            "consultation",
            "contact_point",
            "contact_point_name",
            "article",
            "article_number",
            "content",
            "submitter_name",
            "submitter_kind",
            "submitter_phone",
            "officer",
            "channel",
            "submitted_on",
            "merged_into",
            "outcome",
            "outcome_label",
            "outcome_note",
            "outcome_recorded_at",
            "created_at",
        ]
        read_only_fields = ["merged_into", "outcome", "outcome_note", "outcome_recorded_at", "created_at"]

    def to_representation(self, opinion):
        data = super().to_representation(opinion)
        data["submitter_phone"] = selectors.submitter_phone_shown(_scope(self), opinion)
        return data


class OpinionUpdateSerializer(OpinionSerializer):
    class Meta(OpinionSerializer.Meta):
        read_only_fields = [*OpinionSerializer.Meta.read_only_fields, "consultation", "contact_point", "submitted_on"]


class AdoptSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Opinion.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="可反馈给提出人的说明")


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="并入的意见编号")


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    opinions = serializers.IntegerField()
    drafts = serializers.IntegerField()
    adopted = serializers.IntegerField()
    adoption_rate = serializers.FloatField()
    active_officers = serializers.IntegerField()


class FigureTotalSerializer(serializers.Serializer):
    opinions = serializers.IntegerField()
    drafts = serializers.IntegerField()
    adopted = serializers.IntegerField()
    adoption_rate = serializers.FloatField()
    active_officers = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=["contact_point", "draft", "year"])
    total = FigureTotalSerializer()
    rows = FigureRowSerializer(many=True)

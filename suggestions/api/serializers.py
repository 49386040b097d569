"""Serializers validate the shape of input and hand it to the services; `status` is read-only."""

from rest_framework import serializers

from liaison import access
from liaison.masking import mask_name, mask_phone
from liaison.models import Congress, Deputy, Region
from liaison.scoping import scope_for
from suggestions.models import (
    Category,
    DeclineReason,
    HandlingUnit,
    Result,
    Satisfaction,
    Status,
    Suggestion,
    SuggestionEvent,
)
from suggestions.selectors import GROUP_BY_LABELS


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "parent", "order"]


class HandlingUnitSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), help_text="所在区划代码")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = HandlingUnit
        fields = ["id", "name", "kind", "kind_label", "region", "congress", "parent"]


class SuggestionSerializer(serializers.ModelSerializer):
    """A suggestion as staff see it; the public submitter's name and phone are masked except for
    the source station's own staff and admins."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_name = serializers.CharField(source="category.__str__", read_only=True, default=None, allow_null=True)
    level = serializers.CharField(source="congress.level", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    lead_deputy_name = serializers.CharField(source="lead_deputy.name", read_only=True, default=None, allow_null=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, default=None, allow_null=True)
    # Empty until the step that sets them: the schema says so ("" is allowed besides the choices).
    result = serializers.ChoiceField(choices=Result.choices, allow_blank=True, read_only=True)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, allow_blank=True, read_only=True)
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, allow_blank=True, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    co_signers = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Deputy.objects.all(), help_text="联名代表"
    )
    congress = serializers.PrimaryKeyRelatedField(
        required=False, queryset=Congress.objects.all(), help_text="向哪一级人大提出；默认为代表所在的第一个人大"
    )
    category = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Category.objects.all())

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "tracking_code",
            "title",
            "content",
            "kind",
            "status",
            "status_label",
            "category",
            "category_name",
            "congress",
            "level",
            "region",
            "lead_deputy",
            "lead_deputy_name",
            "co_signers",
            "key_supervision",
            "source_station",
            "source_visit",
            "submitter_name",
            "submitter_phone",
            "submitted_at",
            "assign_due_on",
            "assigned_at",
            "due_on",
            "extended",
            "overdue",
            "lead_unit",
            "lead_unit_name",
            "replied_at",
            "result",
            "replied_on_time",
            "face_to_face",
            "satisfaction",
            "closed_at",
            "decline_reason",
            "merged_into",
        ]
        # Only what a deputy writes when submitting; the services set everything else.
        read_only_fields = [f for f in fields if f not in ("title", "content", "category", "congress", "co_signers")]

    def to_representation(self, suggestion):
        data = super().to_representation(suggestion)
        scope = scope_for(self.context["request"].user)
        if not (scope.is_admin or (suggestion.source_station_id and suggestion.source_station_id in scope.stations)):
            data["submitter_name"] = mask_name(data["submitter_name"])
            data["submitter_phone"] = mask_phone(data["submitter_phone"])
        elif data["submitter_name"] or data["submitter_phone"]:
            access.note("suggestion", suggestion.pk)
        return data


class EventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(read_only=True)
    actor = serializers.CharField(source="actor.get_full_name", read_only=True, default="系统")

    class Meta:
        model = SuggestionEvent
        fields = ["id", "action", "action_label", "from_status", "to_status", "actor", "created_at", "data"]


class AssignSerializer(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all())
    co_units = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=HandlingUnit.objects.all())
    due_at = serializers.DateField(required=False, allow_null=True, help_text="答复期限；默认交办后3个月")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReplySerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Result.choices)
    content = serializers.CharField()
    face_to_face = serializers.BooleanField(required=False, default=False)


class JudgeSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SuggestionMergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="并入的建议编号")


class ExtendSerializer(serializers.Serializer):
    due_at = serializers.DateField()
    reason = serializers.CharField(max_length=500)


class KeySerializer(serializers.Serializer):
    key = serializers.BooleanField(help_text="true 列为重点督办，false 取消")


class CoViewSerializer(serializers.Serializer):
    content = serializers.CharField()


class ToSuggestionSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=120)
    category = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Category.objects.all())


class PublicOpinionSerializer(serializers.Serializer):
    station = serializers.IntegerField(required=False, help_text="站点编号（与 deputy 二选一）")
    deputy = serializers.IntegerField(required=False, help_text="代表编号（与 station 二选一）")
    content = serializers.CharField(max_length=2000)
    name = serializers.CharField(required=False, allow_blank=True, max_length=32)
    phone = serializers.RegexField(
        r"^\+?[0-9\- ]{5,20}$", required=False, allow_blank=True, error_messages={"invalid": "电话号码格式不正确"}
    )

    def validate(self, data):
        if not data.get("station") and not data.get("deputy"):
            raise serializers.ValidationError("请选择要反映意见的站点或代表")
        return data


class TrackingCodeSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    track_url = serializers.CharField()


class PublicEventSerializer(serializers.Serializer):
    action_label = serializers.CharField()
    date = serializers.DateField()


class TrackSerializer(serializers.Serializer):
    """Public progress: status and dates, nothing personal and nothing of the content."""

    tracking_code = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_on = serializers.DateField()
    assigned_on = serializers.DateField(allow_null=True)
    lead_unit = serializers.CharField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    replied_on = serializers.DateField(allow_null=True)
    result = serializers.CharField(allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)
    steps = PublicEventSerializer(many=True)


class HandlingRatesQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=list(GROUP_BY_LABELS))
    start = serializers.DateField(required=False, help_text="起始日期（含），查询参数名为 from")
    to = serializers.DateField(required=False, help_text="截止日期（含）")
    region = serializers.CharField(required=False, max_length=12)

    def to_internal_value(self, data):
        # `from` is a Python keyword; accept it as the query parameter name.
        data = data.copy()
        if "from" in data:
            data["start"] = data["from"]
        return super().to_internal_value(data)


class HandlingRateRowSerializer(serializers.Serializer):
    group_key = serializers.CharField(allow_null=True)
    group_label = serializers.CharField(allow_null=True)
    submitted = serializers.IntegerField()
    registered = serializers.IntegerField()
    assigned = serializers.IntegerField(help_text="已交办（含办理中、已答复、已办结）")
    closed = serializers.IntegerField()
    replied = serializers.IntegerField()
    on_time = serializers.IntegerField()
    judged = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    result_a = serializers.IntegerField()
    result_b = serializers.IntegerField()
    result_c = serializers.IntegerField()
    result_d = serializers.IntegerField()
    face_to_face = serializers.IntegerField()
    overdue = serializers.IntegerField()
    key_supervised = serializers.IntegerField(help_text="重点督办")
    closed_rate = serializers.FloatField(allow_null=True, help_text="办结率")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="按期答复率")
    satisfaction_rate = serializers.FloatField(allow_null=True, help_text="满意率")
    a_rate = serializers.FloatField(allow_null=True, help_text="A类率")
    face_to_face_rate = serializers.FloatField(allow_null=True, help_text="见面率")

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from liaison.models import Deputy, Region
from liaison.scoping import scope_for
from stations import selectors
from stations.models import Platform, ReceptionSchedule, Station, StationDeputy, Visit, VisitPhoto
from suggestions.models import Category


class AssignmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="deputy.name", read_only=True)
    public_id = serializers.UUIDField(source="deputy.public_id", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = StationDeputy
        fields = ["deputy", "name", "public_id", "role", "role_label", "started_on", "ended_on"]


class StationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Station.objects.filter(kind=Station.Kind.HOME), allow_null=True, required=False
    )
    platforms = serializers.SlugRelatedField(
        slug_field="code", queryset=Platform.objects.all(), many=True, required=False
    )
    deputies = AssignmentSerializer(source="current_assignments", many=True, read_only=True)

    class Meta:
        model = Station
        fields = [
            "id",
            "public_id",
            "kind",
            "kind_label",
            "name",
            "region",
            "region_name",
            "address",
            "latitude",
            "longitude",
            "parent",
            "phone",
            "opening_hours",
            "established_on",
            "stars",
            "rated_at",
            "platforms",
            "deputies",
        ]
        read_only_fields = ["public_id", "stars", "rated_at"]


class StationRateSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)


class StationDeputiesSerializer(serializers.Serializer):
    """Who is grouped into the station and who is on duty today."""

    assigned = AssignmentSerializer(many=True)
    on_duty_today = serializers.ListField(child=serializers.IntegerField(), help_text="今日值班代表 id")


class ScheduleSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    deputies = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True, required=False)
    deputy_names = serializers.SerializerMethodField()

    class Meta:
        model = ReceptionSchedule
        fields = ["id", "station", "station_name", "date", "starts_at", "ends_at", "theme", "deputies", "deputy_names"]

    def get_deputy_names(self, schedule) -> list[str]:
        return [d.name for d in schedule.deputies.all()]


class VisitPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitPhoto
        fields = ["id", "image", "uploaded_at"]


class VisitSerializer(serializers.ModelSerializer):
    """A visit; visitor name and phone are whole only for the station's own staff and admins."""

    station = serializers.PrimaryKeyRelatedField(queryset=Station.objects.all())
    station_name = serializers.CharField(source="station.name", read_only=True)
    visited_at = serializers.DateTimeField(required=False)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    deputies = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True, required=False)
    deputy_names = serializers.SerializerMethodField()
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    category_name = serializers.SerializerMethodField()
    photos = VisitPhotoSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "station",
            "station_name",
            "visited_at",
            "channel",
            "channel_label",
            "visitor_name",
            "visitor_phone",
            "people_count",
            "deputies",
            "deputy_names",
            "category",
            "category_name",
            "content",
            "outcome",
            "outcome_label",
            "outcome_note",
            "photos",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_deputy_names(self, visit) -> list[str]:
        return [d.name for d in visit.deputies.all()]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_category_name(self, visit):
        return str(visit.category) if visit.category_id else None

    def to_representation(self, visit):
        data = super().to_representation(visit)
        scope = scope_for(self.context["request"].user)
        data["visitor_name"], data["visitor_phone"] = selectors.visitor_shown(scope, visit)
        return data


class VisitUpdateSerializer(VisitSerializer):
    """Corrections: the station of a visit cannot change."""

    station = serializers.PrimaryKeyRelatedField(read_only=True)


class VisitPhotoUploadSerializer(serializers.Serializer):
    image = serializers.ImageField()


class ChannelCountsSerializer(serializers.Serializer):
    """Visits per channel (渠道)."""

    in_person = serializers.IntegerField(help_text="到站接待")
    home_visit = serializers.IntegerField(help_text="走访入户")
    phone = serializers.IntegerField(help_text="电话")
    online = serializers.IntegerField(help_text="网上")
    meeting = serializers.IntegerField(help_text="座谈会")
    photo_report = serializers.IntegerField(help_text="随手拍")


class StationFiguresSerializer(serializers.Serializer):
    """One station's visits in the period (from `stations.selectors.station_figures`)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    visits = serializers.IntegerField(source="visit_count")
    people = serializers.IntegerField(help_text="接待人次")
    to_suggestion = serializers.IntegerField(help_text="转为意见建议的接待")
    share = serializers.SerializerMethodField(help_text="转化率：转为意见建议 ÷ 接待")
    channels = serializers.SerializerMethodField()

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_share(self, station) -> float | None:
        return selectors.suggestion_share(station)

    @extend_schema_field(ChannelCountsSerializer)
    def get_channels(self, station) -> dict:
        return {value: getattr(station, f"channel_{value}") for value in Visit.Channel.values}

from rest_framework import serializers

from liaison import access
from liaison.masking import mask_phone
from liaison.models import Congress, Deputy, DeputyGroup, GroupMembership, Mandate, Region, Term
from liaison.scoping import ROLE_LABELS, scope_for


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    role_labels = serializers.ListField(child=serializers.CharField())
    deputy = serializers.IntegerField(allow_null=True)
    stations = serializers.ListField(child=serializers.IntegerField())
    units = serializers.ListField(child=serializers.IntegerField())
    contact_points = serializers.ListField(child=serializers.IntegerField())
    region = serializers.CharField(allow_null=True, help_text="代表工作机构负责区划的代码")

    @staticmethod
    def for_user(user) -> dict:
        scope = scope_for(user)
        return {
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "roles": list(scope.roles),
            "role_labels": [ROLE_LABELS[r] for r in scope.roles],
            "deputy": scope.deputy_id,
            "stations": list(scope.stations),
            "units": list(scope.units),
            "contact_points": list(scope.contact_points),
            "region": scope.region_code,
        }


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_label", "parent"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "number", "started_on", "ends_on"]


class CongressSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    terms = TermSerializer(many=True, read_only=True)

    class Meta:
        model = Congress
        fields = ["id", "name", "level", "level_label", "region", "terms"]


class MandateSerializer(serializers.ModelSerializer):
    congress = serializers.CharField(source="term.congress.name", read_only=True)
    congress_id = serializers.IntegerField(source="term.congress_id", read_only=True)
    term = serializers.IntegerField(source="term.number", read_only=True)
    level = serializers.CharField(read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "congress",
            "congress_id",
            "term",
            "level",
            "constituency",
            "region",
            "started_on",
            "ended_on",
            "status",
            "status_label",
        ]


class DeputySerializer(serializers.ModelSerializer):
    """A deputy with its mandates; the phone is whole only for admins and committee staff."""

    mandates = MandateSerializer(many=True, read_only=True)
    levels = serializers.SerializerMethodField()
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)

    class Meta:
        model = Deputy
        fields = [
            "id",
            "public_id",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "sector",
            "sector_label",
            "occupation",
            "party",
            "phone",
            "levels",
            "mandates",
        ]
        read_only_fields = ["public_id"]

    def get_levels(self, deputy) -> list[str]:
        return sorted({m.level for m in deputy.mandates.all() if m.status == Mandate.Status.SERVING})

    def to_representation(self, deputy):
        data = super().to_representation(deputy)
        scope = scope_for(self.context["request"].user)
        if not (scope.is_admin or scope.is_committee or scope.deputy_id == deputy.pk):
            data["phone"] = mask_phone(data["phone"])
        elif data["phone"]:
            access.note("deputy", deputy.pk)
        return data


class GroupMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="deputy.name", read_only=True)

    class Meta:
        model = GroupMembership
        fields = ["deputy", "name", "role", "joined_on", "left_on"]


class DeputyGroupSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)
    member_count = serializers.IntegerField(read_only=True)
    level_counts = serializers.SerializerMethodField(help_text="各级代表人数（五级混合编组）")

    class Meta:
        model = DeputyGroup
        fields = ["id", "name", "kind", "speciality", "region", "leader", "leader_name", "member_count", "level_counts"]

    def get_level_counts(self, group) -> dict[str, int]:
        return self.context.get("level_counts", {}).get(group.pk, {})


class DutyFiguresSerializer(serializers.Serializer):
    """The duty-record figures (履职档案) for a period."""

    visits_attended = serializers.IntegerField(help_text="接待群众（参加的接待次数）")
    led = serializers.IntegerField(help_text="领衔提出的建议")
    cosigned = serializers.IntegerField(help_text="联名提出的建议")
    replied = serializers.IntegerField(help_text="领衔或联名的建议中已答复的")
    result_a = serializers.IntegerField(help_text="A类")
    result_b = serializers.IntegerField(help_text="B类")
    result_c = serializers.IntegerField(help_text="C类")
    result_d = serializers.IntegerField(help_text="D类")
    closed = serializers.IntegerField(help_text="已办结")
    judged_satisfied = serializers.IntegerField(help_text="本人评价满意")
    judged_basic = serializers.IntegerField(help_text="本人评价基本满意")
    judged_unsatisfied = serializers.IntegerField(help_text="本人评价不满意")
    opinions = serializers.IntegerField(help_text="作为立法信息员提出的立法意见")
    opinions_adopted = serializers.IntegerField(help_text="被采纳（含部分采纳）的立法意见")
    group_count = serializers.IntegerField(help_text="参加的代表小组")


class DutyRecordSerializer(DutyFiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    levels = serializers.SerializerMethodField()
    group_names = serializers.SerializerMethodField()

    def get_levels(self, deputy) -> list[str]:
        return [m.term.congress.level for m in deputy.mandates.all()]

    def get_group_names(self, deputy) -> list[str]:
        return [m.group.name for m in deputy.current_memberships]


class DutyTotalsSerializer(DutyFiguresSerializer):
    key = serializers.CharField(help_text="小组或站点的 id，或层级")
    label = serializers.CharField()
    members = serializers.IntegerField(help_text="代表人数")


class DutyTotalsQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=["group", "station", "level"])

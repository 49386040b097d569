from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone

from liaison.access import AccessLoggedAdmin
from liaison.masking import mask_phone
from stations import services
from stations.models import (
    Platform,
    ReceptionRule,
    ReceptionSchedule,
    Station,
    StationDeputy,
    StationStandard,
    Visit,
    VisitChange,
    VisitPhoto,
)


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class StandardInline(admin.TabularInline):
    model = StationStandard
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = StationDeputy
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "parent", "stars", "opening_hours"]
    list_filter = ["kind", "stars", "platforms"]
    search_fields = ["name", "address", "region__name", "region__code"]
    autocomplete_fields = ["region", "parent", "staff"]
    filter_horizontal = ["platforms"]
    readonly_fields = ["public_id", "rated_by", "rated_at"]
    list_select_related = ["region", "parent"]
    inlines = [StandardInline, AssignmentInline]


@admin.register(StationStandard)
class StationStandardAdmin(admin.ModelAdmin):
    list_display = ["station", "standard", "met", "checked_on", "note"]
    list_filter = ["standard", "met"]
    search_fields = ["station__name", "note"]
    autocomplete_fields = ["station"]
    list_select_related = ["station"]


@admin.register(StationDeputy)
class StationDeputyAdmin(admin.ModelAdmin):
    list_display = ["deputy", "station", "role", "started_on", "ended_on"]
    list_filter = ["role", "station__kind"]
    search_fields = ["deputy__name", "station__name"]
    autocomplete_fields = ["deputy", "station"]
    list_select_related = ["deputy", "station"]


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(admin.ModelAdmin):
    list_display = ["station", "frequency", "day", "starts_at", "ends_at", "theme", "active_from", "active_until"]
    list_filter = ["frequency"]
    search_fields = ["station__name", "theme"]
    autocomplete_fields = ["station", "deputies"]
    list_select_related = ["station"]
    actions = ["generate_next_60_days"]

    @admin.action(description="按所选规则生成未来 60 天的接待日")
    def generate_next_60_days(self, request, queryset):
        today = timezone.localdate()
        created = sum(
            services.schedule_generate_from_rules(start=today, end=today + timedelta(days=60), station_id=station_id)
            for station_id in set(queryset.values_list("station_id", flat=True))
        )
        self.message_user(request, f"已生成 {created} 个接待日", messages.SUCCESS)


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(admin.ModelAdmin):
    list_display = ["date", "starts_at", "ends_at", "station", "theme", "rule"]
    list_filter = ["station__kind", ("rule", admin.EmptyFieldListFilter)]
    search_fields = ["station__name", "theme", "deputies__name"]
    autocomplete_fields = ["station", "deputies"]
    date_hierarchy = "date"
    list_select_related = ["station", "rule"]


class PhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    readonly_fields = ["image", "uploaded_at"]
    can_delete = False


class ChangeInline(admin.TabularInline):
    model = VisitChange
    extra = 0
    readonly_fields = ["changed_by", "changed_at", "changes"]
    can_delete = False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visits change only through the staff's pages and API, which log every correction."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(AccessLoggedAdmin, ReadOnlyAdmin):
    access_subject = "visit"
    list_display = ["visited_at", "station", "channel", "masked_visitor_phone", "people_count", "outcome"]
    list_filter = ["channel", "outcome", "station__kind"]
    search_fields = ["content", "station__name"]
    date_hierarchy = "visited_at"
    list_select_related = ["station"]
    inlines = [PhotoInline, ChangeInline]

    @admin.display(description="来访人电话")
    def masked_visitor_phone(self, visit):
        return mask_phone(visit.visitor_phone)


@admin.register(VisitPhoto)
class VisitPhotoAdmin(ReadOnlyAdmin):
    list_display = ["visit", "image", "uploaded_at"]
    list_filter = ["visit__station__kind"]
    search_fields = ["visit__station__name"]
    list_select_related = ["visit__station"]


@admin.register(VisitChange)
class VisitChangeAdmin(ReadOnlyAdmin):
    list_display = ["visit", "changed_by", "changed_at"]
    list_filter = ["changed_at"]
    search_fields = ["visit__station__name", "changed_by__username"]
    list_select_related = ["visit__station", "changed_by"]

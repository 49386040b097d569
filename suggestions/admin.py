from django.contrib import admin, messages

from liaison.access import AccessLoggedAdmin
from liaison.errors import DomainError
from liaison.masking import mask_phone
from liaison.uploads import CheckedUploadsAdmin
from suggestions import services
from suggestions.models import (
    Assignment,
    Attachment,
    CalendarDay,
    Category,
    HandlingRules,
    HandlingUnit,
    Judgement,
    Reminder,
    Reply,
    RoutingRule,
    Suggestion,
    SuggestionEvent,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "parent", "order"]
    list_filter = ["parent"]
    search_fields = ["name"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "congress", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["region", "congress", "parent", "staff"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "region", "lead_unit", "active"]
    list_filter = ["active", "category__parent"]
    search_fields = ["category__name", "region__name", "lead_unit__name"]
    autocomplete_fields = ["category", "region", "lead_unit", "co_units"]


@admin.register(HandlingRules)
class HandlingRulesAdmin(admin.ModelAdmin):
    list_display = ["congress", "assign_within_workdays", "reply_within_months", "return_within_workdays"]
    search_fields = ["congress__name"]
    autocomplete_fields = ["congress"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"


class ReadOnlyInline(admin.TabularInline):
    """Workflow rows are written by the services only; admin shows them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentInline(ReadOnlyInline):
    model = Assignment


class ReplyInline(ReadOnlyInline):
    model = Reply


class EventInline(ReadOnlyInline):
    model = SuggestionEvent


class AttachmentInline(CheckedUploadsAdmin, admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Suggestion)
class SuggestionAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    access_subject = "suggestion"
    """Content and category may be corrected here; every state change goes through the services."""

    list_display = [
        "title",
        "kind",
        "status",
        "category",
        "lead_deputy",
        "lead_unit",
        "submitted_at",
        "due_on",
        "key_supervision",
        "masked_phone",
    ]
    list_filter = ["status", "kind", "key_supervision", "congress__level", "category__parent"]
    search_fields = ["title", "content", "tracking_code", "lead_deputy__name"]
    list_select_related = ["category__parent", "lead_deputy", "lead_unit"]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["category", "lead_deputy", "co_signers", "congress", "region", "source_station"]
    readonly_fields = [
        "status",
        "tracking_code",
        "keywords",
        "submitted_at",
        "assign_due_on",
        "assigned_at",
        "due_on",
        "extended",
        "lead_unit",
        "replied_at",
        "result",
        "replied_on_time",
        "face_to_face",
        "satisfaction",
        "closed_at",
        "decline_reason",
        "merged_into",
        "source_visit",
        "submitter_name",
        "submitter_phone",
        "created_by",
        "key_supervision",
        "kind",
    ]
    inlines = [AssignmentInline, ReplyInline, AttachmentInline, EventInline]
    actions = ["mark_key", "unmark_key"]

    def has_add_permission(self, request):
        return False  # suggestions are submitted by deputies, stations and the public

    @admin.display(description="群众电话")
    def masked_phone(self, suggestion):
        return mask_phone(suggestion.submitter_phone)

    def _set_key(self, request, queryset, key: bool):
        for suggestion in queryset:
            try:
                services.suggestion_set_key(suggestion_id=suggestion.pk, actor=request.user, key=key)
            except DomainError as error:
                self.message_user(request, f"{suggestion}：{error.message}", messages.ERROR)

    @admin.action(description="列为重点督办")
    def mark_key(self, request, queryset):
        self._set_key(request, queryset, True)

    @admin.action(description="取消重点督办")
    def unmark_key(self, request, queryset):
        self._set_key(request, queryset, False)


@admin.register(Judgement)
class JudgementAdmin(admin.ModelAdmin):
    list_display = ["reply", "deputy", "satisfaction", "judged_at"]
    list_filter = ["satisfaction"]
    search_fields = ["deputy__name", "reply__suggestion__title"]
    list_select_related = ["reply__suggestion", "deputy"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SuggestionEvent)
class SuggestionEventAdmin(admin.ModelAdmin):
    list_display = ["suggestion", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action", "to_status"]
    search_fields = ["suggestion__title", "actor__username"]
    list_select_related = ["suggestion", "actor"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["suggestion", "kind", "key", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["suggestion__title"]

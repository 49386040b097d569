from django.contrib import admin

from liaison.access import AccessLoggedAdmin
from liaison.masking import mask_phone
from liaison.models import (
    CommitteeStaff,
    Congress,
    Deputy,
    DeputyGroup,
    GroupMembership,
    Mandate,
    PersonalDataAccess,
    Region,
    Term,
)
from liaison.uploads import CheckedUploadsAdmin


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region"]
    list_filter = ["level"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["region"]
    inlines = [TermInline]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "started_on", "ends_on"]
    list_filter = ["congress__level"]
    search_fields = ["congress__name"]
    list_select_related = ["congress"]


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    autocomplete_fields = ["term", "region"]


@admin.register(Deputy)
class DeputyAdmin(AccessLoggedAdmin, CheckedUploadsAdmin, admin.ModelAdmin):
    access_subject = "deputy"
    list_display = ["name", "gender", "ethnicity", "sector", "party", "masked_phone"]
    list_filter = ["gender", "sector", "mandates__term__congress__level", "mandates__status"]
    search_fields = ["name", "occupation"]
    autocomplete_fields = ["user"]
    readonly_fields = ["public_id"]
    inlines = [MandateInline]

    @admin.display(description="手机号")
    def masked_phone(self, deputy):
        return mask_phone(deputy.phone)


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["deputy", "term", "constituency", "region", "status", "started_on", "ended_on"]
    list_filter = ["status", "term__congress__level"]
    search_fields = ["deputy__name", "constituency", "region__name"]
    autocomplete_fields = ["deputy", "term", "region"]
    list_select_related = ["deputy", "term__congress", "region"]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "speciality", "region", "leader"]
    list_filter = ["kind"]
    search_fields = ["name", "speciality"]
    autocomplete_fields = ["region", "leader"]
    inlines = [MembershipInline]


@admin.register(CommitteeStaff)
class CommitteeStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "title"]
    search_fields = ["user__username", "region__name"]
    autocomplete_fields = ["user", "region"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who saw personal data unmasked: read only, for the data-protection officer."""

    list_display = ["viewed_at", "username", "subject", "count", "path"]
    list_filter = ["subject"]
    search_fields = ["username", "path"]
    date_hierarchy = "viewed_at"
    readonly_fields = ["user", "username", "viewed_at", "path", "subject", "object_ids", "count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from legislation.models import Article, Consultation, ContactPoint, Draft, InformationOfficer, Opinion
from liaison.masking import mask_phone


class OfficerInline(admin.TabularInline):
    model = InformationOfficer
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["name", "legislature", "legislature_level", "region", "host_station", "established_on"]
    list_filter = ["legislature_level"]
    search_fields = ["name", "legislature", "region__name"]
    autocomplete_fields = ["region", "staff"]
    raw_id_fields = ["host_station"]  # the stations app owns its admin
    list_select_related = ["region", "host_station"]
    inlines = [OfficerInline]


@admin.register(InformationOfficer)
class InformationOfficerAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_phone", "organisation", "contact_point", "deputy", "active_from", "active_until"]
    list_filter = ["contact_point", "active_until"]
    search_fields = ["name", "organisation", "contact_point__name"]
    autocomplete_fields = ["contact_point", "deputy"]
    list_select_related = ["contact_point", "deputy"]

    @admin.display(description="手机号")
    def masked_phone(self, officer):
        return mask_phone(officer.phone)


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["position", "number", "chapter", "section", "text"]


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    """Drafts are entered through the portal (which splits the text); the admin corrects articles."""

    list_display = ["title", "legislature", "kind", "reading", "created_at"]
    list_filter = ["kind", "reading", "legislature_level"]
    search_fields = ["title", "legislature"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["draft", "position", "number", "chapter", "section"]
    list_filter = ["draft"]
    search_fields = ["number", "text", "draft__title"]
    list_select_related = ["draft"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Status moves only through the portal's services; here it is read-only."""

    list_display = ["draft", "deadline", "status", "opened_at", "reported_at"]
    list_filter = ["status", "contact_points"]
    search_fields = ["draft__title", "note"]
    readonly_fields = ["status", "opened_by", "opened_at", "closed_at", "reported_at", "staff_notified_at"]
    filter_horizontal = ["contact_points"]
    list_select_related = ["draft"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["pk", "consultation", "article", "submitter_name", "submitter_kind", "channel", "outcome"]
    list_filter = ["submitter_kind", "channel", "outcome", "contact_point"]
    search_fields = ["content", "submitter_name", "consultation__draft__title"]
    raw_id_fields = ["consultation", "article", "officer", "merged_into"]
    readonly_fields = ["outcome", "outcome_note", "outcome_recorded_at", "created_by", "created_at"]
    list_select_related = ["consultation__draft", "article"]

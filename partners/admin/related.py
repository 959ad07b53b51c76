"""Admins of the models around an organization (observations, duplicates, contacts...)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from iomcso.core.admin_translation import TranslatedHistoryAdmin

from .. import services
from ..admin_helpers import CheapCountPaginator, SeriousConcernAdminMixin
from ..models import (
    Contact,
    CooperationRecord,
    NetworkMembership,
    OrganizationDocument,
    OrganizationMember,
    PossibleDuplicate,
    RegistryDashboard,
    StaffObservation,
)


@admin.register(StaffObservation)
class StaffObservationAdmin(SeriousConcernAdminMixin, TranslatedHistoryAdmin):
    list_display = ("organization", "severity", "short_text", "author", "created_at", "resolved_at")
    list_filter = ("severity", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("organization", "author")
    search_fields = ("organization__name", "text")
    autocomplete_fields = ("organization",)
    fields = (
        "organization",
        "severity",
        "text",
        "author",
        "created_at",
        "resolved_at",
        "resolved_by",
    )
    readonly_fields = ("author", "created_at", "resolved_at", "resolved_by")
    actions = ("resolve_selected",)
    show_full_result_count = False

    @admin.display(description=_("observation"))
    def short_text(self, obj):
        return obj.text[:80]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # an observation is kept as written; resolve it instead
            return (*self.readonly_fields, "organization", "severity", "text")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.observation_add(
            actor=request.user,
            organization=obj.organization,
            severity=obj.severity,
            text=obj.text,
        )
        obj.pk = created.pk

    @admin.action(description=_("Mark selected observations resolved"), permissions=["change"])
    def resolve_selected(self, request, queryset):
        resolved = 0
        for observation in queryset.filter(resolved_at__isnull=True):
            services.observation_resolve(actor=request.user, observation=observation)
            resolved += 1
        self.message_user(request, _("%(count)d resolved.") % {"count": resolved})


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin):
    list_display = (
        "organization",
        "similar_to",
        "reason",
        "similarity",
        "created_at",
        "merge_link",
    )
    list_filter = (("dismissed_at", admin.EmptyFieldListFilter),)
    list_select_related = ("organization", "similar_to")
    search_fields = ("organization__name", "similar_to__name")
    readonly_fields = (
        "organization",
        "similar_to",
        "reason",
        "similarity",
        "dismissed_at",
        "dismissed_by",
    )
    actions = ("dismiss_selected",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("merge"))
    def merge_link(self, obj):
        url = (
            reverse("admin:partners_organization_merge")
            + f"?ids={obj.organization_id},{obj.similar_to_id}"
        )
        return format_html('<a href="{}">{}</a>', url, _("Merge…"))

    @admin.action(description=_("Not duplicates: dismiss"), permissions=["change"])
    def dismiss_selected(self, request, queryset):
        for possible_duplicate in queryset.filter(dismissed_at__isnull=True):
            services.possible_duplicate_dismiss(
                actor=request.user, possible_duplicate=possible_duplicate
            )


@admin.register(Contact)
class ContactAdmin(SeriousConcernAdminMixin, TranslatedHistoryAdmin):
    list_display = ("name", "organization", "position", "email", "is_primary")
    list_select_related = ("organization",)
    search_fields = ("name", "email", "organization__name")
    autocomplete_fields = ("organization",)
    show_full_result_count = False
    paginator = CheapCountPaginator


@admin.register(CooperationRecord)
class CooperationRecordAdmin(SeriousConcernAdminMixin, TranslatedHistoryAdmin):
    list_display = (
        "title",
        "organization",
        "kind",
        "iom_office",
        "start_date",
        "end_date",
        "is_public",
    )
    list_filter = ("kind", "is_public")
    list_select_related = ("organization",)
    search_fields = ("title", "organization__name", "iom_office")
    autocomplete_fields = ("organization",)
    date_hierarchy = "start_date"
    show_full_result_count = False


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(TranslatedHistoryAdmin):
    list_display = ("member", "network", "since", "role")
    list_select_related = ("member", "network")
    search_fields = ("member__name", "network__name")
    autocomplete_fields = ("member", "network")
    show_full_result_count = False


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(SeriousConcernAdminMixin, TranslatedHistoryAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    list_select_related = ("user", "organization")
    search_fields = ("user__email", "organization__name")
    autocomplete_fields = ("organization",)
    raw_id_fields = ("user",)
    show_full_result_count = False


@admin.register(OrganizationDocument)
class OrganizationDocumentAdmin(SeriousConcernAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "organization", "kind", "content_type", "size", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("organization",)
    search_fields = ("title", "original_name", "organization__name")
    readonly_fields = (
        "organization",
        "file",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # documents come through the portal's checked upload


@admin.register(RegistryDashboard)
class RegistryDashboardAdmin(admin.ModelAdmin):
    """The admin index links here; it opens the registry dashboard."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("partners.view_organization")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:partners_dashboard"))

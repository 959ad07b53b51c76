"""The organization admin: list, change page, custom views and actions."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from iomcso.core.admin_transitions import TransitionLogInline
from iomcso.core.admin_translation import TranslatedExportForm, TranslatedHistoryAdmin
from iomcso.core.audit import AuditedExportMixin
from iomcso.core.paginators import BoundedChangeList
from iomcso.core.spreadsheets import SpreadsheetImportMessagesMixin

from .. import selectors, services
from ..admin_helpers import CheapCountPaginator, SeriousConcernAdminMixin
from ..choices import EcosocStatus, Level, PartnerType, VerificationStatus
from ..forms import translation_field_name
from ..models import (
    Contact,
    Organization,
    OrganizationMember,
    StaffObservation,
)
from ..regions import country_choices, country_name
from ..resources import OrganizationResource
from ..screening.hooks import organization_screening_request
from ..translations import PROFILE_LANGUAGES, TEXT_LABELS, TRANSLATED_FIELDS, language_name
from .filters import (
    CountryFilter,
    IdentityChangesFilter,
    NetworkFilter,
    PossibleDuplicateFilter,
    RegionFilter,
    SeriousConcernFilter,
    _label,
)
from .forms import (
    TRANSITION_LABELS,
    OrganizationAdminForm,
)
from .inlines import (
    ContactInline,
    CooperationRecordInline,
    MembershipInline,
    NetworkMembersInline,
    StaffObservationInline,
)
from .views import OrganizationViewsMixin


class OrganizationChangeList(BoundedChangeList):
    """Never counts the whole table (``show_full_result_count = False``, and a capped count
    in ``CheapCountPaginator``); flags are looked up for the shown page only (two queries),
    not computed for every matching row."""

    def __init__(self, *args, **kwargs):
        self._change_url = reverse("admin:partners_organization_change", args=["__pk__"])
        super().__init__(*args, **kwargs)
        # The admin adds the preserved filters to every row link by resolving the URL
        # again for each row; add the same query string once here instead.
        self._row_query, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = self._change_url.replace("__pk__", str(result.pk))
        return f"{url}?{self._row_query}" if self._row_query else url

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        ids = [organization.pk for organization in self.result_list]
        duplicates = selectors.organizations_with_possible_duplicate(ids)
        concerns = selectors.organizations_with_serious_concern(ids)
        for organization in self.result_list:
            organization.has_duplicate = organization.pk in duplicates
            organization.has_serious_concern = organization.pk in concerns


@admin.register(Organization)
class OrganizationAdmin(
    OrganizationViewsMixin,
    SeriousConcernAdminMixin,
    AuditedExportMixin,
    SpreadsheetImportMessagesMixin,
    ImportExportMixin,
    TranslatedHistoryAdmin,
):
    form = OrganizationAdminForm
    resource_classes = [OrganizationResource]
    export_form_class = TranslatedExportForm
    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    list_display = (
        "name_display",
        "type_display",
        "level_display",
        "country",
        "status_badge",
        "ecosoc_display",
        "created_display",
    )
    list_display_links = ("name_display",)
    list_filter = (
        "verification_status",
        "partner_type",
        "level",
        RegionFilter,
        CountryFilter,
        "ecosoc_status",
        "is_network",
        NetworkFilter,
        PossibleDuplicateFilter,
        SeriousConcernFilter,
        IdentityChangesFilter,
    )
    search_fields = ("name", "acronym", "public_email")
    search_help_text = _("Name, acronym, public email or headquarters country.")
    date_hierarchy = "created_at"
    ordering = ("name",)
    sortable_by = (
        "name_display",
        "type_display",
        "level_display",
        "country",
        "status_badge",
        "ecosoc_display",
        "created_display",
    )
    # 25 rows: enough to work through a filtered list, and the admin's per-cell rendering
    # stays within the page's time budget on a 2-core machine.
    list_per_page = 25
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CheapCountPaginator
    readonly_fields = (
        "slug",
        "profile_translations_display",
        "regions_display",
        "verification_summary",
        "possible_duplicates_display",
        "identity_changes_display",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {"fields": ("name", "acronym", "slug", "partner_type", "level", "is_network")},
        ),
        (
            _("Verification"),
            {
                "fields": (
                    "verification_summary",
                    "identity_changes_display",
                    "possible_duplicates_display",
                )
            },
        ),
        (
            _("Where it works"),
            {"fields": ("headquarters_country", "countries_of_operation", "regions_display")},
        ),
        (
            _("What it does"),
            {
                "fields": (
                    "activities",
                    "operating_settings",
                    "profile_language",
                    "description",
                    "mission_statement",
                )
            },
        ),
        # Translations: one fieldset per language, placed here by get_fieldsets().
        (_("Public contact"), {"fields": ("website", "public_email", "public_phone", "logo")}),
        (
            _("Legal and ECOSOC"),
            {
                "fields": (
                    "year_founded",
                    "legal_registration_number",
                    "legal_registration_country",
                    "ecosoc_status",
                    "ecosoc_year",
                )
            },
        ),
        (_("Record"), {"fields": ("profile_confirmed_at", "created_at", "updated_at")}),
    )
    inlines = (
        ContactInline,
        MembershipInline,
        NetworkMembersInline,
        CooperationRecordInline,
        StaffObservationInline,
        TransitionLogInline,
    )
    actions = (
        "verify_selected",
        "reject_selected",
        "suspend_selected",
        "reinstate_selected",
        "merge_selected",
    )
    change_form_template = "partners/admin/organization_change_form.html"
    change_list_template = "partners/admin/organization_change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "fragment_cache_seconds": settings.ADMIN_FRAGMENT_CACHE_SECONDS,
        }
        return super().changelist_view(request, extra_context=extra_context)

    history_list_display = ("verification_status", "status_reason")

    # Permissions --------------------------------------------------------------

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.add_organization") and request.user.has_perm(
            "partners.change_organization"
        )

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    # Changelist ---------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return OrganizationChangeList

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("search_vector", "description", "mission_statement", "pending_identity_changes")
        )

    def get_search_results(self, request, queryset, search_term):
        """Name, acronym and email (trigram-indexed ``icontains``), or a country's name."""
        searched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().casefold()
        if len(term) >= 3:
            codes = [code for code, name in country_choices() if term in name.casefold()]
            if codes:
                # ``queryset`` already carries the list filters: keep them.
                searched = searched | queryset.filter(headquarters_country__in=codes)
        return searched, may_have_duplicates

    @admin.display(description=_("partner type"), ordering="partner_type")
    def type_display(self, obj):
        return _label(PartnerType, obj.partner_type)

    @admin.display(description=_("level of work"), ordering="level")
    def level_display(self, obj):
        return _label(Level, obj.level)

    @admin.display(description=_("ECOSOC status"), ordering="ecosoc_status")
    def ecosoc_display(self, obj):
        return _label(EcosocStatus, obj.ecosoc_status)

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(str(_("Select this object for an action - {}")), str(obj)),
        )

    @admin.display(description=_("headquarters country"), ordering="headquarters_country")
    def country(self, obj):
        # Not the field itself: the admin rebuilds its 250 choices for every row.
        return country_name(obj.headquarters_country)

    @admin.display(description=_("status"), ordering="verification_status")
    def status_badge(self, obj):
        return _label(VerificationStatus, obj.verification_status)

    @admin.display(description=_("created"), ordering="created_at")
    def created_display(self, obj):
        # ISO date: the admin's localised datetime formatting is costly per cell.
        return obj.created_at.date().isoformat() if obj.created_at else ""

    @admin.display(description=_("name"), ordering="name")
    def name_display(self, obj):
        """Name, acronym and staff flags in one cell (each cell costs the admin a lot)."""
        flags = []
        if getattr(obj, "has_serious_concern", False):
            flags.append(str(_("serious concern")))
        if getattr(obj, "has_duplicate", False):
            flags.append(str(_("possible duplicate")))
        return format_html(
            "{}{}{}",
            obj.name,
            f" ({obj.acronym})" if obj.acronym else "",
            format_html(' <strong class="errornote-inline">[{}]</strong>', ", ".join(flags))
            if flags
            else "",
        )

    # Change page --------------------------------------------------------------

    @admin.display(description=_("IOM regions"))
    def regions_display(self, obj):
        return ", ".join(obj.region_labels) or "—"

    @admin.display(description=_("status"))
    def verification_summary(self, obj):
        if obj is None or obj.pk is None:
            return _("Pending verification once saved.")
        by = obj.status_changed_by.get_full_name() if obj.status_changed_by else ""
        parts = [str(obj.get_verification_status_display())]
        if obj.status_changed_at:
            parts.append(
                _("since %(date)s") % {"date": obj.status_changed_at.strftime("%Y-%m-%d %H:%M")}
            )
        if by:
            parts.append(_("by %(name)s") % {"name": by})
        text = " ".join(parts)
        if obj.status_reason:
            return format_html("{}<br>{}: {}", text, _("Reason"), obj.status_reason)
        return text

    @admin.display(description=_("identity changes awaiting review"))
    def identity_changes_display(self, obj):
        if obj is None or not obj.pending_identity_changes:
            return _("None.")
        fields = ", ".join(label for label, _published, _proposed in obj.identity_change_rows)
        return format_html(
            '{} · <a href="{}">{}</a>',
            fields,
            # The review page lists every organization awaiting review; the anchor is this one.
            f"{reverse('portal:staff_identity_changes')}#org-{obj.pk}",
            _("Review the changes…"),
        )

    @admin.display(description=_("possible duplicates"))
    def possible_duplicates_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        duplicates = list(selectors.organization_open_duplicates(organization=obj))
        if not duplicates:
            return _("None flagged.")
        rows = [
            (
                reverse("admin:partners_organization_change", args=[dup.similar_to_id]),
                str(dup.similar_to),
                dup.reason,
                f"{dup.similarity:.2f}",
                reverse("admin:partners_organization_merge") + f"?ids={obj.pk},{dup.similar_to_id}",
                _("Merge…"),
            )
            for dup in duplicates
        ]
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {} ({}) · <a href="{}">{}</a></li>',
                rows,
            ),
        )

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None:  # a new organization has no status changes yet
            return [inline for inline in inlines if inline is not TransitionLogInline]
        return inlines

    def get_fieldsets(self, request, obj=None):
        """The profile's translations after "What it does": a box per text and language
        (the profile's own language left out) for staff who may change the organization,
        and a read-only summary for the others."""
        fieldsets = list(super().get_fieldsets(request, obj))
        position = next(
            index + 1
            for index, (_name, options) in enumerate(fieldsets)
            if "profile_language" in options["fields"]
        )
        translations: list[tuple[Any, dict[str, Any]]]
        if not self.has_change_permission(request, obj):
            translations = [
                (_("Translations of the profile"), {"fields": ("profile_translations_display",)})
            ]
        else:
            original = obj.profile_language if obj is not None else None
            translations = [
                (
                    format_lazy(_("The profile in {language}"), language=language_name(language)),
                    {
                        "fields": [
                            translation_field_name(language, field) for field in TRANSLATED_FIELDS
                        ],
                        "classes": ("collapse",),
                    },
                )
                for language in PROFILE_LANGUAGES
                if language != original
            ]
        return [*fieldsets[:position], *translations, *fieldsets[position:]]

    @admin.display(description=_("translations of the profile"))
    def profile_translations_display(self, obj):
        if obj is None or not obj.profile_translations:
            return _("None.")
        rows = [
            (language_name(language), language, texts.get(field, ""), TEXT_LABELS[field])
            for language, texts in obj.profile_translations.items()
            for field in TRANSLATED_FIELDS
            if texts.get(field)
        ]
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                '<dt>{} · {}</dt><dd lang="{}" dir="auto">{}</dd>',
                ((name, label, language, text) for name, language, text, label in rows),
            ),
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.organization_update(actor=request.user, organization=obj)
        else:
            services.organization_register(actor=request.user, organization=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is StaffObservation:
            for observation in formset.save(commit=False):
                if observation.pk is None:
                    services.observation_add(
                        actor=request.user,
                        organization=form.instance,
                        severity=observation.severity,
                        text=observation.text,
                    )
            return
        super().save_formset(request, form, formset, change)
        if formset.model in (Contact, OrganizationMember) and (
            formset.new_objects or formset.changed_objects
        ):  # new or renamed people are screened against the sanctions list
            organization_screening_request(organization_id=form.instance.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_verify_permission(request):
            context["transitions"] = [
                (verb, TRANSITION_LABELS[verb]) for verb in services.available_transitions(obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_import_data_kwargs(self, **kwargs):
        # A file with any invalid row saves nothing, in the confirm step too.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

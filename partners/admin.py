"""The registry as staff keep it. Every state change goes through partners.services."""

from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from iomcso.core.admin_accessibility import LabelledTabularInline
from iomcso.core.admin_translation import TranslatedExportForm, TranslatedHistoryAdmin

from . import selectors, services
from .admin_helpers import CheapCountPaginator, SelectListFilter, SeriousConcernAdminMixin
from .choices import EcosocStatus, Level, PartnerType, Region, VerificationStatus
from .models import (
    Contact,
    CooperationRecord,
    NetworkMembership,
    Organization,
    OrganizationDocument,
    OrganizationMember,
    PossibleDuplicate,
    RegistryDashboard,
    StaffObservation,
)
from .regions import country_choices, country_name
from .resources import OrganizationResource

# --- Filters ----------------------------------------------------------------


def _label(choices, value: str) -> str:
    """A choice's label straight from its enum (the model's get_FOO_display() rebuilds the
    field's choices on each call). A plain string: the admin compares each cell with its
    empty values, and every comparison of a lazy label translates it again."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class RegionFilter(admin.SimpleListFilter):
    title = _("IOM region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.filter(regions__contains=[self.value()])
        return queryset


class CountryFilter(SelectListFilter):
    title = _("headquarters country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return country_choices()

    def queryset(self, request, queryset):
        value = self.value()
        if value:
            return queryset.filter(headquarters_country=value.upper())
        return queryset


class NetworkFilter(SelectListFilter):
    title = _("network")
    parameter_name = "network"

    def lookups(self, request, model_admin):
        return list(
            Organization.objects.filter(is_network=True).order_by("name").values_list("pk", "name")
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(network_links__network_id=int(value))
        return queryset


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = _("possible duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", _("Flagged as possible duplicate"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.has_possible_duplicate_expression())
        return queryset


class SeriousConcernFilter(admin.SimpleListFilter):
    title = _("staff observations")
    parameter_name = "concern"

    def lookups(self, request, model_admin):
        return [("serious", _("Open serious concern"))]

    def queryset(self, request, queryset):
        if self.value() == "serious":
            return queryset.filter(selectors.has_serious_concern_expression())
        return queryset


class IdentityChangesFilter(admin.SimpleListFilter):
    """Verified profiles whose partner changed an identity field that staff must review."""

    title = _("identity changes")
    parameter_name = "identity_changes"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Awaiting review"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.with_identity_changes()
        return queryset


# --- Inlines ----------------------------------------------------------------


class ContactInline(LabelledTabularInline):
    model = Contact
    extra = 0
    fields = ("name", "position", "email", "phone", "languages", "is_primary")


class MembershipInline(LabelledTabularInline):
    model = NetworkMembership
    fk_name = "member"
    extra = 0
    verbose_name = _("membership of a network")
    verbose_name_plural = _("memberships of networks")
    autocomplete_fields = ("network",)
    fields = ("network", "since", "role")


class NetworkMembersInline(LabelledTabularInline):
    model = NetworkMembership
    fk_name = "network"
    extra = 0
    verbose_name = _("member organization")
    verbose_name_plural = _("member organizations (when this is a network)")
    autocomplete_fields = ("member",)
    fields = ("member", "since", "role")


class CooperationRecordInline(admin.StackedInline):
    model = CooperationRecord
    extra = 0
    fields = (
        ("kind", "iom_office"),
        "title",
        ("start_date", "end_date"),
        "description",
        "is_public",
    )


class StaffObservationInline(LabelledTabularInline):
    """New observations are saved through ``observation_add``; existing ones are read-only
    here (resolve them from the observations list, which keeps their history)."""

    model = StaffObservation
    extra = 0
    fields = ("severity", "text", "author", "created_at", "resolved_at")
    readonly_fields = ("author", "created_at", "resolved_at")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


# --- Forms for actions --------------------------------------------------------


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what shows

    def _post_clean(self):
        # _post_clean and _update_errors are ModelForm's private hooks; the stubs leave them out.
        super()._post_clean()  # type: ignore[misc]
        # name_key is derived, so the form's own constraint check skips the
        # name-per-country rule: derive it and check all constraints here.
        services.organization_derive_fields(self.instance)
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Kept in the organization's history; a rejection reason is sent to it."),
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        label=_("Organization to keep"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["keep"]).queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        )


TRANSITION_LABELS = services.TRANSITION_LABELS
TRANSITION_SERVICES: dict[str, Callable[..., Organization]] = {
    "verify": services.organization_verify,
    "reject": services.organization_reject,
    "suspend": services.organization_suspend,
    "reinstate": services.organization_reinstate,
    "resubmit": services.organization_resubmit,
}
REASON_REQUIRED = {"reject", "suspend"}


# --- Organization ---------------------------------------------------------------


class OrganizationChangeList(ChangeList):
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
class OrganizationAdmin(SeriousConcernAdminMixin, ImportExportMixin, TranslatedHistoryAdmin):
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
            {"fields": ("activities", "operating_settings", "description", "mission_statement")},
        ),
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
    history_list_display = ("verification_status", "status_reason")

    # Permissions --------------------------------------------------------------

    def has_verify_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.verify_organization")

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.merge_organization")

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_verify_permission(request):
            context["transitions"] = [
                (verb, TRANSITION_LABELS[verb]) for verb in services.available_transitions(obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Extra views --------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="partners_dashboard",
            ),
            path(
                "merge/",
                self.admin_site.admin_view(self.merge_view),
                name="partners_organization_merge",
            ),
            path(
                "<int:object_id>/transition/<str:verb>/",
                self.admin_site.admin_view(self.transition_view),
                name="partners_organization_transition",
            ),
        ]
        return custom + urls

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        dashboard = selectors.staff_dashboard()
        from .choices import PartnerType

        context = {
            **self.admin_site.each_context(request),
            "title": _("Partner registry dashboard"),
            "opts": self.model._meta,
            "dashboard": dashboard,
            "by_status": [
                (label, dashboard.by_status.get(value, 0), value)
                for value, label in VerificationStatus.choices
            ],
            "by_type": [
                (label, dashboard.by_type.get(value, 0), value)
                for value, label in PartnerType.choices
            ],
            "by_region": [
                (label, dashboard.by_region.get(value, 0), value) for value, label in Region.choices
            ],
        }
        return TemplateResponse(request, "partners/admin/dashboard.html", context)

    def transition_view(self, request, object_id: int, verb: str):
        if verb not in TRANSITION_SERVICES or not self.has_verify_permission(request):
            raise PermissionDenied
        organization = get_object_or_404(Organization, pk=object_id)
        form = ReasonForm(request.POST or None, required=verb in REASON_REQUIRED)
        if request.method == "POST" and form.is_valid():
            try:
                TRANSITION_SERVICES[verb](
                    actor=request.user,
                    organization=organization,
                    reason=form.cleaned_data["reason"],
                )
            except (services.InvalidTransition, ValidationError) as error:
                messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(
                    request,
                    _("%(organization)s is now %(status)s.")
                    % {
                        "organization": organization,
                        "status": organization.get_verification_status_display(),
                    },
                )
            return HttpResponseRedirect(
                reverse("admin:partners_organization_change", args=[organization.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(verb)s %(organization)s")
            % {"verb": TRANSITION_LABELS[verb], "organization": organization},
            "opts": self.model._meta,
            "organization": organization,
            "form": form,
            "verb": verb,
            "verb_label": TRANSITION_LABELS[verb],
        }
        return TemplateResponse(request, "partners/admin/organization_transition.html", context)

    def merge_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        raw_ids = request.POST.get("ids") or request.GET.get("ids", "")
        ids = [int(value) for value in raw_ids.split(",") if value.strip().isdigit()]
        organizations = list(Organization.objects.filter(pk__in=ids).order_by("created_at"))
        if len(organizations) != 2:
            messages.error(request, _("Choose exactly two organizations to merge."))
            return HttpResponseRedirect(reverse("admin:partners_organization_changelist"))
        form = MergeForm(request.POST or None, organizations=organizations)
        if request.method == "POST" and form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicate = next(org for org in organizations if org.pk != keep.pk)
            services.organization_merge(actor=request.user, keep=keep, duplicate=duplicate)
            messages.success(
                request,
                _("%(duplicate)s was merged into %(keep)s.")
                % {"duplicate": duplicate, "keep": keep},
            )
            return HttpResponseRedirect(
                reverse("admin:partners_organization_change", args=[keep.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two organizations"),
            "opts": self.model._meta,
            "organizations": organizations,
            "form": form,
            "ids": ",".join(str(org.pk) for org in organizations),
        }
        return TemplateResponse(request, "partners/admin/organization_merge.html", context)

    # Bulk actions -------------------------------------------------------------

    def _apply_transition(self, request, queryset, verb: str, reason: str = ""):
        done, refused = 0, []
        for organization in queryset:
            try:
                TRANSITION_SERVICES[verb](
                    actor=request.user, organization=organization, reason=reason
                )
                done += 1
            except (services.InvalidTransition, ValidationError) as error:
                refused.append(
                    f"{organization}: {'; '.join(getattr(error, 'messages', [str(error)]))}"
                )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organization updated.", "%(count)d organizations updated.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def _reason_action(self, request, queryset, verb: str):
        form = ReasonForm(
            request.POST if "apply" in request.POST else None, required=verb in REASON_REQUIRED
        )
        if "apply" in request.POST and form.is_valid():
            self._apply_transition(request, queryset, verb, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": TRANSITION_LABELS[verb],
            "opts": self.model._meta,
            "organizations": queryset,
            "form": form,
            "action": f"{verb}_selected",
            "verb_label": TRANSITION_LABELS[verb],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "partners/admin/organization_reason_action.html", context)

    @admin.action(description=_("Verify selected organizations"), permissions=["verify"])
    def verify_selected(self, request, queryset):
        self._apply_transition(request, queryset, "verify")

    @admin.action(description=_("Reject selected organizations…"), permissions=["verify"])
    def reject_selected(self, request, queryset):
        return self._reason_action(request, queryset, "reject")

    @admin.action(description=_("Suspend selected organizations…"), permissions=["verify"])
    def suspend_selected(self, request, queryset):
        return self._reason_action(request, queryset, "suspend")

    @admin.action(description=_("Reinstate selected organizations"), permissions=["verify"])
    def reinstate_selected(self, request, queryset):
        self._apply_transition(request, queryset, "reinstate")

    @admin.action(description=_("Merge the two selected organizations…"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)[:3])
        return HttpResponseRedirect(reverse("admin:partners_organization_merge") + f"?ids={ids}")

    def get_import_data_kwargs(self, **kwargs):
        # A file with any invalid row saves nothing, in the confirm step too.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs


# --- Related models ---------------------------------------------------------------


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

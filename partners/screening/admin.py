"""Staff pages of sanctions screening: the due-diligence review queue and the list versions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from iomcso.core.workflow import transition_log_for

from . import selectors, services
from .consolidated_list import ListFileError
from .forms import DecisionForm, ListFileForm
from .models import (
    ListEntry,
    ListEntryChange,
    ListVersion,
    NameField,
    PossibleMatch,
)


def _field_label(value: str) -> str:
    return str(NameField(value).label) if value in NameField.values else value


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EntryChangeInline(admin.TabularInline):
    model = ListEntryChange
    fields = ("entry", "change")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entry")


@admin.register(ListVersion)
class ListVersionAdmin(_ReadOnlyAdmin):
    list_display = (
        "imported_at",
        "generated_at",
        "entries",
        "added",
        "changed",
        "removed",
        "open_matches",
        "confirmed",
        "false_positives",
    )
    readonly_fields = (
        "imported_at",
        "generated_at",
        "source",
        "sha256",
        "entries",
        "added",
        "changed",
        "removed",
        "imported_by",
    )
    inlines = [EntryChangeInline]
    change_list_template = "screening/admin/listversion_change_list.html"

    def get_queryset(self, request):
        return selectors.list_versions_with_outcomes()

    @admin.display(description=_("open matches"))
    def open_matches(self, obj):
        return obj.open_matches

    @admin.display(description=_("confirmed"))
    def confirmed(self, obj):
        return obj.confirmed

    @admin.display(description=_("false positives"))
    def false_positives(self, obj):
        return obj.false_positives

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("screening.add_listversion")

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="screening_listversion_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ListFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = services.list_import(
                    content=upload.read(), source=upload.name, actor=request.user
                )
            except ListFileError as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "List imported: %(entries)s entries, %(added)s added, %(changed)s "
                        "changed, %(removed)s removed. The registry is being screened."
                    )
                    % {
                        "entries": version.entries,
                        "added": version.added,
                        "changed": version.changed,
                        "removed": version.removed,
                    },
                )
                return HttpResponseRedirect(reverse("admin:screening_listversion_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the UN Security Council Consolidated List"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "screening/admin/list_import.html", context)


class ActiveFilter(admin.SimpleListFilter):
    title = _("on the list")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("On the list")), ("no", _("Removed"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(removed_in__isnull=self.value() == "yes")
        return queryset


@admin.register(ListEntry)
class ListEntryAdmin(_ReadOnlyAdmin):
    list_display = ("reference_number", "name", "kind", "list_type", "listed_on", "removed_in")
    list_filter = ("kind", ActiveFilter, "list_type")
    search_fields = ("reference_number", "name", "original_script_name")
    readonly_fields = (
        "reference_number",
        "kind",
        "name",
        "original_script_name",
        "list_type",
        "listed_on",
        "nationalities",
        "addresses",
        "aliases",
        "comments",
        "first_version",
        "changed_in",
        "removed_in",
    )
    exclude = ("content_hash",)


@admin.register(PossibleMatch)
class PossibleMatchAdmin(admin.ModelAdmin):
    """The due-diligence queue: open matches first, highest score first."""

    list_display = (
        "subject_name",
        "organization",
        "entry_link",
        "score",
        "status",
        "found_in",
        "created_at",
    )
    list_display_links = ("subject_name",)
    list_filter = ("status", "entry__kind", "found_in")
    list_select_related = ("organization", "entry", "found_in")
    search_fields = ("subject_name", "organization__name", "entry__name", "entry__reference_number")
    show_full_result_count = False
    change_form_template = "screening/admin/possiblematch_review.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("screening.decide_possiblematch")

    def get_queryset(self, request) -> QuerySet[PossibleMatch]:
        return selectors.possible_matches_for_review()

    def changelist_view(self, request, extra_context=None):
        # The queue opens on what is left to review.
        if not request.GET and request.method == "GET":
            url = reverse("admin:screening_possiblematch_changelist")
            return HttpResponseRedirect(f"{url}?status__exact={PossibleMatch.Status.OPEN}")
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("list entry"), ordering="entry__reference_number")
    def entry_link(self, obj):
        return format_html(
            '<a href="{}">{} {}</a>',
            reverse("admin:screening_listentry_change", args=[obj.entry_id]),
            obj.entry.reference_number,
            obj.entry.name,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        possible_match = selectors.possible_match_for_review(pk=int(object_id))
        if possible_match is None:
            possible_match = get_object_or_404(PossibleMatch, pk=-1)
        if not self.has_view_or_change_permission(request, possible_match):
            raise PermissionDenied
        can_decide = (
            self.has_decide_permission(request)
            and possible_match.status == PossibleMatch.Status.OPEN
        )
        form = DecisionForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            if form.is_valid():
                decide = (
                    services.possible_match_confirm
                    if form.cleaned_data["outcome"] == PossibleMatch.Status.CONFIRMED
                    else services.possible_match_dismiss
                )
                try:
                    decide(
                        actor=request.user,
                        possible_match=possible_match,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    messages.error(request, "; ".join(error.messages))
                else:
                    messages.success(
                        request,
                        _("Decision recorded: %(status)s.")
                        % {"status": possible_match.get_status_display()},
                    )
                    return HttpResponseRedirect(reverse("admin:screening_possiblematch_changelist"))
            status = 400
        statuses = dict(PossibleMatch.Status.choices)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review a possible sanctions match"),
            "opts": self.model._meta,
            "original": possible_match,
            "match": possible_match,
            "entry": possible_match.entry,
            "organization": possible_match.organization,
            "form": form,
            "matched_fields": [
                {
                    **field,
                    "subject_label": _field_label(field.get("subject_field", "")),
                    "entry_label": _field_label(field.get("entry_field", "")),
                }
                for field in possible_match.matched_fields
            ],
            "can_decide": can_decide,
            "decisions": [
                (log, statuses.get(log.to_status, log.to_status))
                for log in transition_log_for(possible_match)
                if log.from_status  # the first row only says the match was raised
            ],
        }
        return TemplateResponse(request, self.change_form_template, context, status=status)

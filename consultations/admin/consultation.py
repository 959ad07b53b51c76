"""Consultations, their series, agenda, documents and action points in the admin."""

import zoneinfo
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iomcso.core.admin_accessibility import LabelledTabularInline
from iomcso.core.admin_transitions import TransitionLogInline
from partners.uploads import document_file_name, validate_document_upload

from .. import selectors, services
from ..models import ActionPoint, AgendaSession, Consultation, ConsultationDocument, Series, Speaker
from .actions import service_action
from .pages import ConsultationPagesMixin

# One labelled ``datetime-local`` input per date-time: the admin's split date and time
# inputs have no label of their own (axe-core: critical), and this one works on phones.
DATETIME_INPUT: dict[type[models.Field], dict[str, Any]] = {
    models.DateTimeField: {
        "form_class": forms.DateTimeField,
        "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    }
}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_builtin"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_builtin:
            return False
        return super().has_delete_permission(request, obj)


class AgendaSessionInline(LabelledTabularInline):
    model = AgendaSession
    extra = 0
    fields = ["order", "title", "starts_at", "ends_at", "room", "online_link", "description"]
    show_change_link = True
    formfield_overrides = DATETIME_INPUT


class ConsultationDocumentForm(forms.ModelForm):
    class Meta:
        model = ConsultationDocument
        fields = ["kind", "title", "visibility", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            # A new upload: checked by its bytes, never by its name.
            mime = validate_document_upload(upload)
            self.instance.content_type = mime
            self.instance.size = upload.size
            self.instance.original_name = document_file_name(upload.name, mime)
        return upload


class ConsultationDocumentInline(LabelledTabularInline):
    model = ConsultationDocument
    form = ConsultationDocumentForm
    extra = 0
    fields = ["kind", "title", "visibility", "file"]


class ActionPointInline(LabelledTabularInline):
    model = ActionPoint
    extra = 0
    fields = ["order", "text", "owner", "due_date", "status"]
    # Keyed by field class, as the admin looks them up (``text`` is the inline's only TextField).
    formfield_overrides = {
        models.TextField: {"widget": admin_widgets.AdminTextareaWidget(attrs={"rows": 2})}
    }


def _transition_action(service, label):
    return service_action(
        service,
        label,
        argument="consultation",
        updated=lambda count: (
            ngettext("%(count)d consultation updated.", "%(count)d consultations updated.", count)
            % {"count": count}
        ),
    )


@admin.register(Consultation)
class ConsultationAdmin(ConsultationPagesMixin):
    list_display = [
        "title",
        "series",
        "starts_at",
        "format",
        "status",
        "capacity",
        "registrations_link",
    ]
    list_filter = ["status", "series", "format", "eligibility"]
    search_fields = ["title", "theme", "venue"]
    date_hierarchy = "starts_at"
    show_full_result_count = False
    list_select_related = ["series"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = DATETIME_INPUT
    readonly_fields = ["status", "report_published_at", "cloned_from"]
    inlines = [
        AgendaSessionInline,
        ConsultationDocumentInline,
        ActionPointInline,
        TransitionLogInline,
    ]
    fieldsets = [
        (None, {"fields": ["series", "title", "slug", "theme", "description", "status"]}),
        (
            _("When and where"),
            {"fields": ["starts_at", "ends_at", "time_zone", "format", "venue", "online_link"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "max_delegates_per_organization",
                    "requires_approval",
                    "eligibility",
                    "interpretation_languages",
                ]
            },
        ),
        (
            _("Reminders and follow-up"),
            {
                "fields": [
                    "invitation_reminder_days",
                    "closing_reminder_days",
                    "event_reminder_days",
                    "feedback_reminder_days",
                    "feedback_survey_url",
                    "report_published_at",
                    "cloned_from",
                ]
            },
        ),
    ]
    actions = [
        _transition_action(services.consultation_publish, _("Publish")),
        _transition_action(services.consultation_open_registration, _("Open registration")),
        _transition_action(services.consultation_close_registration, _("Close registration")),
        _transition_action(services.consultation_mark_held, _("Mark as held")),
        _transition_action(services.consultation_publish_report, _("Mark the report published")),
        _transition_action(services.consultation_cancel, _("Cancel")),
        "clone_action",
        "clone_with_documents_action",
    ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Dates are entered and shown in the consultation's own time zone."""
        zone = request.POST.get("time_zone") or (
            Consultation.objects.filter(pk=object_id).values_list("time_zone", flat=True).first()
            if object_id and str(object_id).isdigit()
            else None
        )
        if zone not in zoneinfo.available_timezones():
            zone = Consultation._meta.get_field("time_zone").default
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.consultation_waitlist_promote(consultation=obj, actor=request.user)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d waitlisted delegate was given a seat and told by email.",
                        "%(count)d waitlisted delegates were given a seat and told by email.",
                        promoted,
                    )
                    % {"count": promoted},
                    level=messages.SUCCESS,
                )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "interpretation_languages":
            return forms.TypedMultipleChoiceField(
                choices=db_field.base_field.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=db_field.verbose_name,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("registrations"))
    def registrations_link(self, obj: Consultation) -> str:
        url = (
            reverse("admin:consultations_registration_changelist")
            + f"?consultation__id__exact={obj.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, _("Delegates"))

    @admin.action(description=_("Clone for next year"), permissions=["add"])
    def clone_action(self, request, queryset):
        self._clone(request, queryset, copy_documents=False)

    @admin.action(description=_("Clone for next year, with its documents"), permissions=["add"])
    def clone_with_documents_action(self, request, queryset):
        self._clone(request, queryset, copy_documents=True)

    def _clone(self, request, queryset, *, copy_documents: bool) -> None:
        earlier_clones = selectors.clones_by_source(sources=queryset)
        for consultation in queryset:
            earlier = earlier_clones.get(consultation.pk)
            if earlier is not None:
                # A second identical draft is never what staff want: lead to the first one.
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("%(title)s was already cloned; nothing was copied again. Open the draft:")
                        % {"title": consultation.title},
                        reverse("admin:consultations_consultation_change", args=[earlier.pk]),
                        earlier.title,
                    ),
                    level=messages.WARNING,
                )
                continue
            clone = services.consultation_clone(
                source=consultation, actor=request.user, copy_documents=copy_documents
            )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Cloned as a draft:"),
                    reverse("admin:consultations_consultation_change", args=[clone.pk]),
                    clone.title,
                ),
                level=messages.SUCCESS,
            )
            self.message_user(
                request,
                _(
                    "Dates and agenda times are moved on by a year: check them on the draft. "
                    "Not copied: action points and the feedback survey link. Registrations "
                    "start afresh and invitations are planned, not sent."
                )
                if copy_documents
                else _(
                    "Dates and agenda times are moved on by a year: check them on the draft. "
                    "Not copied: documents (use “Clone for next year, with its documents”), "
                    "action points and the feedback survey link. Registrations start afresh "
                    "and invitations are planned, not sent."
                ),
                level=messages.INFO,
            )


class SpeakerInline(LabelledTabularInline):
    model = Speaker
    extra = 1
    raw_id_fields = ["organization"]


@admin.register(AgendaSession)
class AgendaSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "consultation", "starts_at", "room"]
    list_filter = ["consultation__series"]
    search_fields = ["title", "consultation__title"]
    list_select_related = ["consultation"]
    inlines = [SpeakerInline]
    formfield_overrides = DATETIME_INPUT


@admin.register(ActionPoint)
class ActionPointAdmin(admin.ModelAdmin):
    list_display = ["text", "consultation", "owner", "due_date", "status"]
    list_filter = ["status", "consultation"]
    search_fields = ["text", "owner"]
    list_select_related = ["consultation"]

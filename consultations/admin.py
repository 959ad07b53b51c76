# Over 400 lines: one ModelAdmin per model plus the consultation's staff pages; next to split
# into a package like partners/admin/ when it grows.
"""Staff side of consultations: presentation only; every change goes through services."""

import re
import zoneinfo
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iomcso.core.admin_accessibility import LabelledTabularInline
from iomcso.core.admin_transitions import TransitionLogInline
from iomcso.core.audit import Action, audit_record
from iomcso.core.paginators import BoundedChangeList, CappedCountPaginator
from partners.selectors import has_serious_concern_expression, organizations_with_serious_concern
from partners.uploads import document_file_name, validate_document_upload

from . import exports, selectors, services
from .letters import CERTIFICATE, INVITATION_LETTER, badges_pdf, letter_available
from .models import (
    ActionPoint,
    AgendaSession,
    Consultation,
    ConsultationDocument,
    Invitation,
    Registration,
    Series,
    Speaker,
)

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
    def action(modeladmin, request, queryset):
        done = 0
        for consultation in queryset:
            try:
                service(consultation=consultation, actor=request.user)
            except services.InvalidTransition as error:
                modeladmin.message_user(request, f"{consultation}: {error}", level=messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d consultation updated.", "%(count)d consultations updated.", done
                )
                % {"count": done},
                level=messages.SUCCESS,
            )

    action.__name__ = service.__name__
    return admin.action(description=label, permissions=["change"])(action)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
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

    # --- Staff pages of one consultation ---------------------------------------

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("<int:pk>/invite/", wrap(self.invite_view), name="consultations_invite"),
            path("<int:pk>/check-in/", wrap(self.check_in_view), name="consultations_check_in"),
            path("<int:pk>/badges/", wrap(self.badges_view), name="consultations_badges"),
            path(
                "<int:pk>/badges.pdf", wrap(self.badges_pdf_view), name="consultations_badges_pdf"
            ),
            path(
                "<int:pk>/statistics/", wrap(self.statistics_view), name="consultations_statistics"
            ),
            path(
                "<int:pk>/participants.<str:file_format>",
                wrap(self.export_view),
                name="consultations_export",
            ),
            *super().get_urls(),
        ]

    def _consultation(self, request, pk: int, *, change: bool = False) -> Consultation:
        consultation = get_object_or_404(Consultation.objects.select_related("series"), pk=pk)
        allowed = (
            self.has_change_permission(request, consultation)
            if change
            else self.has_view_permission(request, consultation)
        )
        if not allowed:
            raise PermissionDenied
        return consultation

    def _context(self, request, consultation: Consultation, title: str | Promise, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": consultation,
            "consultation": consultation,
            "title": title,
            **extra,
        }

    def invite_view(self, request, pk: int):
        """Choose organizations with the registry's filters and send invitations."""
        consultation = self._consultation(request, pk, change=request.method == "POST")
        if request.method == "POST":
            ids = [int(value) for value in request.POST.getlist("organization") if value.isdigit()]
            try:
                sent = services.invitations_send(
                    consultation=consultation, organization_ids=ids, actor=request.user
                )
            except services.InvalidTransition as error:
                self.message_user(request, str(error), level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
                    % {"count": sent},
                    level=messages.SUCCESS,
                )
            return redirect(request.get_full_path())
        found = selectors.organizations_to_invite(params=request.GET, consultation=consultation)
        invitations = consultation.invitations.select_related("organization")
        return TemplateResponse(
            request,
            "consultations/staff/invite.html",
            self._context(
                request,
                consultation,
                _("Invite organizations"),
                invitations=invitations,
                **found,
            ),
        )

    def check_in_view(self, request, pk: int):
        """The check-in list of the day: printable, and usable on a phone."""
        consultation = self._consultation(request, pk, change=request.method == "POST")
        status = 200
        if request.method == "POST":
            registration_id = request.POST.get("registration", "")
            if not re.fullmatch(r"[0-9]{1,18}", registration_id):
                # A tampered or truncated form: say so on the list, as a 400, not a 500.
                self.message_user(
                    request,
                    _("This delegate could not be found on the list; search again."),
                    level=messages.ERROR,
                )
                status = 400
            else:
                self._check_in_post(request, consultation, int(registration_id))
                return redirect(request.get_full_path())
        delegates = selectors.check_in_list(consultation=consultation)
        query = request.GET.get("q", "").strip()
        if query:
            delegates = delegates.filter(full_name__icontains=query) | delegates.filter(
                organization__name__icontains=query
            )
        rows = list(delegates)
        concerns = organizations_with_serious_concern({d.organization_id for d in rows})
        for delegate in rows:
            # A flag for the template only, not a field of the model.
            delegate.serious_concern = delegate.organization_id in concerns  # type: ignore[attr-defined]
        return TemplateResponse(
            request,
            "consultations/staff/check_in.html",
            self._context(
                request,
                consultation,
                _("Check-in list"),
                delegates=rows,
                query=query,
                present=sum(d.attendance == Registration.Attendance.PRESENT for d in rows),
            ),
            status=status,
        )

    def _check_in_post(self, request, consultation, registration_id: int) -> None:
        registration = get_object_or_404(
            Registration, pk=registration_id, consultation=consultation
        )
        checking_in = request.POST.get("attendance") != "no_show"
        service = (
            services.registration_check_in if checking_in else services.registration_mark_no_show
        )
        try:
            registration = service(registration=registration, actor=request.user)
        except services.InvalidTransition as error:
            self.message_user(request, str(error), level=messages.WARNING)
        else:
            self.message_user(
                request,
                _("%(name)s: %(attendance)s")
                % {
                    "name": registration.full_name,
                    "attendance": registration.get_attendance_display(),
                },
                level=messages.SUCCESS,
            )

    def badges_view(self, request, pk: int):
        consultation = self._consultation(request, pk)
        return TemplateResponse(
            request,
            "consultations/staff/badges.html",
            self._context(
                request,
                consultation,
                _("Badges and name list"),
                delegates=selectors.check_in_list(consultation=consultation),
            ),
        )

    def badges_pdf_view(self, request, pk: int):
        """The confirmed delegates' name badges as a PDF, printed in every script."""
        consultation = self._consultation(request, pk)
        pdf = badges_pdf(
            consultation=consultation,
            delegates=selectors.check_in_list(consultation=consultation),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="badges-{consultation.slug}.pdf"'
        return response

    def statistics_view(self, request, pk: int):
        consultation = self._consultation(request, pk)
        return TemplateResponse(
            request,
            "consultations/staff/statistics.html",
            self._context(
                request,
                consultation,
                _("Statistics"),
                stats=selectors.staff_consultation_statistics(consultation=consultation),
            ),
        )

    def export_view(self, request, pk: int, file_format: str):
        consultation = self._consultation(request, pk)
        if file_format in ("csv", "xlsx"):
            audit_record(
                action=Action.EXPORT,
                request=request,
                target=consultation,
                message=f"participants.{file_format}",
            )
        if file_format == "csv":
            return exports.participants_csv_response(consultation=consultation)
        if file_format == "xlsx":
            return exports.participants_xlsx_response(consultation=consultation)
        raise PermissionDenied


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


class SeriousConcernModelAdmin(admin.ModelAdmin):
    """A change page about an organization warns staff of an unresolved serious concern."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["serious_concern"] = bool(
                organizations_with_serious_concern([obj.organization_id])
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Invitation)
class InvitationAdmin(SeriousConcernModelAdmin):
    list_display = [
        "organization",
        "consultation",
        "status",
        "sent_at",
        "opened_at",
        "responded_at",
    ]
    list_filter = ["status", "consultation", "organization__partner_type", "organization__level"]
    search_fields = ["organization__name", "organization__acronym"]
    list_select_related = ["organization", "consultation"]
    show_full_result_count = False
    # Never an unfiltered COUNT(*) over the whole table (a capped count, then an estimate).
    paginator = CappedCountPaginator

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    readonly_fields = ["status", "sent_at", "opened_at", "responded_at", "token"]
    raw_id_fields = ["organization"]
    actions = ["send_planned"]

    @admin.action(description=_("Send the selected planned invitations"), permissions=["change"])
    def send_planned(self, request, queryset):
        sent = 0
        for consultation_id in set(queryset.values_list("consultation_id", flat=True)):
            consultation = Consultation.objects.get(pk=consultation_id)
            sent += services.invitations_send(
                consultation=consultation,
                organization_ids=queryset.filter(consultation_id=consultation_id).values_list(
                    "organization_id", flat=True
                ),
                actor=request.user,
            )
        self.message_user(request, _("%(count)d sent.") % {"count": sent}, level=messages.SUCCESS)


def _registration_action(service, label):
    def action(modeladmin, request, queryset):
        done = 0
        for registration in queryset.select_related("consultation", "organization"):
            try:
                service(registration=registration, actor=request.user)
            except ValidationError as error:
                modeladmin.message_user(request, f"{registration}: {error}", level=messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d registration updated.", "%(count)d registrations updated.", done
                )
                % {"count": done},
                level=messages.SUCCESS,
            )

    action.__name__ = service.__name__
    return admin.action(description=label, permissions=["change"])(action)


@admin.register(Registration)
class RegistrationAdmin(SeriousConcernModelAdmin):
    list_display = [
        "full_name",
        "organization",
        "serious_concern",
        "consultation",
        "status",
        "attendance",
        "created_at",
    ]
    list_filter = [
        "status",
        "attendance",
        "consultation",
        "organization__partner_type",
        "organization__level",
        "gender",
    ]
    search_fields = ["full_name", "email", "organization__name", "organization__acronym"]
    list_select_related = ["organization", "consultation"]
    show_full_result_count = False
    # Never an unfiltered COUNT(*) over the whole table (a capped count, then an estimate).
    paginator = CappedCountPaginator

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    date_hierarchy = "created_at"
    readonly_fields = ["status", "attendance", "checked_in_at", "created_at", "letters"]
    raw_id_fields = ["organization"]
    actions = [
        _registration_action(services.registration_confirm, _("Confirm")),
        _registration_action(services.registration_decline, _("Decline")),
        _registration_action(services.registration_cancel, _("Cancel (promotes the waitlist)")),
        _registration_action(services.registration_check_in, _("Check in")),
        _registration_action(services.registration_mark_no_show, _("Record as no-show")),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_serious_concern=has_serious_concern_expression("organization_id"))
        )

    @admin.display(description=_("serious concern"), boolean=True)
    def serious_concern(self, obj: Registration) -> bool:
        return obj.has_serious_concern  # type: ignore[attr-defined]  # annotated by get_queryset

    def has_add_permission(self, request) -> bool:
        # Delegates are registered through the service (portal), which enforces the limits.
        return False

    @admin.display(description=_("letters"))
    def letters(self, obj: Registration) -> str:
        links = []
        for kind, label in (
            (INVITATION_LETTER, _("Invitation letter")),
            (CERTIFICATE, _("Certificate")),
        ):
            if letter_available(registration=obj, kind=kind):
                url = reverse(
                    "consultations:letter",
                    kwargs={
                        "slug": obj.consultation.slug,
                        "organization_id": obj.organization_id,
                        "registration_id": obj.pk,
                        "kind": kind,
                    },
                )
                links.append(format_html('<a href="{}">{}</a>', url, label))
        return format_html(" · ".join(["{}"] * len(links)), *links) if links else "—"


@admin.register(ActionPoint)
class ActionPointAdmin(admin.ModelAdmin):
    list_display = ["text", "consultation", "owner", "due_date", "status"]
    list_filter = ["status", "consultation"]
    search_fields = ["text", "owner"]
    list_select_related = ["consultation"]

"""Invitations and registrations of delegates in the admin: lists, actions, letters."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iomcso.core.paginators import LargeTableAdminMixin
from partners.admin_helpers import SeriousConcernColumnMixin

from .. import services
from ..letters import CERTIFICATE, INVITATION_LETTER, letter_available
from ..models import Consultation, Invitation, Registration
from .actions import service_action


@admin.register(Invitation)
class InvitationAdmin(LargeTableAdminMixin, admin.ModelAdmin):
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
    return service_action(
        service,
        label,
        argument="registration",
        related=("consultation", "organization"),
        updated=lambda count: (
            ngettext("%(count)d registration updated.", "%(count)d registrations updated.", count)
            % {"count": count}
        ),
    )


@admin.register(Registration)
class RegistrationAdmin(SeriousConcernColumnMixin, LargeTableAdminMixin, admin.ModelAdmin):
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

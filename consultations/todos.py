"""The consultations' items on the partner's portal to-do list (partners.portal.todos)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Organization
from partners.portal.todos import Todo

from .models import Consultation, Invitation


def consultation_todos(*, user) -> list[Todo]:
    """Invitations sent to one of the user's organizations and not yet answered, while
    registration is open; the deadline is the registration's closing date. One query."""
    invitations = (
        Invitation.objects.filter(
            organization__in=Organization.objects.for_member(user),
            status__in=(Invitation.Status.SENT, Invitation.Status.OPENED),
            consultation__status=Consultation.Status.REGISTRATION_OPEN,
        )
        .select_related("consultation", "organization")
        .order_by("consultation__registration_closes_at")
        .distinct()
    )
    return [
        Todo(
            title=_("Answer the invitation of %(organization)s to %(consultation)s")
            % {
                "organization": invitation.organization.name,
                "consultation": invitation.consultation.title,
            },
            detail=_("Register your delegates or decline the invitation."),
            url=reverse(
                "consultations:manage",
                kwargs={
                    "slug": invitation.consultation.slug,
                    "organization_id": invitation.organization_id,
                },
            ),
            action=_("Register delegates"),
            due=invitation.consultation.registration_closes_at,
        )
        for invitation in invitations
        if invitation.consultation.is_registration_open
    ]

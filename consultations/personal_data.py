"""The consultations' part of a user's data: delegate registrations made under the user's
addresses (by the user or by a colleague) and the consultation invitations written to them,
in the export; the registrations' erasure when the account is deleted.

Registered in ConsultationsConfig.ready().
"""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from iomcso.core.personal_data import (
    ANONYMISED_DELEGATE_NAME,
    email_matches,
    user_email_addresses,
)
from partners.choices import MemberRole
from partners.models import Organization

from . import selectors
from .models import Consultation, Invitation, Registration
from .services import registration_cancel

# Stored in the transition log in English and read in the staff member's language.
CANCELLED_ON_ACCOUNT_DELETION = gettext_noop("Cancelled: the delegate deleted their account.")

# A consultation still to come: a registration there holds (or waits for) a seat.
UPCOMING = (
    Consultation.Status.DRAFT,
    Consultation.Status.PUBLISHED,
    Consultation.Status.REGISTRATION_OPEN,
    Consultation.Status.REGISTRATION_CLOSED,
)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _invitations_written_to(user, addresses: list[str]) -> list[dict[str, Any]]:
    """Consultation invitations sent to organizations whose invitation emails go to one of
    the user's addresses (as a primary contact, or as an administrator or editor)."""
    organizations = (
        Organization.objects.filter(
            Q(members__user=user, members__role__in=[MemberRole.ADMINISTRATOR, MemberRole.EDITOR])
            | email_matches("contacts__email", addresses)
        )
        .distinct()
        .prefetch_related("contacts", "members__user")
        .order_by("name")
    )
    rows: list[dict[str, Any]] = []
    for organization in organizations:
        recipients = {
            recipient.email.lower()
            for recipient in selectors.organization_recipients(organization=organization)
        }
        addressed_to = sorted(recipients.intersection(addresses))
        if not addressed_to:
            continue
        invitations = (
            Invitation.objects.filter(organization=organization)
            .exclude(status=Invitation.Status.PLANNED)
            .select_related("consultation")
            .order_by("sent_at", "pk")
        )
        rows.extend(
            {
                "consultation": invitation.consultation.title,
                "organization": organization.name,
                "addressed_to": addressed_to,
                "status": invitation.status,
                "sent_at": _iso(invitation.sent_at),
                "answered_at": _iso(invitation.responded_at),
            }
            for invitation in invitations
        )
    return rows


def export_personal_data(user) -> dict[str, Any]:
    addresses = user_email_addresses(user)
    registrations = Registration.objects.filter(email_matches("email", addresses)).select_related(
        "consultation", "organization"
    )
    return {
        "consultation_registrations": [
            {
                "consultation": registration.consultation.title,
                "organization": registration.organization.name,
                "full_name": registration.full_name,
                "email": registration.email,
                "position": registration.position,
                "gender": registration.gender,
                "preferred_language": registration.preferred_language,
                "language_needs": registration.language_needs,
                "accessibility_needs": registration.accessibility_needs,
                "dietary_needs": registration.dietary_needs,
                "status": registration.status,
                "attendance": registration.attendance,
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in registrations.order_by("created_at")
        ],
        "consultation_invitations": _invitations_written_to(user, addresses),
    }


@transaction.atomic
def erase_personal_data(user) -> None:
    """Account deletion: the user's delegate registrations are cancelled if still to come,
    and every one is kept anonymised.

    IOM keeps each registration row for its statistics (delegates per consultation,
    organization, status, attendance, gender as given for anonymous statistics), so rows
    stay with the person's name replaced by "Former delegate" and the address, position and
    needs (which may reveal health or religion) emptied. A registration to a consultation
    still to come is first cancelled through ``registration_cancel``, so its seat goes to
    the first waitlisted delegate, who is told; the leaving person is not written to.
    Waiting registrations are cancelled before seat-holding ones, so a seat freed by one of
    the user's registrations never goes to another of theirs. Consultation invitations are
    addressed to organizations, not to people: they hold no address and stay; the emails
    that carried them leave with the outbox.
    """
    addresses = user_email_addresses(user)
    registrations = Registration.objects.filter(email_matches("email", addresses))
    upcoming = registrations.filter(
        status__in=Registration.ACTIVE_STATUSES, consultation__status__in=UPCOMING
    )
    waiting_first = [
        *upcoming.filter(status=Registration.Status.WAITLISTED).order_by("pk"),
        *upcoming.exclude(status=Registration.Status.WAITLISTED).order_by("pk"),
    ]
    for registration in waiting_first:
        registration_cancel(
            registration=registration,
            actor=user,
            notify_delegate=False,
            comment=CANCELLED_ON_ACCOUNT_DELETION,
        )
    registrations.update(
        full_name=ANONYMISED_DELEGATE_NAME,
        email="",
        position="",
        language_needs="",
        accessibility_needs="",
        dietary_needs="",
    )

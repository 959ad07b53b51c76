"""The partner registry's and portal's part of a user's data: its export, its erasure, and
the rule that the last administrator of an organization cannot delete their account.

Registered with the core in ``PartnersConfig.ready()``.
"""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from iomcso.core.personal_data import (
    ANONYMISED_CONTACT_NAME,
    email_matches,
    user_email_addresses,
)
from iomcso.core.registry import DeletionBlocker

from .choices import MemberRole
from .models import (
    Contact,
    JoinRequest,
    Organization,
    OrganizationDocument,
    OrganizationInvitation,
    OrganizationMember,
    RegistrationDraft,
)
from .portal.services.contacts import contact_delete


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_personal_data(user) -> dict[str, Any]:
    addresses = user_email_addresses(user)
    return {
        "organization_memberships": [
            {
                "organization": member.organization.name,
                "role": member.role,
                "since": _iso(member.created_at),
            }
            for member in OrganizationMember.objects.filter(user=user).select_related(
                "organization"
            )
        ],
        "join_requests": [
            {
                "organization": request.organization.name,
                "message": request.message,
                "status": request.status,
                "created_at": _iso(request.created_at),
                "decided_at": _iso(request.decided_at),
            }
            for request in JoinRequest.objects.filter(user=user).select_related("organization")
        ],
        "invitations": [
            {
                "organization": invitation.organization.name,
                "email": invitation.email,
                "role": invitation.role,
                "created_at": _iso(invitation.created_at),
                "expires_at": _iso(invitation.expires_at),
                "accepted_at": _iso(invitation.accepted_at),
                "revoked_at": _iso(invitation.revoked_at),
            }
            for invitation in OrganizationInvitation.objects.filter(
                email_matches("email", addresses) | Q(accepted_by=user)
            ).select_related("organization")
        ],
        "registration_drafts": [
            {"data": draft.data, "step": draft.current_step, "updated_at": _iso(draft.updated_at)}
            for draft in RegistrationDraft.objects.filter(user=user)
        ],
        "documents_uploaded": [
            {
                "organization": document.organization.name,
                "file_name": document.original_name,
                "kind": document.kind,
                "uploaded_at": _iso(document.uploaded_at),
            }
            for document in OrganizationDocument.objects.filter(uploaded_by=user).select_related(
                "organization"
            )
        ],
        # Organizations may list the user as a contact under the same email address.
        "listed_as_contact": [
            {
                "organization": contact.organization.name,
                "name": contact.name,
                "position": contact.position,
                "email": contact.email,
                "phone": contact.phone,
            }
            for contact in Contact.objects.filter(email_matches("email", addresses)).select_related(
                "organization"
            )
        ],
    }


@transaction.atomic
def erase_personal_data(user) -> None:
    """Account deletion: team invitations to the user's addresses and contact rows under them go.

    - Invitations (open, accepted, revoked or expired) are messages to the person: once the
      person leaves they serve nobody (memberships go with the account), so they are deleted.
    - A contact row exists only to reach that person; without name, address and phone an
      anonymous row would reach nobody and no statistics are drawn from contacts, so it is
      deleted rather than kept anonymised, with its history. The organization's profile
      then shows one contact fewer, and emails to the organization fall back to its other
      contacts and its team. A confirmed sanctions match keeps its own record (the name
      screened) and still blocks the organization.
    - Earlier versions of other contacts that carried one of the addresses (a contact later
      given to a colleague) keep their place in the history, without name, address or phone.
    """
    addresses = user_email_addresses(user)
    OrganizationInvitation.objects.filter(
        email_matches("email", addresses) | Q(accepted_by=user)
    ).delete()

    removed: list[int] = []
    for contact in Contact.objects.filter(email_matches("email", addresses)).order_by("pk"):
        removed.append(contact.pk)
        contact_delete(contact=contact, actor=user)
    history = Contact.history.model.objects
    history.filter(id__in=removed).delete()
    history.filter(email_matches("email", addresses)).update(
        name=ANONYMISED_CONTACT_NAME, email="", phone=""
    )


def organizations_only_administered_by(user, *, lock: bool = False) -> list[Organization]:
    """Organizations where the user is the only administrator, by name.

    With ``lock`` (inside a transaction) the administrator rows of those organizations are
    locked, so a concurrent role change cannot slip between the check and the deletion.
    """
    administered = OrganizationMember.objects.filter(user=user, role=MemberRole.ADMINISTRATOR)
    if lock:
        # Every administrator row of those organizations, in a stable order: two
        # administrators deleting their accounts at once cannot both pass the check.
        list(
            OrganizationMember.objects.select_for_update()
            .filter(
                organization_id__in=administered.values("organization_id"),
                role=MemberRole.ADMINISTRATOR,
            )
            .order_by("pk")
        )
    sole: list[Organization] = []
    for member in administered.select_related("organization"):
        others = (
            OrganizationMember.objects.filter(
                organization_id=member.organization_id, role=MemberRole.ADMINISTRATOR
            )
            .exclude(user=user)
            .exists()
        )
        if not others:
            sole.append(member.organization)
    return sorted(sole, key=lambda organization: organization.name)


def sole_administrator_blockers(user, *, lock: bool = False) -> list[DeletionBlocker]:
    """Each organization the user alone administers blocks the deletion, until they name
    another administrator on its team page."""
    return [
        DeletionBlocker(name=organization.name, url=reverse("portal:team", args=[organization.pk]))
        for organization in organizations_only_administered_by(user, lock=lock)
    ]

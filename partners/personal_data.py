"""The partner registry's and portal's part of a user's data: its export, and the rule that
the last administrator of an organization cannot delete their account.

Registered with the core in ``PartnersConfig.ready()``.
"""

from typing import Any

from django.db.models import Q
from django.urls import reverse

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


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_personal_data(user) -> dict[str, Any]:
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
                "accepted_at": _iso(invitation.accepted_at),
            }
            for invitation in OrganizationInvitation.objects.filter(
                Q(email__iexact=user.email) | Q(accepted_by=user)
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
            for contact in Contact.objects.filter(email__iexact=user.email).select_related(
                "organization"
            )
        ],
    }


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

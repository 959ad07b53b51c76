"""Registering an organization through the portal, with a saved draft."""

from django.db import transaction
from django.utils.translation import gettext as _

from partners import services as registry
from partners.choices import MemberRole, VerificationStatus
from partners.models import (
    Organization,
    OrganizationMember,
    RegistrationDraft,
)

from .common import InvalidTransition, _notify_staff_of_registration, _profile_values


def registration_draft_for(user) -> RegistrationDraft | None:
    return RegistrationDraft.objects.filter(user=user).order_by("-updated_at").first()


@transaction.atomic
def registration_draft_save(*, user, values: dict, step: int) -> RegistrationDraft:
    """Keep what the user typed so far; leaving the form in the middle loses nothing."""
    draft = (
        RegistrationDraft.objects.select_for_update()
        .filter(user=user)
        .order_by("-updated_at")
        .first()
    )
    if draft is None:
        draft = RegistrationDraft(user=user)
    draft.data = {**draft.data, **values}
    draft.current_step = max(1, step)
    draft.save()
    return draft


@transaction.atomic
def registration_draft_discard(*, user) -> None:
    RegistrationDraft.objects.filter(user=user).delete()


@transaction.atomic
def organization_register(*, actor, data: dict) -> Organization:
    """Create a pending organization from a completed registration; the actor administers it.

    Staff (the Partnerships officer group) are told, and the user's draft is removed in
    the same transaction so a failed registration keeps the draft.
    """
    values = _profile_values(data)
    organization = registry.organization_create(actor=actor, **values)
    OrganizationMember.objects.create(
        organization=organization, user=actor, role=MemberRole.ADMINISTRATOR
    )
    RegistrationDraft.objects.filter(user=actor).delete()
    _notify_staff_of_registration(organization, resubmitted=False)
    return organization


@transaction.atomic
def organization_resubmit(*, organization: Organization, actor) -> Organization:
    """Send a rejected registration, corrected by the partner, back to staff for verification.

    Only rejected → pending; the reason of the rejection stays in the history.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.verification_status != VerificationStatus.REJECTED:
        raise InvalidTransition(_("Only a rejected registration can be resubmitted."))
    try:
        organization = registry.organization_resubmit(
            organization=organization, actor=actor, reason=_("Corrected by the partner")
        )
    except registry.InvalidTransition as error:
        raise InvalidTransition(str(error)) from error
    _notify_staff_of_registration(organization, resubmitted=True)
    return organization

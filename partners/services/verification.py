"""The organization's verification workflow: verify, reject, suspend, reinstate, resubmit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iomcso.core.services import email_queue
from iomcso.core.workflow import transition

from ..choices import MemberRole, VerificationStatus
from ..directory_cache import directory_changed
from ..models import (
    Organization,
    OrganizationMember,
)
from ..screening.guards import organization_screening_guard
from .organizations import _record_history

# verb -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "verify": (frozenset({VerificationStatus.PENDING}), VerificationStatus.VERIFIED),
    "reject": (frozenset({VerificationStatus.PENDING}), VerificationStatus.REJECTED),
    "suspend": (frozenset({VerificationStatus.VERIFIED}), VerificationStatus.SUSPENDED),
    "reinstate": (frozenset({VerificationStatus.SUSPENDED}), VerificationStatus.VERIFIED),
    "resubmit": (frozenset({VerificationStatus.REJECTED}), VerificationStatus.PENDING),
}


TRANSITION_LABELS = {
    "verify": gettext_lazy("Verify"),
    "reject": gettext_lazy("Reject"),
    "suspend": gettext_lazy("Suspend"),
    "reinstate": gettext_lazy("Reinstate"),
    "resubmit": gettext_lazy("Return to pending"),
}


def _transition(*, verb: str, actor, organization: Organization, reason: str = "") -> Organization:
    allowed_from, target = TRANSITIONS[verb]

    def stamp(locked: Organization) -> None:
        if target == VerificationStatus.VERIFIED:  # a confirmed sanctions match blocks it
            organization_screening_guard(organization_id=locked.pk, for_partner=False)
        now = timezone.now()
        locked.status_reason = reason
        locked.status_changed_at = now
        locked.status_changed_by = actor
        if target == VerificationStatus.VERIFIED and verb == "verify":
            locked.verified_at = now
        # The field history names the step in the staff member's language, not by its code.
        step = str(TRANSITION_LABELS[verb])
        _record_history(locked, actor=actor, reason=f"{step}: {reason}" if reason else step)

    locked = transition(
        organization,
        to=target,
        allowed_from=allowed_from,
        actor=actor,
        field="verification_status",
        comment=reason,
        apply=stamp,
        clean=False,
        error=lambda locked: (
            _("“%(action)s” is not possible for an organization whose status is “%(status)s”.")
            % {
                "action": TRANSITION_LABELS[verb],
                "status": locked.get_verification_status_display(),
            }
        ),
    )
    _queue_status_email(organization=locked)
    directory_changed()
    return organization


def _queue_status_email(*, organization: Organization) -> None:
    administrators = OrganizationMember.objects.filter(
        organization=organization, role=MemberRole.ADMINISTRATOR
    ).select_related("user")
    for member in administrators:
        email_queue(
            to=member.user.email,
            template="partners/organization_status",
            context={
                "organization_name": organization.name,
                "status": organization.verification_status,
                "reason": organization.status_reason,
                "recipient_name": member.user.get_full_name(),
            },
            language=member.user.language,
        )


@transaction.atomic
def organization_verify(*, actor, organization: Organization, reason: str = "") -> Organization:
    """pending → verified: the organization appears in the public directory."""
    return _transition(verb="verify", actor=actor, organization=organization, reason=reason)


@transaction.atomic
def organization_reject(*, actor, organization: Organization, reason: str) -> Organization:
    """pending → rejected. The reason is required: the partner reads it to correct the profile."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the organization.")})
    return _transition(verb="reject", actor=actor, organization=organization, reason=reason.strip())


@transaction.atomic
def organization_suspend(*, actor, organization: Organization, reason: str = "") -> Organization:
    """verified → suspended: hidden from the public until reinstated."""
    return _transition(verb="suspend", actor=actor, organization=organization, reason=reason)


@transaction.atomic
def organization_reinstate(*, actor, organization: Organization, reason: str = "") -> Organization:
    """suspended → verified."""
    return _transition(verb="reinstate", actor=actor, organization=organization, reason=reason)


@transaction.atomic
def organization_resubmit(*, actor, organization: Organization, reason: str = "") -> Organization:
    """rejected → pending, after the partner corrected the profile."""
    return _transition(verb="resubmit", actor=actor, organization=organization, reason=reason)


def available_transitions(organization: Organization) -> list[str]:
    return [
        verb
        for verb, (allowed_from, _target) in TRANSITIONS.items()
        if organization.verification_status in allowed_from
    ]

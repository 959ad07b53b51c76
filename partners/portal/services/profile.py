"""Profile changes, identity changes reviewed by staff, and the yearly profile confirmation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iomcso.core.services import reminder_send_once
from partners import services as registry
from partners.choices import VerificationStatus
from partners.models import (
    Organization,
)

from ..forms import IDENTITY_FIELDS
from .common import (
    InvalidTransition,
    _language_of,
    _notify_users,
    _profile_values,
    _url_in,
    _with_history_user,
    organization_administrators,
    partnership_officers,
)

PROFILE_CONFIRMATION_INTERVAL = datetime.timedelta(days=365)


@transaction.atomic
def organization_submit_profile_changes(
    *, organization: Organization, actor, data: dict
) -> dict[str, object]:
    """Save a partner's profile edit; return the identity changes now awaiting review.

    On a verified (or suspended) profile, changes to identity fields are kept in
    ``pending_identity_changes`` for staff and the public directory keeps the verified
    values; every other field is saved at once. Before verification, all is saved.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    values = _profile_values(data)
    held: dict[str, object] = {}
    if organization.verification_status in (
        VerificationStatus.VERIFIED,
        VerificationStatus.SUSPENDED,
    ):
        pending = dict(organization.pending_identity_changes)
        for field in IDENTITY_FIELDS:
            if field not in values:
                continue
            new_value = values.pop(field)
            current = getattr(organization, field)
            current = str(current) if current is not None else ""
            if str(new_value) == current:
                pending.pop(field, None)
            else:
                pending[field] = new_value
                held[field] = new_value
        # Saved together with the other fields by the registry's update below.
        organization.pending_identity_changes = pending
    organization = _apply_profile_values(organization, actor=actor, values=values)
    if held:
        _notify_users(
            partnership_officers(),
            template="staff_identity_changes",
            context={"organization": organization, "changes": held},
            url_name="portal:staff_identity_changes",
        )
    return held


def _apply_profile_values(organization, *, actor, values: dict) -> Organization:
    # The registry re-derives name key, slug and regions, validates, and keeps the history.
    return registry.organization_update(organization=organization, actor=actor, **values)


@transaction.atomic
def organization_approve_identity_changes(*, organization: Organization, actor) -> Organization:
    """Staff accept a verified partner's identity changes: the directory shows them from now."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    changes = dict(organization.pending_identity_changes)
    if not changes:
        raise InvalidTransition(_("There are no identity changes awaiting review."))
    organization.pending_identity_changes = {}
    organization = _apply_profile_values(organization, actor=actor, values=changes)
    _notify_users(
        organization_administrators(organization),
        template="identity_changes_decided",
        context={"organization": organization, "approved": True, "reason": ""},
        url_name="portal:organization_detail",
        url_kwargs={"organization_id": organization.pk},
    )
    return organization


@transaction.atomic
def organization_reject_identity_changes(
    *, organization: Organization, actor, reason: str
) -> Organization:
    """Staff decline a partner's identity changes; the verified values stay."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.pending_identity_changes:
        raise InvalidTransition(_("There are no identity changes awaiting review."))
    organization.pending_identity_changes = {}
    _with_history_user(organization, actor)
    organization.save(update_fields=["pending_identity_changes", "updated_at"])
    _notify_users(
        organization_administrators(organization),
        template="identity_changes_decided",
        context={"organization": organization, "approved": False, "reason": reason},
        url_name="portal:organization_detail",
        url_kwargs={"organization_id": organization.pk},
    )
    return organization


@transaction.atomic
def organization_confirm_profile(*, organization: Organization, actor) -> Organization:
    """The partner confirms its profile is up to date; the annual reminder restarts from now."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.profile_confirmed_at = timezone.now()
    _with_history_user(organization, actor)
    organization.save(update_fields=["profile_confirmed_at", "updated_at"])
    return organization


def profile_confirmation_baseline(organization: Organization) -> datetime.datetime:
    return organization.profile_confirmed_at or organization.verified_at or organization.created_at


def profile_confirmation_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Ask administrators of verified organizations last confirmed over 12 months ago.

    The period is the date of the last confirmation: one reminder per administrator per
    period, however often the task runs; confirming the profile starts a new period.
    """
    now = now or timezone.now()
    cutoff = now - PROFILE_CONFIRMATION_INTERVAL
    organizations = Organization.objects.verified().profile_confirmation_due(cutoff).order_by("pk")
    sent = 0
    for organization in organizations.iterator(chunk_size=200):
        baseline = profile_confirmation_baseline(organization)
        if baseline > cutoff:
            continue
        for admin in organization_administrators(organization):
            language = _language_of(admin)
            queued = reminder_send_once(
                kind="profile_confirmation",
                recipient=admin.email,
                subject_key=f"organization:{organization.pk}",
                period=baseline.date().isoformat(),
                template="partners/portal/profile_confirmation_reminder",
                context={
                    "organization": organization,
                    "recipient": admin,
                    "last_confirmed": baseline,
                    "url": _url_in(
                        language,
                        "portal:organization_detail",
                        organization_id=organization.pk,
                    ),
                },
                language=language,
            )
            sent += int(queued)
    return sent

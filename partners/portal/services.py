"""Writes of the CSO self-service portal.

Every change a partner makes goes through one of these functions: keyword-only
arguments, an ``actor`` for the audit trail, one transaction, emails queued through the
outbox (sent after commit). Verification itself belongs to the registry
(``partners.services``); this module submits, resubmits and reviews identity changes.
"""

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iomcso.core.roles import PARTNERSHIPS_OFFICER
from iomcso.core.services import email_queue, reminder_send_once
from partners import services as registry
from partners.choices import MemberRole, VerificationStatus
from partners.models import (
    Contact,
    CooperationRecord,
    JoinRequest,
    Organization,
    OrganizationDocument,
    OrganizationInvitation,
    OrganizationMember,
    RegistrationDraft,
)
from partners.uploads import validate_document_upload

from .forms import IDENTITY_FIELDS, PROFILE_FIELDS

User = get_user_model()

INVITATION_VALIDITY = datetime.timedelta(days=14)
PROFILE_CONFIRMATION_INTERVAL = datetime.timedelta(days=365)


class PortalError(Exception):
    """A refused portal action, with a message fit to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LastAdministratorError(PortalError):
    pass


class InvalidTransition(PortalError):
    pass


class InvitationForSomeoneElse(PortalError):
    pass


# --- helpers ----------------------------------------------------------------


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def _url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return _absolute(reverse(name, kwargs=kwargs or None))


def _language_of(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def _notify_users(
    users: Iterable, *, template: str, context: dict, url_name: str = "", url_kwargs=None
):
    for user in users:
        if not user.email:
            continue
        language = _language_of(user)
        extra = {"recipient": user}
        if url_name:
            extra["url"] = _url_in(language, url_name, **(url_kwargs or {}))
        email_queue(
            to=user.email,
            template=f"partners/portal/{template}",
            context={**context, **extra},
            language=language,
        )


def partnership_officers():
    return User.objects.filter(groups__name=PARTNERSHIPS_OFFICER, is_active=True).distinct()


def organization_administrators(organization: Organization):
    return User.objects.filter(
        organization_memberships__organization=organization,
        organization_memberships__role=MemberRole.ADMINISTRATOR,
        is_active=True,
    ).distinct()


def _notify_staff_of_registration(organization: Organization, *, resubmitted: bool) -> None:
    _notify_users(
        partnership_officers(),
        template="staff_registration_submitted",
        context={"organization": organization, "resubmitted": resubmitted},
        url_name="admin:partners_organization_change",
        url_kwargs={"object_id": organization.pk},
    )


def _with_history_user(instance, actor):
    # django-simple-history records who made the change from this attribute.
    instance._history_user = actor
    return instance


def _profile_values(data: dict) -> dict:
    """Keep only the profile fields, normalised to what the model stores."""
    values = {}
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in ("countries_of_operation", "activities", "operating_settings"):
            value = [str(item) for item in (value or [])]
        elif field in ("headquarters_country", "legal_registration_country"):
            value = str(value or "")
        elif field in ("year_founded", "ecosoc_year"):
            value = int(value) if value not in (None, "") else None
        elif field == "is_network":
            value = bool(value)
        elif value is None:
            value = ""
        values[field] = value
    return values


# --- registration -------------------------------------------------------------


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


# --- profile ----------------------------------------------------------------


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
    organizations = (
        Organization.objects.verified()
        .filter(
            models_q_due(cutoff),
        )
        .order_by("pk")
    )
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


def models_q_due(cutoff):
    from django.db.models import Q

    return (
        Q(profile_confirmed_at__lte=cutoff)
        | Q(profile_confirmed_at__isnull=True, verified_at__lte=cutoff)
        | Q(profile_confirmed_at__isnull=True, verified_at__isnull=True, created_at__lte=cutoff)
    )


# --- join requests ------------------------------------------------------------


@transaction.atomic
def join_request_create(*, organization: Organization, actor, message: str = "") -> JoinRequest:
    """Ask to join an organization; its administrators approve or decline."""
    if OrganizationMember.objects.filter(organization=organization, user=actor).exists():
        raise PortalError(_("You are already a member of this organization."))
    if JoinRequest.objects.filter(
        organization=organization, user=actor, status=JoinRequest.Status.PENDING
    ).exists():
        raise PortalError(_("You have already asked to join this organization."))
    join_request = JoinRequest(organization=organization, user=actor, message=message)
    join_request.full_clean()
    join_request.save()
    _notify_users(
        organization_administrators(organization),
        template="join_request_received",
        context={"organization": organization, "requester": actor, "message": message},
        url_name="portal:team",
        url_kwargs={"organization_id": organization.pk},
    )
    return join_request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, actor, approve: bool, role: str = MemberRole.VIEWER
) -> JoinRequest:
    """An administrator approves (the requester joins with ``role``) or declines a request."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise InvalidTransition(_("This request has already been decided."))
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        member, created = OrganizationMember.objects.get_or_create(
            organization=join_request.organization,
            user=join_request.user,
            defaults={"role": role},
        )
    _notify_users(
        [join_request.user],
        template="join_request_decided",
        context={"organization": join_request.organization, "approved": approve},
        url_name="portal:dashboard",
    )
    return join_request


# --- team ---------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, organization: Organization, actor, email: str, role: str
) -> OrganizationInvitation:
    """Invite a colleague by email; the link is valid 14 days and works once."""
    email = email.strip().lower()
    if OrganizationMember.objects.filter(
        organization=organization, user__email__iexact=email
    ).exists():
        raise PortalError(_("This person is already a member of the team."))
    invitation = OrganizationInvitation(
        organization=organization,
        email=email,
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    existing = User.objects.filter(email__iexact=email).first()
    language = _language_of(existing) if existing else _language_of(actor)
    email_queue(
        to=email,
        template="partners/portal/invitation",
        context={
            "organization": organization,
            "inviter": actor,
            # The label itself, not get_role_display(): that would be in the inviter's language.
            "role": MemberRole(invitation.role).label,
            "expires_at": invitation.expires_at,
            "url": _url_in(language, "portal:invitation_accept", token=invitation.token),
        },
        language=language,
    )
    return invitation


def invitation_is_open(invitation: OrganizationInvitation) -> bool:
    return (
        invitation.accepted_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > timezone.now()
    )


def invitation_addressed_to(invitation: OrganizationInvitation, user) -> bool:
    """Whether the user holds the invited address, verified (their sign-in proves it)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def invitation_accept(*, token: str, actor) -> OrganizationMember:
    """Join the team with the invited role.

    Single use, 14 days, and only by the person invited: the signed-in user must hold
    the invited email address, verified.
    """
    invitation = OrganizationInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation_is_open(invitation):
        raise PortalError(_("This invitation is no longer valid. Ask for a new one."))
    if not invitation_addressed_to(invitation, actor):
        # A forwarded or leaked link does not let someone else join the team.
        raise InvitationForSomeoneElse(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    member, created = OrganizationMember.objects.get_or_create(
        organization=invitation.organization,
        user=actor,
        defaults={"role": invitation.role},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


@transaction.atomic
def invitation_revoke(*, invitation: OrganizationInvitation, actor) -> OrganizationInvitation:
    invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _other_administrators(member: OrganizationMember):
    return OrganizationMember.objects.filter(
        organization_id=member.organization_id, role=MemberRole.ADMINISTRATOR
    ).exclude(pk=member.pk)


@transaction.atomic
def member_change_role(*, member: OrganizationMember, actor, role: str) -> OrganizationMember:
    """Change a team member's role; the last administrator keeps the role."""
    if role not in MemberRole.values:
        raise PortalError(_("Unknown role."))
    # Lock the organization's administrators so two concurrent demotions cannot both pass.
    list(
        OrganizationMember.objects.select_for_update().filter(
            organization_id=member.organization_id, role=MemberRole.ADMINISTRATOR
        )
    )
    member = OrganizationMember.objects.get(pk=member.pk)
    if (
        member.role == MemberRole.ADMINISTRATOR
        and role != MemberRole.ADMINISTRATOR
        and not _other_administrators(member).exists()
    ):
        raise LastAdministratorError(
            _("An organization needs at least one administrator. Name another administrator first.")
        )
    member.role = role
    _with_history_user(member, actor)
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def member_remove(*, member: OrganizationMember, actor) -> None:
    """Remove someone from the team; the last administrator cannot be removed."""
    list(
        OrganizationMember.objects.select_for_update().filter(
            organization_id=member.organization_id, role=MemberRole.ADMINISTRATOR
        )
    )
    member = OrganizationMember.objects.get(pk=member.pk)
    if member.role == MemberRole.ADMINISTRATOR and not _other_administrators(member).exists():
        raise LastAdministratorError(
            _("An organization needs at least one administrator. Name another administrator first.")
        )
    _with_history_user(member, actor)
    member.delete()


# --- documents ----------------------------------------------------------------


@transaction.atomic
def document_upload(
    *, organization: Organization, actor, kind: str, title: str, upload: UploadedFile
) -> OrganizationDocument:
    """Store a supporting document after checking its real type and size.

    A refused file raises ``ValidationError`` before anything is written, to the
    database or to storage.
    """
    content_type = validate_document_upload(upload)
    document = OrganizationDocument(
        organization=organization,
        kind=kind,
        title=title,
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=upload.size or 0,  # validate_document_upload refused a file without a size
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    # Saved through the storage API under a random name (see organization_document_path).
    document.file.save(upload.name or "document", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_delete(*, document: OrganizationDocument, actor) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- contacts and cooperation history -----------------------------------------


@transaction.atomic
def contact_save(
    *, organization: Organization, actor, data: dict, contact: Contact | None = None
) -> Contact:
    """Create or update a contact of the organization."""
    contact = contact or Contact(organization=organization)
    for field in ("name", "position", "email", "phone", "languages", "is_primary"):
        if field in data:
            setattr(contact, field, data[field])
    contact.full_clean()
    _with_history_user(contact, actor)
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor) -> None:
    _with_history_user(contact, actor)
    contact.delete()


@transaction.atomic
def cooperation_record_save(
    *,
    organization: Organization,
    actor,
    data: dict,
    record: CooperationRecord | None = None,
) -> CooperationRecord:
    """Create or update a record of the organization's cooperation with IOM."""
    record = record or CooperationRecord(organization=organization)
    for field in (
        "kind",
        "title",
        "iom_office",
        "start_date",
        "end_date",
        "description",
        "is_public",
    ):
        if field in data:
            setattr(record, field, data[field])
    record.full_clean()
    _with_history_user(record, actor)
    record.save()
    return record


@transaction.atomic
def cooperation_record_delete(*, record: CooperationRecord, actor) -> None:
    _with_history_user(record, actor)
    record.delete()

"""Join requests, invitations and the members of an organization's team."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iomcso.core.services import email_queue
from iomcso.core.workflow import sources, transition
from partners.choices import MemberRole
from partners.models import (
    JoinRequest,
    Organization,
    OrganizationInvitation,
    OrganizationMember,
)

from .common import (
    InvalidTransition,
    InvitationForSomeoneElse,
    LastAdministratorError,
    PortalError,
    _language_of,
    _notify_users,
    _url_in,
    _with_history_user,
    organization_administrators,
)

User = get_user_model()

INVITATION_VALIDITY = datetime.timedelta(days=14)


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


# A join request is decided once, by one of the organization's administrators.
JOIN_REQUEST_TRANSITIONS: dict[str, set[str]] = {
    JoinRequest.Status.PENDING: {JoinRequest.Status.APPROVED, JoinRequest.Status.DECLINED},
    JoinRequest.Status.APPROVED: set(),
    JoinRequest.Status.DECLINED: set(),
}


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, actor, approve: bool, role: str = MemberRole.VIEWER
) -> JoinRequest:
    """An administrator approves (the requester joins with ``role``) or declines a request."""
    target = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED

    def stamp(locked: JoinRequest) -> None:
        locked.decided_at = timezone.now()
        locked.decided_by = actor

    join_request = transition(
        join_request,
        to=target,
        allowed_from=sources(JOIN_REQUEST_TRANSITIONS, target),
        actor=actor,
        apply=stamp,
        clean=False,
        error=lambda locked: InvalidTransition(_("This request has already been decided.")),
    )
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

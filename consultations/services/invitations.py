"""Invitations to a consultation: sending, opening, declining, accepting."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iomcso.core.services import email_queue
from iomcso.core.workflow import InvalidTransition, sources, transition
from partners.models import Organization

from .. import selectors
from ..models import (
    Consultation,
    Invitation,
)

Status = Consultation.Status


def _invitation_email(invitation: Invitation) -> None:
    consultation = invitation.consultation
    for recipient in selectors.organization_recipients(organization=invitation.organization):
        email_queue(
            to=recipient.email,
            template="consultations/invitation",
            context={
                "consultation": consultation,
                "organization_name": invitation.organization.name,
                "token": invitation.token,
            },
            language=recipient.language,
        )


INVITATION_TRANSITIONS: dict[str, set[str]] = {
    Invitation.Status.PLANNED: {Invitation.Status.SENT},
    Invitation.Status.SENT: {
        Invitation.Status.OPENED,
        Invitation.Status.ACCEPTED,
        Invitation.Status.DECLINED,
    },
    Invitation.Status.OPENED: {Invitation.Status.ACCEPTED, Invitation.Status.DECLINED},
    Invitation.Status.ACCEPTED: set(),
    Invitation.Status.DECLINED: set(),
}
_INVITATION_TIMESTAMP: dict[str, str] = {
    Invitation.Status.SENT: "sent_at",
    Invitation.Status.OPENED: "opened_at",
    Invitation.Status.ACCEPTED: "responded_at",
    Invitation.Status.DECLINED: "responded_at",
}


def _invitation_transition(*, invitation: Invitation, to_status: str, actor) -> Invitation:
    def stamp(locked: Invitation) -> None:
        setattr(locked, _INVITATION_TIMESTAMP[to_status], timezone.now())

    return transition(
        invitation,
        to=to_status,
        allowed_from=sources(INVITATION_TRANSITIONS, to_status),
        actor=actor,
        apply=stamp,
        error=lambda locked: (
            _("An invitation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Invitation.Status(locked.status).label,
                "to": Invitation.Status(to_status).label,
            }
        ),
    )


@transaction.atomic
def invitations_send(*, consultation: Consultation, organization_ids, actor) -> int:
    """Invite organizations (or send planned invitations); returns how many were sent now.

    Each organization's contacts are written to in their own language; an organization
    already invited is not invited twice.
    """
    if consultation.status in (Status.CANCELLED, Status.HELD, Status.REPORT_PUBLISHED):
        raise InvalidTransition(_("Invitations cannot be sent for this consultation any more."))
    organization_ids = set(organization_ids)
    existing = {
        invitation.organization_id: invitation
        for invitation in consultation.invitations.select_for_update().filter(
            organization_id__in=organization_ids
        )
    }
    sent = 0
    for organization in selectors.organizations_with_recipients(organization_ids):
        invitation = existing.get(organization.pk)
        if invitation is None:
            invitation = Invitation.objects.create(
                consultation=consultation, organization=organization, invited_by=actor
            )
        elif invitation.status != Invitation.Status.PLANNED:
            continue
        invitation.organization = organization
        invitation.consultation = consultation
        _invitation_transition(invitation=invitation, to_status=Invitation.Status.SENT, actor=actor)
        _invitation_email(invitation)
        sent += 1
    return sent


@transaction.atomic
def invitation_open(*, invitation: Invitation, actor) -> Invitation:
    """The organization followed its personal link: registration is started.

    Following the link again, or after answering, changes nothing.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.SENT:
        _invitation_transition(
            invitation=invitation, to_status=Invitation.Status.OPENED, actor=actor
        )
    return invitation


def invitation_can_be_declined(invitation: Invitation | None) -> bool:
    """Sent (or opened) and not yet answered: pages offer the button the service accepts."""
    return (
        invitation is not None
        and Invitation.Status.DECLINED in INVITATION_TRANSITIONS[invitation.status]
    )


@transaction.atomic
def invitation_decline(*, invitation: Invitation, actor) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_can_be_declined(invitation):
        raise InvalidTransition(_("This invitation has already been answered."))
    return _invitation_transition(
        invitation=invitation, to_status=Invitation.Status.DECLINED, actor=actor
    )


def _invitation_accept(*, consultation: Consultation, organization: Organization, actor) -> None:
    """The organization registered a delegate: its invitation, if any, is accepted."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(consultation=consultation, organization=organization)
        .first()
    )
    if (
        invitation is not None
        and Invitation.Status.ACCEPTED in (INVITATION_TRANSITIONS[invitation.status])
    ):
        _invitation_transition(
            invitation=invitation, to_status=Invitation.Status.ACCEPTED, actor=actor
        )

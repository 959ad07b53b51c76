"""Delegate registrations, seat limits and the waitlist.

Each registration write locks the consultation row first, so seat counts are read and
written one request at a time per consultation; a freed seat goes to the first
waitlisted delegate in the same transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.translation import gettext as _

from iomcso.core.workflow import InvalidTransition, sources, transition
from partners.models import Organization
from partners.screening.guards import PARTNER_BLOCKED_MESSAGE
from partners.screening.selectors import organization_is_blocked

from .. import selectors
from ..models import (
    Consultation,
    Invitation,
    Registration,
)
from .invitations import _invitation_accept
from .notifications import registration_email
from .workflow import _lock_consultation

Status = Consultation.Status


class RegistrationRefused(ValidationError):
    """A registration the rules do not allow (closed, not eligible, over the limit)."""


REGISTRATION_TRANSITIONS: dict[str, set[str]] = {
    Registration.Status.PENDING: {
        Registration.Status.CONFIRMED,
        Registration.Status.DECLINED,
        Registration.Status.CANCELLED,
    },
    Registration.Status.WAITLISTED: {
        Registration.Status.CONFIRMED,
        Registration.Status.PENDING,
        Registration.Status.DECLINED,
        Registration.Status.CANCELLED,
    },
    Registration.Status.CONFIRMED: {Registration.Status.CANCELLED},
    Registration.Status.DECLINED: set(),
    Registration.Status.CANCELLED: set(),
}


def _check_eligible(consultation: Consultation, organization: Organization) -> None:
    if organization_is_blocked(organization_id=organization.pk):  # confirmed sanctions match
        raise RegistrationRefused(str(PARTNER_BLOCKED_MESSAGE))
    if not consultation.is_registration_open:
        raise RegistrationRefused(_("Registration for this consultation is not open."))
    if not organization.is_verified:
        raise RegistrationRefused(_("Only verified organizations can register delegates."))
    invitation = Invitation.objects.filter(
        consultation=consultation, organization=organization
    ).first()
    if invitation and invitation.status == Invitation.Status.DECLINED:
        raise RegistrationRefused(_("Your organization declined this invitation."))
    if consultation.eligibility == Consultation.Eligibility.INVITED and (
        invitation is None or invitation.status == Invitation.Status.PLANNED
    ):
        raise RegistrationRefused(_("This consultation is open to invited organizations only."))


@dataclass
class DelegateData:
    full_name: str
    email: str
    position: str = ""
    gender: str = ""
    preferred_language: str = "en"
    language_needs: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""


@transaction.atomic
def registration_create(
    *,
    consultation: Consultation,
    organization: Organization,
    delegate: DelegateData,
    actor,
) -> Registration:
    """Register a delegate: a seat if one is free, else the waitlist.

    The consultation row is locked first, so two organizations taking the last seat at
    the same moment are served one after the other: one gets it, the other is waitlisted.
    """
    locked = _lock_consultation(consultation.pk)
    _check_eligible(locked, organization)
    active = Registration.objects.filter(
        consultation=locked, organization=organization, status__in=Registration.ACTIVE_STATUSES
    ).count()
    if active >= locked.max_delegates_per_organization:
        raise RegistrationRefused(
            _("Your organization has reached its limit of %(limit)s delegates.")
            % {"limit": locked.max_delegates_per_organization}
        )
    if not locked.has_venue:
        delegate.dietary_needs = ""
    seat_free = locked.capacity is None or selectors.seats_taken(consultation=locked) < (
        locked.capacity
    )
    if not seat_free:
        status = Registration.Status.WAITLISTED
    elif locked.requires_approval:
        status = Registration.Status.PENDING
    else:
        status = Registration.Status.CONFIRMED
    registration = Registration(
        consultation=locked,
        organization=organization,
        registered_by=actor,
        status=status,
        status_changed_at=timezone.now(),
        **delegate.__dict__,
    )
    registration.full_clean()
    registration.save()
    _invitation_accept(consultation=locked, organization=organization, actor=actor)
    registration_email(registration, event=status)
    return registration


@transaction.atomic
def registration_update(
    *, registration: Registration, delegate: DelegateData, actor
) -> Registration:
    """Correct a delegate's details while registration is open; the status is untouched."""
    consultation = _lock_consultation(registration.consultation_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not consultation.is_registration_open or not registration.is_active:
        raise RegistrationRefused(_("This registration can no longer be changed."))
    if not consultation.has_venue:
        delegate.dietary_needs = ""
    for field, value in delegate.__dict__.items():
        setattr(registration, field, value)
    registration.full_clean()
    registration.save()
    return registration


def _registration_transition(
    *,
    registration: Registration,
    to_status: str,
    actor,
    email_event: str | None = None,
    comment: str = "",
) -> Registration:
    def stamp(locked: Registration) -> None:
        locked.status_changed_at = timezone.now()

    transition(
        registration,
        to=to_status,
        allowed_from=sources(REGISTRATION_TRANSITIONS, to_status),
        actor=actor,
        comment=comment,
        apply=stamp,
        error=lambda locked: (
            _("A registration cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Registration.Status(locked.status).label,
                "to": Registration.Status(to_status).label,
            }
        ),
    )
    if email_event:
        registration_email(registration, event=email_event)
    return registration


def _promote_from_waitlist(consultation: Consultation, *, actor) -> Registration | None:
    """Give free seats to the first waitlisted delegates; the consultation is locked."""
    promoted = None
    while consultation.capacity is None or (
        selectors.seats_taken(consultation=consultation) < consultation.capacity
    ):
        first = (
            Registration.objects.select_for_update()
            .filter(consultation=consultation, status=Registration.Status.WAITLISTED)
            .select_related("organization", "consultation")
            .order_by("created_at", "pk")
            .first()
        )
        if first is None:
            break
        target = (
            Registration.Status.PENDING
            if consultation.requires_approval
            else Registration.Status.CONFIRMED
        )
        promoted = _registration_transition(
            registration=first, to_status=target, actor=actor, email_event="promoted"
        )
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor, notify_delegate: bool = True, comment: str = ""
) -> Registration | None:
    """Cancel a delegate; a freed seat goes to the first waitlisted delegate, who is told.

    The cancelled delegate is told too, unless ``notify_delegate`` is off (the delegate is
    deleting their account: nothing more is written to them). Returns the promoted
    registration, if any.
    """
    consultation = _lock_consultation(registration.consultation_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    held_seat = registration.status in Registration.SEAT_STATUSES
    _registration_transition(
        registration=registration,
        to_status=Registration.Status.CANCELLED,
        actor=actor,
        email_event="cancelled" if notify_delegate else None,
        comment=comment,
    )
    if held_seat and consultation.status in (Status.REGISTRATION_OPEN, Status.REGISTRATION_CLOSED):
        return _promote_from_waitlist(consultation, actor=actor)
    return None


@transaction.atomic
def consultation_waitlist_promote(*, consultation: Consultation, actor) -> int:
    """Give seats that a larger capacity freed to waitlisted delegates, first come first served.

    Staff call it after raising the capacity; each promoted delegate is told by email.
    Returns how many were promoted.
    """
    consultation = _lock_consultation(consultation.pk)
    if consultation.status not in (Status.REGISTRATION_OPEN, Status.REGISTRATION_CLOSED):
        return 0
    waiting = Registration.objects.filter(
        consultation=consultation, status=Registration.Status.WAITLISTED
    )
    before = waiting.count()
    _promote_from_waitlist(consultation, actor=actor)
    return before - waiting.count()


@transaction.atomic
def registration_confirm(*, registration: Registration, actor) -> Registration:
    """Staff confirm a pending delegate (or a waitlisted one when a seat is free)."""
    consultation = _lock_consultation(registration.consultation_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (
        registration.status == Registration.Status.WAITLISTED
        and consultation.capacity is not None
        and selectors.seats_taken(consultation=consultation) >= consultation.capacity
    ):
        raise InvalidTransition(_("There is no free seat for this delegate."))
    return _registration_transition(
        registration=registration,
        to_status=Registration.Status.CONFIRMED,
        actor=actor,
        email_event=Registration.Status.CONFIRMED,
    )


@transaction.atomic
def registration_decline(*, registration: Registration, actor) -> Registration:
    consultation = _lock_consultation(registration.consultation_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    held_seat = registration.status in Registration.SEAT_STATUSES
    _registration_transition(
        registration=registration,
        to_status=Registration.Status.DECLINED,
        actor=actor,
        email_event=Registration.Status.DECLINED,
    )
    if held_seat:
        _promote_from_waitlist(consultation, actor=actor)
    return registration


def _set_attendance(registration: Registration, attendance: str) -> Registration:
    if registration.status != Registration.Status.CONFIRMED:
        raise InvalidTransition(_("Only confirmed delegates can be checked in."))
    registration.attendance = attendance
    registration.checked_in_at = (
        timezone.now() if attendance == Registration.Attendance.PRESENT else None
    )
    registration.save(update_fields=["attendance", "checked_in_at"])
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, actor) -> Registration:
    """Record the delegate's arrival. A second check-in (two desks, a double tap) keeps the
    first arrival time and says when it was, under a row lock so two at once cannot both win."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (
        registration.attendance == Registration.Attendance.PRESENT
        and registration.checked_in_at is not None
    ):
        raise InvalidTransition(
            _("%(name)s is already checked in at %(time)s.")
            % {
                "name": registration.full_name,
                "time": time_format(timezone.localtime(registration.checked_in_at), "H:i"),
            }
        )
    return _set_attendance(registration, Registration.Attendance.PRESENT)


@transaction.atomic
def registration_mark_no_show(*, registration: Registration, actor) -> Registration:
    return _set_attendance(registration, Registration.Attendance.NO_SHOW)

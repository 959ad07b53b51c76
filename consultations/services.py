"""Every write of the consultations domain.

Invariants that must always hold:
- a consultation's status only changes through ``_consultation_transition`` along
  ``CONSULTATION_TRANSITIONS``, with a ``StatusChange`` row;
- seats held (pending + confirmed) never exceed the capacity and an organization's active
  delegates never exceed its limit, even under concurrent requests: each registration
  write locks the consultation row first (``SELECT ... FOR UPDATE``), so seat counts are
  read and written one request at a time per consultation;
- a freed seat goes to the first waitlisted delegate in the same transaction;
- emails are written to the outbox in the same transaction and sent after commit.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from iomcso.core.services import email_queue, reminder_send_once
from partners.models import Organization

from . import selectors
from .models import (
    AgendaSession,
    Consultation,
    Invitation,
    Registration,
    Speaker,
    StatusChange,
)

Status = Consultation.Status


class InvalidTransition(Exception):
    """A state change that the workflow does not allow from the current state."""


class RegistrationRefused(ValidationError):
    """A registration the rules do not allow (closed, not eligible, over the limit)."""


CONSULTATION_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PUBLISHED, Status.CANCELLED},
    Status.PUBLISHED: {Status.REGISTRATION_OPEN, Status.DRAFT, Status.CANCELLED},
    Status.REGISTRATION_OPEN: {Status.REGISTRATION_CLOSED, Status.CANCELLED},
    Status.REGISTRATION_CLOSED: {Status.REGISTRATION_OPEN, Status.HELD, Status.CANCELLED},
    Status.HELD: {Status.REPORT_PUBLISHED},
    Status.REPORT_PUBLISHED: set(),
    Status.CANCELLED: set(),
}

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


# --- Consultation workflow ---------------------------------------------------


def _lock_consultation(consultation_id: int) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation_id)


def _consultation_transition(
    *, consultation: Consultation, to_status: str, actor, comment: str = ""
) -> Consultation:
    locked = _lock_consultation(consultation.pk)
    if to_status not in CONSULTATION_TRANSITIONS[locked.status]:
        raise InvalidTransition(
            _("A consultation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(locked.status).label,
                "to": Status(to_status).label,
            }
        )
    from_status = locked.status
    locked.status = to_status
    if to_status == Status.REPORT_PUBLISHED:
        locked.report_published_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "report_published_at", "updated_at"])
    StatusChange.objects.create(
        consultation=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    consultation.status = locked.status
    consultation.report_published_at = locked.report_published_at
    return locked


def _require_dates(consultation: Consultation) -> None:
    if not consultation.starts_at:
        raise InvalidTransition(_("Set the consultation's start date and time first."))


@transaction.atomic
def consultation_publish(*, consultation: Consultation, actor) -> Consultation:
    """Make a draft visible on the public pages. It needs its dates."""
    _require_dates(consultation)
    return _consultation_transition(
        consultation=consultation, to_status=Status.PUBLISHED, actor=actor
    )


@transaction.atomic
def consultation_unpublish(*, consultation: Consultation, actor) -> Consultation:
    return _consultation_transition(consultation=consultation, to_status=Status.DRAFT, actor=actor)


@transaction.atomic
def consultation_open_registration(*, consultation: Consultation, actor) -> Consultation:
    """Let organizations register delegates; needs a closing date for the reminders."""
    _require_dates(consultation)
    if not consultation.registration_closes_at:
        raise InvalidTransition(_("Set when registration closes first."))
    return _consultation_transition(
        consultation=consultation, to_status=Status.REGISTRATION_OPEN, actor=actor
    )


@transaction.atomic
def consultation_close_registration(*, consultation: Consultation, actor) -> Consultation:
    return _consultation_transition(
        consultation=consultation, to_status=Status.REGISTRATION_CLOSED, actor=actor
    )


@transaction.atomic
def consultation_mark_held(*, consultation: Consultation, actor) -> Consultation:
    return _consultation_transition(consultation=consultation, to_status=Status.HELD, actor=actor)


@transaction.atomic
def consultation_publish_report(*, consultation: Consultation, actor) -> Consultation:
    """Mark the report published; participants are told by the next reminder run."""
    return _consultation_transition(
        consultation=consultation, to_status=Status.REPORT_PUBLISHED, actor=actor
    )


@transaction.atomic
def consultation_cancel(*, consultation: Consultation, actor, reason: str = "") -> Consultation:
    """Cancel the consultation; every delegate still registered is told by email."""
    locked = _consultation_transition(
        consultation=consultation, to_status=Status.CANCELLED, actor=actor, comment=reason
    )
    active = locked.registrations.filter(status__in=Registration.ACTIVE_STATUSES).select_related(
        "organization", "consultation"
    )
    for registration in active:
        _registration_email(registration, event="consultation_cancelled")
    return locked


def _unique_slug(base: str) -> str:
    base = slugify(base)[:100] or "consultation"
    slug, number = base, 2
    while Consultation.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def consultation_create(
    *,
    series,
    title: str,
    actor,
    theme: str = "",
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    **fields,
) -> Consultation:
    consultation = Consultation(
        series=series,
        title=title,
        theme=theme,
        starts_at=starts_at,
        ends_at=ends_at,
        slug=fields.pop("slug", None) or _unique_slug(title),
        **fields,
    )
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_clone(*, source: Consultation, actor) -> Consultation:
    """Next year's consultation: same settings, agenda structure and invitation list.

    Dates are cleared for staff to set; it starts as a draft; invitations are planned,
    not sent.
    """
    next_year = (source.year or timezone.now().year) + 1
    title = source.title
    if source.year and str(source.year) in title:
        title = title.replace(str(source.year), str(next_year))
    else:
        title = f"{title} {next_year}"
    copied = {
        field: getattr(source, field)
        for field in (
            "series_id",
            "theme",
            "description",
            "time_zone",
            "format",
            "venue",
            "online_link",
            "capacity",
            "max_delegates_per_organization",
            "requires_approval",
            "eligibility",
            "interpretation_languages",
            "invitation_reminder_days",
            "closing_reminder_days",
            "event_reminder_days",
            "feedback_reminder_days",
        )
    }
    clone = Consultation(title=title, slug=_unique_slug(title), cloned_from=source, **copied)
    clone.full_clean()
    clone.save()
    for session in source.sessions.prefetch_related("speakers"):
        new_session = AgendaSession.objects.create(
            consultation=clone,
            title=session.title,
            description=session.description,
            room=session.room,
            online_link=session.online_link,
            order=session.order,
        )
        Speaker.objects.bulk_create(
            Speaker(
                session=new_session,
                name=speaker.name,
                role=speaker.role,
                organization_name=speaker.organization_name,
                organization_id=speaker.organization_id,
            )
            for speaker in session.speakers.all()
        )
    Invitation.objects.bulk_create(
        Invitation(consultation=clone, organization_id=organization_id, invited_by=actor)
        for organization_id in source.invitations.values_list("organization_id", flat=True)
    )
    return clone


# --- Invitations -------------------------------------------------------------


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


def _invitation_transition(*, invitation: Invitation, to_status: str) -> Invitation:
    if to_status not in INVITATION_TRANSITIONS[invitation.status]:
        raise InvalidTransition(
            _("An invitation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Invitation.Status(invitation.status).label,
                "to": Invitation.Status(to_status).label,
            }
        )
    invitation.status = to_status
    setattr(invitation, _INVITATION_TIMESTAMP[to_status], timezone.now())
    invitation.full_clean()
    invitation.save()
    return invitation


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
        _invitation_transition(invitation=invitation, to_status=Invitation.Status.SENT)
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
        _invitation_transition(invitation=invitation, to_status=Invitation.Status.OPENED)
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
    return _invitation_transition(invitation=invitation, to_status=Invitation.Status.DECLINED)


def _invitation_accept(*, consultation: Consultation, organization: Organization) -> None:
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
        _invitation_transition(invitation=invitation, to_status=Invitation.Status.ACCEPTED)


# --- Registrations -----------------------------------------------------------


def _registration_email(registration: Registration, *, event: str) -> None:
    email_queue(
        to=registration.email,
        template="consultations/registration_status",
        context={
            "event": event,
            "consultation": registration.consultation,
            "full_name": registration.full_name,
            "organization_name": registration.organization.name,
        },
        language=registration.preferred_language,
    )


def _check_eligible(consultation: Consultation, organization: Organization) -> None:
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
    _invitation_accept(consultation=locked, organization=organization)
    _registration_email(registration, event=status)
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
    *, registration: Registration, to_status: str, email_event: str | None = None
) -> Registration:
    if to_status not in REGISTRATION_TRANSITIONS[registration.status]:
        raise InvalidTransition(
            _("A registration cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Registration.Status(registration.status).label,
                "to": Registration.Status(to_status).label,
            }
        )
    registration.status = to_status
    registration.status_changed_at = timezone.now()
    registration.full_clean()
    registration.save(update_fields=["status", "status_changed_at"])
    if email_event:
        _registration_email(registration, event=email_event)
    return registration


def _promote_from_waitlist(consultation: Consultation) -> Registration | None:
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
            registration=first, to_status=target, email_event="promoted"
        )
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration | None:
    """Cancel a delegate; a freed seat goes to the first waitlisted delegate, who is told.

    Returns the promoted registration, if any.
    """
    consultation = _lock_consultation(registration.consultation_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    held_seat = registration.status in Registration.SEAT_STATUSES
    _registration_transition(
        registration=registration, to_status=Registration.Status.CANCELLED, email_event="cancelled"
    )
    if held_seat and consultation.status in (Status.REGISTRATION_OPEN, Status.REGISTRATION_CLOSED):
        return _promote_from_waitlist(consultation)
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
    _promote_from_waitlist(consultation)
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
        email_event=Registration.Status.DECLINED,
    )
    if held_seat:
        _promote_from_waitlist(consultation)
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
    return _set_attendance(registration, Registration.Attendance.PRESENT)


@transaction.atomic
def registration_mark_no_show(*, registration: Registration, actor) -> Registration:
    return _set_attendance(registration, Registration.Attendance.NO_SHOW)


# --- Reminders ---------------------------------------------------------------

REMINDER_INVITATION = "consultation_invitation_unanswered"
REMINDER_CLOSING = "consultation_registration_closing"
REMINDER_EVENT = "consultation_event_soon"
REMINDER_REPORT = "consultation_report_published"
REMINDER_FEEDBACK = "consultation_feedback_survey"


def _in_window(now, start, end) -> bool:
    return start is not None and end is not None and start <= now < end


def _remind_organizations(consultation, invitations, *, kind: str, template: str) -> int:
    sent = 0
    for invitation in invitations:
        for recipient in selectors.organization_recipients(organization=invitation.organization):
            sent += reminder_send_once(
                kind=kind,
                recipient=recipient.email,
                subject_key=f"consultation:{consultation.pk}:organization:{invitation.organization_id}",
                period=str(consultation.pk),
                template=template,
                context={
                    "consultation": consultation,
                    "organization_name": invitation.organization.name,
                    "token": invitation.token,
                },
                language=recipient.language,
            )
    return sent


def _remind_delegates(consultation, registrations, *, kind: str, template: str, **extra) -> int:
    sent = 0
    attachments = extra.pop("attachments", None)
    for registration in registrations:
        sent += reminder_send_once(
            kind=kind,
            recipient=registration.email,
            subject_key=f"consultation:{consultation.pk}:registration:{registration.pk}",
            period=str(consultation.pk),
            template=template,
            context={
                "consultation": consultation,
                "full_name": registration.full_name,
                **extra,
            },
            language=registration.preferred_language,
            attachments=attachments,
        )
    return sent


def consultation_reminders_send(*, consultation: Consultation, now=None) -> int:
    """Send whichever of the four reminders are due for one consultation; each only once.

    Each reminder is guarded by a ``ReminderLog`` row (unique per kind, recipient,
    object and consultation), so a second run, or a redelivered task, sends nothing new.
    Returns how many reminders were queued now.
    """
    from .calendar import consultation_ics

    now = now or timezone.now()
    day = datetime.timedelta(days=1)
    sent = 0
    closes = consultation.registration_closes_at
    if consultation.status == Status.REGISTRATION_OPEN and closes:
        if _in_window(now, closes - consultation.invitation_reminder_days * day, closes):
            unanswered = consultation.invitations.filter(
                status__in=[Invitation.Status.SENT, Invitation.Status.OPENED]
            ).prefetch_related("organization__contacts", "organization__members__user")
            sent += _remind_organizations(
                consultation,
                unanswered,
                kind=REMINDER_INVITATION,
                template="consultations/reminder_invitation",
            )
        if _in_window(now, closes - consultation.closing_reminder_days * day, closes):
            has_delegates = Registration.objects.filter(
                consultation=consultation,
                organization=OuterRef("organization"),
                status__in=Registration.ACTIVE_STATUSES,
            )
            started = (
                consultation.invitations.filter(status=Invitation.Status.OPENED)
                .exclude(Exists(has_delegates))
                .prefetch_related("organization__contacts", "organization__members__user")
            )
            sent += _remind_organizations(
                consultation,
                started,
                kind=REMINDER_CLOSING,
                template="consultations/reminder_closing",
            )
    confirmed = consultation.registrations.filter(status=Registration.Status.CONFIRMED)
    starts = consultation.starts_at
    if (
        consultation.status in (Status.REGISTRATION_OPEN, Status.REGISTRATION_CLOSED)
        and starts
        and _in_window(now, starts - consultation.event_reminder_days * day, starts)
    ):
        ics = consultation_ics(consultation).decode()
        sent += _remind_delegates(
            consultation,
            confirmed,
            kind=REMINDER_EVENT,
            template="consultations/reminder_event",
            sessions=list(consultation.sessions.all()),
            attachments=[
                {
                    "filename": f"{consultation.slug}.ics",
                    "content": ics,
                    "mimetype": "text/calendar",
                }
            ],
        )
    if consultation.status == Status.REPORT_PUBLISHED and consultation.report_published_at:
        sent += _remind_delegates(
            consultation,
            confirmed,
            kind=REMINDER_REPORT,
            template="consultations/reminder_report",
        )
    ends = consultation.ends_at or consultation.starts_at
    if (
        consultation.status in (Status.HELD, Status.REPORT_PUBLISHED)
        and consultation.feedback_survey_url
        and ends
        and ends + consultation.feedback_reminder_days * day <= now
        and now < ends + (consultation.feedback_reminder_days + 30) * day
    ):
        sent += _remind_delegates(
            consultation,
            confirmed.exclude(attendance=Registration.Attendance.NO_SHOW),
            kind=REMINDER_FEEDBACK,
            template="consultations/reminder_feedback",
            survey_url=consultation.feedback_survey_url,
        )
    return sent


# Stored as written here (no request, no language) and translated where staff read it.
AUTOMATIC_CLOSING_COMMENT = gettext_noop("Closed automatically at the closing date.")


def consultations_close_due_registrations(*, now=None) -> int:
    """Close registration of consultations whose closing date has passed; returns how many."""
    now = now or timezone.now()
    due = Consultation.objects.filter(
        status=Status.REGISTRATION_OPEN, registration_closes_at__lte=now
    )
    closed = 0
    for consultation in due:
        with transaction.atomic():
            try:
                _consultation_transition(
                    consultation=consultation,
                    to_status=Status.REGISTRATION_CLOSED,
                    actor=None,
                    comment=AUTOMATIC_CLOSING_COMMENT,
                )
            except InvalidTransition:
                continue
        closed += 1
    return closed


def consultations_needing_reminders(*, now=None):
    """Consultations where some reminder may be due; a cheap pre-filter for the task."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=91)
    recent = now - datetime.timedelta(days=366)
    return Consultation.objects.filter(
        status__in=[
            Status.REGISTRATION_OPEN,
            Status.REGISTRATION_CLOSED,
            Status.HELD,
            Status.REPORT_PUBLISHED,
        ],
        starts_at__lte=horizon,
        starts_at__gte=recent,
    ).values_list("pk", flat=True)

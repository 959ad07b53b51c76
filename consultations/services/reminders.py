"""Reminders sent once per consultation and recipient, and closing registration on time."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_noop

from iomcso.core.services import reminder_send_once
from iomcso.core.workflow import InvalidTransition

from .. import selectors
from ..calendar import consultation_ics
from ..models import (
    Consultation,
    Invitation,
    Registration,
)
from .workflow import _consultation_transition

Status = Consultation.Status


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
    # Anonymised registrations (the delegate deleted their account) have no address.
    for registration in registrations.exclude(email=""):
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

"""The consultation's lifecycle: its allowed transitions and one function per verb."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Consultation,
    Registration,
    StatusChange,
)
from .notifications import registration_email

Status = Consultation.Status


class InvalidTransition(Exception):
    """A state change that the workflow does not allow from the current state."""


CONSULTATION_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PUBLISHED, Status.CANCELLED},
    Status.PUBLISHED: {Status.REGISTRATION_OPEN, Status.DRAFT, Status.CANCELLED},
    Status.REGISTRATION_OPEN: {Status.REGISTRATION_CLOSED, Status.CANCELLED},
    Status.REGISTRATION_CLOSED: {Status.REGISTRATION_OPEN, Status.HELD, Status.CANCELLED},
    Status.HELD: {Status.REPORT_PUBLISHED},
    Status.REPORT_PUBLISHED: set(),
    Status.CANCELLED: set(),
}


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
        registration_email(registration, event="consultation_cancelled")
    return locked

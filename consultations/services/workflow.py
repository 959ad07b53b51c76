"""The consultation's lifecycle: its allowed transitions and one function per verb."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iomcso.core.workflow import InvalidTransition, sources, transition

from ..models import (
    Consultation,
    Registration,
)
from .notifications import registration_email

Status = Consultation.Status


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
    def stamp_report(locked: Consultation) -> None:
        if to_status == Status.REPORT_PUBLISHED:
            locked.report_published_at = timezone.now()

    return transition(
        consultation,
        to=to_status,
        allowed_from=sources(CONSULTATION_TRANSITIONS, to_status),
        actor=actor,
        comment=comment,
        apply=stamp_report,
        error=lambda locked: (
            _("A consultation cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(locked.status).label, "to": Status(to_status).label}
        ),
    )


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

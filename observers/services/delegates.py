"""Observer terms and the delegates an observer sends to a Council session."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    CouncilSession,
    Observer,
    SessionDelegate,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def observer_end(*, observer: Observer, reason: str, ended_on: date, actor) -> Observer:
    """End an organization's Observer status; the reason is required and kept."""
    observer = Observer.objects.select_for_update().get(pk=observer.pk)
    if observer.ended_on is not None:
        raise ValidationError(_("This Observer status has already ended."), code="ended")
    if not reason.strip():
        raise ValidationError(_("Give the reason for ending Observer status."), code="reason")
    if ended_on < observer.since:
        raise ValidationError(_("Observer status cannot end before it began."), code="date")
    observer.ended_on = ended_on
    observer.end_reason = reason.strip()
    observer.ended_by = actor
    observer.full_clean()
    observer.save()
    return observer


@transaction.atomic
def delegate_register(
    *, observer: Observer, session: CouncilSession, name: str, email: str, position: str = "", actor
) -> SessionDelegate:
    """Register a delegate of a current observer to an upcoming Council session."""
    if not observer.is_current:
        raise ValidationError(
            _("Only current observers can register delegates."), code="not_observer"
        )
    if session.ends_on < timezone.localdate():
        raise ValidationError(_("This Council session is over."), code="session_over")
    delegate = SessionDelegate(
        observer=observer,
        session=session,
        name=name.strip(),
        email=email.strip().lower(),
        position=position.strip(),
        registered_by=actor,
    )
    delegate.full_clean()
    try:
        with transaction.atomic():
            delegate.save()
    except IntegrityError as error:  # the same person sent twice at once: the constraint holds
        raise ValidationError(
            _("This person is already registered for this session."), code="already_registered"
        ) from error
    return delegate


@transaction.atomic
def delegate_remove(*, delegate: SessionDelegate, actor) -> None:
    logger.info("delegate %s removed by %s", delegate.pk, getattr(actor, "pk", None))
    delegate.delete()

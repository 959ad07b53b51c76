"""Staff observations about an organization."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iomcso.core.workflow import InvalidTransition

from ..choices import ObservationSeverity
from ..models import (
    Organization,
    StaffObservation,
)
from .organizations import _record_history


@transaction.atomic
def observation_add(
    *, actor, organization: Organization, severity: str, text: str
) -> StaffObservation:
    """A staff-only note; a serious concern shows on every staff page about the organization."""
    observation = StaffObservation(
        organization=organization, severity=severity, text=text, author=actor
    )
    observation.full_clean(exclude=["author"])  # set by the service, may be the system
    _record_history(observation, actor=actor)
    observation.save()
    return observation


@transaction.atomic
def observation_resolve(*, actor, observation: StaffObservation) -> StaffObservation:
    """Mark an observation resolved; it stays, with its history, for the record."""
    if observation.resolved_at is not None:
        raise InvalidTransition(_("This observation is already resolved."))
    observation.resolved_at = timezone.now()
    observation.resolved_by = actor
    _record_history(observation, actor=actor, reason=_("Resolved"))
    observation.save()
    return observation


def is_serious(severity: str) -> bool:
    return severity == ObservationSeverity.SERIOUS

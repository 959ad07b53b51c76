"""The one way a workflow changes state: lock, check, set, log, side effects after commit.

Every state machine of the portal (organization verification, join requests, observer
applications, consultations, invitations, registrations) calls :func:`transition`, so
each one locks its row before reading the current state (two staff clicking at once
cannot both move it), refuses a move its allowed-transitions map does not list with an
:class:`InvalidTransition` (one class, caught the same way everywhere), and leaves one
:class:`~iomcso.core.models.TransitionLog` row saying who moved it, when and why.
Emails go through the outbox in the same transaction; anything else that must only
happen once the change is committed goes in ``on_commit``.
"""

from collections.abc import Callable, Collection, Mapping
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import TransitionLog

M = TypeVar("M", bound=models.Model)


class InvalidTransition(ValidationError):
    """A state change the workflow does not allow from the current state.

    A ``ValidationError``, so a view or admin action catches one exception for both a
    refused move and an invalid value, and ``str(error)`` is the message a person reads.
    """

    def __init__(self, message, code: str = "invalid_transition", params=None):
        super().__init__(message, code, params)

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.messages)


def sources(transitions: Mapping[str, Collection[str]], to: str) -> frozenset[str]:
    """The states from which ``to`` may be reached, read from a from→to transitions map."""
    return frozenset(state for state, targets in transitions.items() if to in targets)


def _state_label(instance: models.Model, field: str, value: str) -> str:
    choices = dict(getattr(instance._meta.get_field(field), "flatchoices", ()))
    return str(choices.get(value, value))


def transition(
    instance: M,
    *,
    to: str,
    allowed_from: Collection[str],
    actor,
    field: str = "status",
    comment: str = "",
    error: Callable[[M], str | ValidationError] | None = None,
    apply: Callable[[M], None] | None = None,
    clean: bool = True,
    on_commit: Callable[[M], None] | None = None,
) -> M:
    """Move ``instance`` to ``to`` if its current (locked) state is in ``allowed_from``.

    ``apply`` sets the fields that go with the move (dates, reasons) on the locked row
    before it is saved; ``on_commit`` runs after the transaction commits. The caller's
    instance is updated with every value the move changed, and the locked row returned.
    Must run inside a transaction (every service that calls it is ``@transaction.atomic``).
    """
    model = type(instance)
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    current = getattr(locked, field)
    if current not in allowed_from:
        if error is not None:
            refusal = error(locked)
            raise refusal if isinstance(refusal, InvalidTransition) else InvalidTransition(refusal)
        raise InvalidTransition(
            _("This cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": _state_label(locked, field, current),
                "to": _state_label(locked, field, to),
            }
        )
    before = {f.attname: getattr(locked, f.attname) for f in model._meta.concrete_fields}
    setattr(locked, field, to)
    if apply is not None:
        apply(locked)
    if clean:
        locked.full_clean()
    locked.save()
    TransitionLog.objects.create(
        content_object=locked,
        state_field=field,
        from_status=current,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment,
    )
    for attname, old in before.items():
        new = getattr(locked, attname)
        if new != old:
            setattr(instance, attname, new)
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(locked))
    return locked


def transition_log_for(instance: models.Model) -> models.QuerySet[TransitionLog]:
    """The state changes of ``instance``, oldest first, with who made them."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
    ).select_related("actor")


def transition_record_start(
    instance: models.Model, *, actor, field: str = "status", comment: str = ""
) -> TransitionLog:
    """Log the state a new workflow object starts in (from no state), for a full history."""
    return TransitionLog.objects.create(
        content_object=instance,
        state_field=field,
        from_status="",
        to_status=getattr(instance, field),
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment,
    )

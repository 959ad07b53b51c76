"""Merging a duplicate organization into the one kept; other apps hook in with handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from ..directory_cache import directory_changed
from ..models import (
    Organization,
    PossibleDuplicate,
)
from .organizations import _record_history, organization_derive_fields

logger = logging.getLogger(__name__)


MergeHandler = Callable[..., None]
_merge_handlers: list[MergeHandler] = []


def register_merge_handler(handler: MergeHandler) -> MergeHandler:
    """Let another app act before a merge moves rows: ``handler(*, keep, duplicate, actor)``.

    Not needed for plain foreign keys to Organization (they move automatically); useful
    to resolve conflicts an app understands better (for example two registrations of the
    same consultation). Usable as a decorator.
    """
    _merge_handlers.append(handler)
    return handler


def _organization_relations() -> Iterable[models.ForeignObjectRel]:
    for relation in Organization._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ForeignObjectRel):
            continue
        if not (relation.one_to_many or relation.one_to_one) or relation.concrete:
            continue
        # The model holding the foreign key (what related_model returns, typed precisely).
        model = relation.field.model
        if issubclass(model, HistoricalChanges):
            continue  # history keeps what was true then
        yield relation


def _move_relation(relation, *, keep: Organization, duplicate: Organization) -> tuple[int, int]:
    """Point the rows of one relation at ``keep``; rows that would clash are left behind
    (and deleted with the duplicate). Returns (moved, left)."""
    model, field_name = relation.related_model, relation.field.name
    rows = model._base_manager.filter(**{field_name: duplicate})
    try:
        with transaction.atomic():
            return rows.update(**{field_name: keep}), 0
    except IntegrityError:
        pass
    moved = left = 0
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{field_name: keep})
            moved += 1
        except IntegrityError:
            left += 1
    return moved, left


@transaction.atomic
def organization_merge(
    *, actor, keep: Organization, duplicate: Organization
) -> dict[str, tuple[int, int]]:
    """Merge ``duplicate`` into ``keep`` and delete ``duplicate``, all or nothing.

    Contacts, memberships, cooperation records, team members, documents, observations and
    every other app's rows pointing at the duplicate (registrations, applications...) move
    to the kept organization. Rows that would break a uniqueness rule (the same user in both
    teams, a network link between the two) are dropped. Empty fields of the kept record are
    filled from the duplicate. Returns {relation: (moved, dropped)}.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An organization cannot be merged with itself."))
    keep = Organization.objects.select_for_update().get(pk=keep.pk)
    duplicate = Organization.objects.select_for_update().get(pk=duplicate.pk)
    for handler in _merge_handlers:
        handler(keep=keep, duplicate=duplicate, actor=actor)
    PossibleDuplicate.objects.filter(
        models.Q(organization=keep, similar_to=duplicate)
        | models.Q(organization=duplicate, similar_to=keep)
    ).delete()
    summary = {}
    for relation in _organization_relations():
        label = f"{relation.field.model._meta.label}.{relation.field.name}"
        summary[label] = _move_relation(relation, keep=keep, duplicate=duplicate)
    if (duplicate.description or duplicate.mission_statement) and not (
        keep.description or keep.mission_statement
    ):
        # The kept record takes the duplicate's texts below, in their language.
        keep.profile_language = duplicate.profile_language
    # Translations the kept record lacks come from the duplicate (never one in its own language).
    translations = {**duplicate.profile_translations, **keep.profile_translations}
    translations.pop(keep.profile_language, None)
    keep.profile_translations = translations
    for field in (
        "acronym",
        "description",
        "mission_statement",
        "website",
        "public_email",
        "public_phone",
        "year_founded",
        "legal_registration_number",
        "legal_registration_country",
        "ecosoc_year",
        "logo",
    ):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    keep.countries_of_operation = [*keep.countries_of_operation, *duplicate.countries_of_operation]
    keep.activities = sorted({*keep.activities, *duplicate.activities})
    keep.operating_settings = sorted({*keep.operating_settings, *duplicate.operating_settings})
    keep.is_network = keep.is_network or duplicate.is_network
    if keep.ecosoc_status == "none":
        keep.ecosoc_status = duplicate.ecosoc_status
    organization_derive_fields(keep)
    reason = _("Merged with %(name)s (#%(pk)s)") % {"name": duplicate.name, "pk": duplicate.pk}
    _record_history(keep, actor=actor, reason=reason)
    keep.save()
    _record_history(duplicate, actor=actor, reason=_("Merged into #%s") % keep.pk)
    duplicate_pk = duplicate.pk  # delete() clears it
    duplicate.delete()
    logger.info("organization %s merged into %s: %s", duplicate_pk, keep.pk, summary)
    directory_changed()
    return summary

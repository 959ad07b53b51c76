"""Every write of the partner registry.

Rules that always hold:
- ``name_key``, ``slug``, ``regions`` and ``website_domain`` are derived here, never typed in;
  the search vector is kept by a database trigger (migration 0002).
- ``verification_status`` changes only through the transition functions below; each one
  records who, when and why (on the row and in its history) and queues the partner's email
  after commit.
- A merge moves everything that points at the duplicate to the kept organization in one
  transaction, including models of other apps (any reverse foreign key).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalChanges

from iomcso.core.services import email_queue

from .choices import MemberRole, ObservationSeverity, VerificationStatus
from .models import (
    Organization,
    OrganizationMember,
    PossibleDuplicate,
    StaffObservation,
)
from .regions import regions_for_countries
from .text import name_key, website_domain

logger = logging.getLogger(__name__)

# Fields a caller may set on create/update; the rest are derived or workflow state.
ORGANIZATION_FIELDS = frozenset(
    {
        "name",
        "acronym",
        "partner_type",
        "level",
        "headquarters_country",
        "countries_of_operation",
        "activities",
        "operating_settings",
        "description",
        "mission_statement",
        "website",
        "public_email",
        "public_phone",
        "year_founded",
        "legal_registration_number",
        "legal_registration_country",
        "ecosoc_status",
        "ecosoc_year",
        "logo",
        "is_network",
        "profile_confirmed_at",
    }
)

# Names at least this similar (pg_trgm, 0..1) are flagged as possible duplicates.
DUPLICATE_SIMILARITY_THRESHOLD = 0.5
# Shared hosting or social sites say nothing about identity.
GENERIC_WEBSITE_DOMAINS = frozenset(
    {"facebook.com", "linkedin.com", "twitter.com", "x.com", "instagram.com", "google.com"}
)


class InvalidTransition(Exception):
    """A verification change that is not allowed from the organization's current state."""


# verb -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "verify": (frozenset({VerificationStatus.PENDING}), VerificationStatus.VERIFIED),
    "reject": (frozenset({VerificationStatus.PENDING}), VerificationStatus.REJECTED),
    "suspend": (frozenset({VerificationStatus.VERIFIED}), VerificationStatus.SUSPENDED),
    "reinstate": (frozenset({VerificationStatus.SUSPENDED}), VerificationStatus.VERIFIED),
    "resubmit": (frozenset({VerificationStatus.REJECTED}), VerificationStatus.PENDING),
}


TRANSITION_LABELS = {
    "verify": gettext_lazy("Verify"),
    "reject": gettext_lazy("Reject"),
    "suspend": gettext_lazy("Suspend"),
    "reinstate": gettext_lazy("Reinstate"),
    "resubmit": gettext_lazy("Return to pending"),
}


# --- Derived fields ---------------------------------------------------------


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:240] or "organization"
    taken = set(
        Organization.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def organization_derive_fields(organization: Organization) -> None:
    """Fill the derived fields from the ones people edit (no save)."""
    organization.name = " ".join(organization.name.split())
    organization.name_key = name_key(organization.name)
    organization.website_domain = website_domain(organization.website)
    organization.countries_of_operation = sorted(
        {str(code).upper() for code in organization.countries_of_operation if code}
    )
    organization.regions = regions_for_countries(
        [str(organization.headquarters_country), *organization.countries_of_operation]
    )
    if not organization.slug:
        organization.slug = _unique_slug(organization.name, exclude_pk=organization.pk)


def _record_history(organization: models.Model, *, actor, reason: str = "") -> None:
    # simple_history reads these when it writes the history row of the next save
    # (attributes it documents, not model fields, so the type checker does not know them).
    organization._history_user = actor  # type: ignore[attr-defined]
    organization._change_reason = reason[:100] if reason else ""  # type: ignore[attr-defined]


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - ORGANIZATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown or read-only organization fields: {', '.join(sorted(unknown))}")


# --- Create and update ------------------------------------------------------


@transaction.atomic
def organization_create(
    *,
    actor,
    name: str,
    partner_type: str,
    level: str,
    headquarters_country: str,
    **fields: Any,
) -> Organization:
    """Register a new organization, pending verification, and flag possible duplicates.

    Used by the portal's registration; ``fields`` are any of ``ORGANIZATION_FIELDS``.
    Raises ``ValidationError`` (for example when the same name is already registered in
    the country, ignoring case and accents).
    """
    _check_fields(fields)
    organization = Organization(
        name=name,
        partner_type=partner_type,
        level=level,
        headquarters_country=headquarters_country,
        **fields,
    )
    return organization_register(actor=actor, organization=organization)


@transaction.atomic
def organization_register(*, actor, organization: Organization) -> Organization:
    """Save a new organization built by a form or an import row (not yet saved).

    Derives the computed fields, validates, saves as pending and runs the duplicate check.
    """
    if organization.pk is not None:
        raise ValueError("organization_register() saves new organizations only.")
    organization.verification_status = VerificationStatus.PENDING
    organization_derive_fields(organization)
    organization.full_clean()
    _record_history(organization, actor=actor, reason=_("Created"))
    organization.save()
    organization_duplicates_flag(organization=organization)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields: Any) -> Organization:
    """Change an organization's editable fields, re-deriving what depends on them.

    Also saves changes a form already made on the instance (call with no ``fields``).
    The duplicate check runs again when the name or the website changed.
    """
    _check_fields(fields)
    old_key, old_domain = (
        Organization.objects.filter(pk=organization.pk)
        .values_list("name_key", "website_domain")
        .get()
    )
    for field, value in fields.items():
        setattr(organization, field, value)
    organization_derive_fields(organization)
    organization.full_clean()
    _record_history(organization, actor=actor, reason=_("Updated"))
    organization.save()
    if (organization.name_key, organization.website_domain) != (old_key, old_domain):
        organization_duplicates_flag(organization=organization)
    return organization


# --- Verification transitions ----------------------------------------------


def _transition(*, verb: str, actor, organization: Organization, reason: str = "") -> Organization:
    allowed_from, target = TRANSITIONS[verb]
    # Lock the row: two staff clicking at once must not both transition it.
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if locked.verification_status not in allowed_from:
        raise InvalidTransition(
            _("“%(action)s” is not possible for an organization whose status is “%(status)s”.")
            % {
                "action": TRANSITION_LABELS[verb],
                "status": locked.get_verification_status_display(),
            }
        )
    now = timezone.now()
    locked.verification_status = target
    locked.status_reason = reason
    locked.status_changed_at = now
    locked.status_changed_by = actor
    if target == VerificationStatus.VERIFIED and verb == "verify":
        locked.verified_at = now
    # The history names the step in the staff member's language, not by its code.
    step = str(TRANSITION_LABELS[verb])
    _record_history(locked, actor=actor, reason=f"{step}: {reason}" if reason else step)
    locked.save()
    _queue_status_email(organization=locked)
    # Keep the caller's instance in step with the database.
    for field in (
        "verification_status",
        "status_reason",
        "status_changed_at",
        "status_changed_by",
        "verified_at",
    ):
        setattr(organization, field, getattr(locked, field))
    return organization


def _queue_status_email(*, organization: Organization) -> None:
    administrators = OrganizationMember.objects.filter(
        organization=organization, role=MemberRole.ADMINISTRATOR
    ).select_related("user")
    for member in administrators:
        email_queue(
            to=member.user.email,
            template="partners/organization_status",
            context={
                "organization_name": organization.name,
                "status": organization.verification_status,
                "reason": organization.status_reason,
                "recipient_name": member.user.get_full_name(),
            },
            language=member.user.language,
        )


@transaction.atomic
def organization_verify(*, actor, organization: Organization, reason: str = "") -> Organization:
    """pending → verified: the organization appears in the public directory."""
    return _transition(verb="verify", actor=actor, organization=organization, reason=reason)


@transaction.atomic
def organization_reject(*, actor, organization: Organization, reason: str) -> Organization:
    """pending → rejected. The reason is required: the partner reads it to correct the profile."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the organization.")})
    return _transition(verb="reject", actor=actor, organization=organization, reason=reason.strip())


@transaction.atomic
def organization_suspend(*, actor, organization: Organization, reason: str = "") -> Organization:
    """verified → suspended: hidden from the public until reinstated."""
    return _transition(verb="suspend", actor=actor, organization=organization, reason=reason)


@transaction.atomic
def organization_reinstate(*, actor, organization: Organization, reason: str = "") -> Organization:
    """suspended → verified."""
    return _transition(verb="reinstate", actor=actor, organization=organization, reason=reason)


@transaction.atomic
def organization_resubmit(*, actor, organization: Organization, reason: str = "") -> Organization:
    """rejected → pending, after the partner corrected the profile."""
    return _transition(verb="resubmit", actor=actor, organization=organization, reason=reason)


def available_transitions(organization: Organization) -> list[str]:
    return [
        verb
        for verb, (allowed_from, _target) in TRANSITIONS.items()
        if organization.verification_status in allowed_from
    ]


# --- Possible duplicates ----------------------------------------------------


def organization_duplicates_flag(*, organization: Organization) -> list[PossibleDuplicate]:
    """Flag existing organizations with a similar name or the same website domain.

    The trigram ``%`` operator lets the GIN index on ``name_key`` find candidates; the
    similarity threshold then keeps only close names.
    """
    candidates: dict[int, tuple[str, float]] = {}
    similar = (
        Organization.objects.exclude(pk=organization.pk)
        .filter(name_key__trigram_similar=organization.name_key)
        .annotate(similarity=TrigramSimilarity("name_key", organization.name_key))
        .filter(similarity__gte=DUPLICATE_SIMILARITY_THRESHOLD)
        .order_by("-similarity")
        .values_list("pk", "similarity")[:20]
    )
    for pk, similarity in similar:
        candidates[pk] = (_("Similar name"), similarity)
    domain = organization.website_domain
    if domain and domain not in GENERIC_WEBSITE_DOMAINS:
        same_domain = (
            Organization.objects.exclude(pk=organization.pk)
            .filter(website_domain=domain)
            .values_list("pk", flat=True)[:20]
        )
        for pk in same_domain:
            reason, similarity = candidates.get(pk, ("", 0.0))
            reason = f"{reason}; " if reason else ""
            candidates[pk] = (reason + _("Same website domain (%s)") % domain, similarity)
    rows = [
        PossibleDuplicate(
            organization=organization,
            similar_to_id=pk,
            reason=reason[:200],
            similarity=round(similarity, 3),
        )
        for pk, (reason, similarity) in candidates.items()
    ]
    PossibleDuplicate.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        PossibleDuplicate.objects.filter(organization=organization, dismissed_at__isnull=True)
    )


@transaction.atomic
def possible_duplicate_dismiss(*, actor, possible_duplicate: PossibleDuplicate) -> None:
    """Staff decided the two organizations are different."""
    possible_duplicate.dismissed_at = timezone.now()
    possible_duplicate.dismissed_by = actor
    possible_duplicate.save(update_fields=["dismissed_at", "dismissed_by"])


# --- Merge ------------------------------------------------------------------

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
    return summary


# --- Staff observations -----------------------------------------------------


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

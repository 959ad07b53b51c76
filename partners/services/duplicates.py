"""Flagging and dismissing possible duplicate organizations."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramSimilarity
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Organization,
    PossibleDuplicate,
)

# Names at least this similar (pg_trgm, 0..1) are flagged as possible duplicates.
DUPLICATE_SIMILARITY_THRESHOLD = 0.5
# Shared hosting or social sites say nothing about identity.
GENERIC_WEBSITE_DOMAINS = frozenset(
    {"facebook.com", "linkedin.com", "twitter.com", "x.com", "instagram.com", "google.com"}
)


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

"""Reads of sanctions screening (staff only)."""

from django.db.models import Count, Q, QuerySet

from .models import ListEntry, ListVersion, PossibleMatch


def organization_is_blocked(*, organization_id: int) -> bool:
    """A confirmed match with an entry still on the list blocks the organization."""
    return PossibleMatch.objects.filter(
        organization_id=organization_id,
        status=PossibleMatch.Status.CONFIRMED,
        entry__removed_in__isnull=True,
    ).exists()


def possible_matches_for_review() -> QuerySet[PossibleMatch]:
    """The due-diligence queue, with what each row shows side by side."""
    return PossibleMatch.objects.select_related(
        "entry", "organization", "contact", "member__user", "found_in", "decided_by"
    )


def possible_match_for_review(*, pk: int) -> PossibleMatch | None:
    return possible_matches_for_review().filter(pk=pk).first()


def list_versions_with_outcomes() -> QuerySet[ListVersion]:
    """Each list version with the number of possible matches it raised, by outcome."""
    Status = PossibleMatch.Status
    return ListVersion.objects.annotate(
        matches=Count("possible_matches"),
        open_matches=Count("possible_matches", filter=Q(possible_matches__status=Status.OPEN)),
        confirmed=Count("possible_matches", filter=Q(possible_matches__status=Status.CONFIRMED)),
        false_positives=Count(
            "possible_matches", filter=Q(possible_matches__status=Status.FALSE_POSITIVE)
        ),
        closed=Count("possible_matches", filter=Q(possible_matches__status=Status.CLOSED)),
    )


def screening_report_rows(*, version_id: int | None = None, status: str = ""):
    """The rows of the screening report: one per possible match, oldest version first."""
    matches = possible_matches_for_review().order_by("found_in_id", "pk")
    if version_id:
        matches = matches.filter(found_in_id=version_id)
    if status:
        matches = matches.filter(status=status)
    return matches


def active_entries() -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(removed_in__isnull=True)

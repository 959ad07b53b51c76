"""Staff reads of the registry: concerns and duplicate flags, the dashboard and the
workspace's queues and counts."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet

from iomcso.core.workspace import capped_count

from ..choices import ObservationSeverity
from ..models import Organization, PossibleDuplicate, StaffObservation


def organization_serious_concerns(*, organization_id: int | None) -> list[StaffObservation]:
    """Unresolved serious concerns staff recorded about an organization (staff pages only)."""
    if organization_id is None:
        return []
    return list(
        StaffObservation.objects.filter(
            organization_id=organization_id,
            severity=ObservationSeverity.SERIOUS,
            resolved_at__isnull=True,
        )
        .select_related("author")
        .order_by("-created_at")
    )


def organizations_with_serious_concern(organization_ids) -> set[int]:
    """Which of these organizations have an unresolved serious concern (one query for a list)."""
    return set(
        StaffObservation.objects.filter(
            organization_id__in=list(organization_ids),
            severity=ObservationSeverity.SERIOUS,
            resolved_at__isnull=True,
        ).values_list("organization_id", flat=True)
    )


def has_serious_concern_expression(outer_ref: str = "pk") -> Exists:
    """Annotate a queryset with whether its organization has an open serious concern."""
    return Exists(
        StaffObservation.objects.filter(
            organization_id=OuterRef(outer_ref),
            severity=ObservationSeverity.SERIOUS,
            resolved_at__isnull=True,
        )
    )


def organizations_with_possible_duplicate(organization_ids) -> set[int]:
    """Which of these organizations have an undismissed possible duplicate (one query)."""
    return set(
        PossibleDuplicate.objects.filter(
            organization_id__in=list(organization_ids), dismissed_at__isnull=True
        ).values_list("organization_id", flat=True)
    )


def has_possible_duplicate_expression() -> Exists:
    return Exists(
        PossibleDuplicate.objects.filter(organization_id=OuterRef("pk"), dismissed_at__isnull=True)
    )


def organization_open_duplicates(*, organization: Organization) -> QuerySet[PossibleDuplicate]:
    return (
        PossibleDuplicate.objects.filter(organization=organization, dismissed_at__isnull=True)
        .select_related("similar_to")
        .order_by("-similarity")
    )


@dataclass
class Dashboard:
    by_status: dict[str, int]
    by_type: dict[str, int]
    by_region: dict[str, int]
    pending_oldest_first: list[Organization]
    open_duplicates: int
    serious_concerns: int


def staff_dashboard(*, pending_limit: int = 25) -> Dashboard:
    """Counts by status, type and region; the oldest pending verifications first."""
    pending = list(
        Organization.objects.pending()
        .only("pk", "name", "slug", "headquarters_country", "partner_type", "created_at")
        .order_by("created_at")[:pending_limit]
    )
    return Dashboard(
        by_status=partner_counts_by("verification_status"),
        by_type=partner_counts_by("partner_type"),
        by_region=partner_counts_by_region(),
        pending_oldest_first=pending,
        open_duplicates=PossibleDuplicate.objects.filter(dismissed_at__isnull=True).count(),
        serious_concerns=StaffObservation.objects.filter(
            severity=ObservationSeverity.SERIOUS, resolved_at__isnull=True
        ).count(),
    )


def pending_verifications_oldest_first(*, limit: int = 8) -> tuple[list[Organization], int]:
    """The oldest pending verifications, and how many are pending (index scans only)."""
    pending = Organization.objects.pending()
    rows = list(
        pending.only("pk", "name", "acronym", "created_at", "headquarters_country").order_by(
            "created_at"
        )[:limit]
    )
    return rows, capped_count(pending)


def identity_changes_to_review(*, limit: int = 8) -> tuple[list[Organization], int]:
    changed = Organization.objects.with_identity_changes()
    rows = list(
        changed.only("pk", "name", "acronym", "updated_at", "pending_identity_changes").order_by(
            "updated_at"
        )[:limit]
    )
    return rows, capped_count(changed)


def open_possible_duplicates(*, limit: int = 8) -> tuple[list[PossibleDuplicate], int]:
    open_pairs = PossibleDuplicate.objects.filter(dismissed_at__isnull=True)
    rows = list(
        open_pairs.select_related("organization", "similar_to").order_by("created_at")[:limit]
    )
    return rows, capped_count(open_pairs)


def open_serious_concerns(*, limit: int = 8) -> tuple[list[StaffObservation], int]:
    concerns = StaffObservation.objects.filter(
        severity=ObservationSeverity.SERIOUS, resolved_at__isnull=True
    )
    rows = list(concerns.select_related("organization").order_by("created_at")[:limit])
    return rows, capped_count(concerns)


def partner_counts_by(field: str) -> dict[str, int]:
    """Organizations by partner type, level or verification status (one GROUP BY)."""
    return dict(
        Organization.objects.order_by()
        .values_list(field)
        .annotate(total=Count("pk"))
        .values_list(field, "total")
    )


def partner_counts_by_region() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT region, COUNT(*) FROM {Organization._meta.db_table}, unnest(regions) AS region "  # noqa: S608 - table name from the model
            "GROUP BY region"
        )
        return dict(cursor.fetchall())


def partner_counts_by_country() -> dict[str, int]:
    """Organizations by headquarters country (the country index answers it)."""
    return {
        str(code): total
        for code, total in Organization.objects.order_by()
        .values_list("headquarters_country")
        .annotate(total=Count("pk"))
        .values_list("headquarters_country", "total")
    }


def registrations_by_month_and_status(*, months: int = 24) -> list[tuple[str, str, int]]:
    """(``YYYY-MM``, verification status, count) for organizations registered in the last
    ``months`` months: the registrations per month and, per month's cohort, how many were
    verified, rejected or are still waiting (the verification funnel over time)."""
    table = Organization._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, "  # noqa: S608 - table name from the model
            f"verification_status, COUNT(*) FROM {table} "
            "WHERE created_at >= date_trunc('month', now()) - make_interval(months => %s) "
            "GROUP BY 1, 2 ORDER BY 1",
            [months - 1],
        )
        return [(month, status, total) for month, status, total in cursor.fetchall()]

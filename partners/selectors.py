"""The reads of the partner registry, each with its related rows fetched up front."""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse

from .choices import ObservationSeverity, VerificationStatus
from .filters import OrganizationDirectoryFilter
from .models import (
    CooperationRecord,
    NetworkMembership,
    Organization,
    PossibleDuplicate,
    StaffObservation,
)

DIRECTORY_COLUMNS = (
    "pk",
    "name",
    "acronym",
    "slug",
    "partner_type",
    "level",
    "headquarters_country",
    "regions",
    "is_network",
)
NETWORK_MEMBERS_SHOWN = 100


def attach_public_urls(organizations) -> None:
    """Set ``public_url`` on each organization with one ``reverse()`` for the whole list
    (a reverse per row is a tenth of a list page's time)."""
    template = reverse("partners:organization_detail", kwargs={"slug": "__slug__"})
    for organization in organizations:
        organization.public_url = template.replace("__slug__", organization.slug)


def directory_queryset() -> QuerySet[Organization]:
    """The directory's rows before filtering: verified organizations by name."""
    return Organization.objects.verified().only(*DIRECTORY_COLUMNS).order_by("name", "pk")


def organization_directory(*, params: QueryDict) -> OrganizationDirectoryFilter:
    """Verified organizations filtered by the query string; ``.qs`` is ordered by name."""
    return OrganizationDirectoryFilter(params, queryset=directory_queryset())


@dataclass
class PublicProfile:
    organization: Organization
    networks: list[NetworkMembership]
    members: list[NetworkMembership]
    member_count: int
    cooperation_records: list[CooperationRecord]


def organization_public_profile(*, slug: str) -> PublicProfile:
    """A verified organization's public face; never its contacts. 404 for anything else."""
    organization = Organization.objects.verified().filter(slug=slug).first()
    if organization is None:
        raise Http404
    networks = list(
        NetworkMembership.objects.filter(
            member=organization, network__verification_status=VerificationStatus.VERIFIED
        )
        .select_related("network")
        .only("since", "role", "network__name", "network__acronym", "network__slug")
        .order_by("network__name")
    )
    members: list[NetworkMembership] = []
    member_count = 0
    if organization.is_network:
        member_links = NetworkMembership.objects.filter(
            network=organization, member__verification_status=VerificationStatus.VERIFIED
        )
        members = list(
            member_links.select_related("member")
            .only("since", "role", "member__name", "member__acronym", "member__slug")
            .order_by("member__name")[: NETWORK_MEMBERS_SHOWN + 1]
        )
        # Count only when there are more than we show.
        member_count = (
            member_links.count() if len(members) > NETWORK_MEMBERS_SHOWN else len(members)
        )
        members = members[:NETWORK_MEMBERS_SHOWN]
    cooperation_records = list(
        CooperationRecord.objects.filter(organization=organization, is_public=True)
    )
    attach_public_urls([link.network for link in networks] + [link.member for link in members])
    return PublicProfile(organization, networks, members, member_count, cooperation_records)


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
    by_status = dict(
        Organization.objects.order_by()
        .values_list("verification_status")
        .annotate(total=Count("pk"))
        .values_list("verification_status", "total")
    )
    by_type = dict(
        Organization.objects.order_by()
        .values_list("partner_type")
        .annotate(total=Count("pk"))
        .values_list("partner_type", "total")
    )
    by_region: Counter = Counter()
    # unnest() in SQL: one row per (organization, region), grouped by region.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT region, COUNT(*) FROM partners_organization, unnest(regions) AS region "
            "GROUP BY region"
        )
        by_region.update(dict(cursor.fetchall()))
    pending = list(
        Organization.objects.pending()
        .only("pk", "name", "slug", "headquarters_country", "partner_type", "created_at")
        .order_by("created_at")[:pending_limit]
    )
    return Dashboard(
        by_status=by_status,
        by_type=by_type,
        by_region=dict(by_region),
        pending_oldest_first=pending,
        open_duplicates=PossibleDuplicate.objects.filter(dismissed_at__isnull=True).count(),
        serious_concerns=StaffObservation.objects.filter(
            severity=ObservationSeverity.SERIOUS, resolved_at__isnull=True
        ).count(),
    )

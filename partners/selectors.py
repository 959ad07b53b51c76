"""The reads of the partner registry, each with its related rows fetched up front."""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse

from iomcso.core.workspace import capped_count

from .choices import Level, ObservationSeverity, PartnerType, VerificationStatus
from .filters import OrganizationDirectoryFilter
from .models import (
    CooperationRecord,
    NetworkMembership,
    Organization,
    PossibleDuplicate,
    StaffObservation,
)
from .regions import country_name
from .search import UnaccentedPrefixQuery, tsquery_text
from .translations import ProfileText, attach_profile_texts, profile_text

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
    # The card's description, in the visitor's language when the organization gave it.
    "description",
    "mission_statement",
    "profile_language",
    "profile_translations",
)
NETWORK_MEMBERS_SHOWN = 100


def attach_public_urls(organizations) -> None:
    """Set ``public_url`` on each organization with one ``reverse()`` for the whole list
    (a reverse per row is a tenth of a list page's time)."""
    template = reverse("partners:organization_detail", kwargs={"slug": "__slug__"})
    for organization in organizations:
        organization.public_url = template.replace("__slug__", organization.slug)


def attach_directory_labels(organizations) -> None:
    """Set ``type_label``, ``level_label`` and ``country_label`` from one lookup table per
    list (``get_FOO_display`` flattens the field's choices on every call)."""
    types, levels = dict(PartnerType.choices), dict(Level.choices)
    for organization in organizations:
        organization.type_label = types.get(organization.partner_type, organization.partner_type)
        organization.level_label = levels.get(organization.level, organization.level)
        organization.country_label = country_name(organization.headquarters_country)


def directory_queryset() -> QuerySet[Organization]:
    """The directory's rows before filtering: verified organizations by name."""
    return Organization.objects.verified().only(*DIRECTORY_COLUMNS).order_by("name", "pk")


def organization_directory(*, params: QueryDict) -> OrganizationDirectoryFilter:
    """Verified organizations filtered by the query string; ``.qs`` is ordered by name."""
    return OrganizationDirectoryFilter(params, queryset=directory_queryset())


# The directory never counts more than this many matches, and pages no deeper than it:
# past it the heading says "more than 1,000" and the last page asks for a narrower search.
DIRECTORY_COUNT_CAP = 1000
DIRECTORY_PAGE_SIZE = 20
DIRECTORY_MAX_PAGES = DIRECTORY_COUNT_CAP // DIRECTORY_PAGE_SIZE


@dataclass
class DirectoryPage:
    organizations: list[Organization]
    number: int
    count: int  # exact when ``capped`` is false; otherwise DIRECTORY_COUNT_CAP
    capped: bool  # more matches than DIRECTORY_COUNT_CAP
    num_pages: int  # pages a visitor can open (at most DIRECTORY_MAX_PAGES)
    page_was_capped: bool  # the visitor asked for a page past the last one offered

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def organization_directory_page(
    *, directory: OrganizationDirectoryFilter, page: str | None
) -> DirectoryPage:
    """One page of the directory in two bounded queries, whatever the registry's size.

    1. The ids of at most ``DIRECTORY_COUNT_CAP + 1`` matches (no ORDER BY: the planner stops
       at the cap, from the search and filter indexes or the table): the count, capped.
    2. When the matches are few, the page is sorted from those ids (primary-key look-ups,
       never the name index walked past rows that do not match, which is what made rare
       words slow); when there are more than the cap, matches are dense enough that
       walking the ``(verification_status, name)`` index finds a page after a few rows.
    The page number is capped at ``DIRECTORY_MAX_PAGES`` (OFFSET at most 980).
    """
    queryset = directory.qs
    ids = list(queryset.order_by().values_list("pk", flat=True)[: DIRECTORY_COUNT_CAP + 1])
    capped = len(ids) > DIRECTORY_COUNT_CAP
    count = min(len(ids), DIRECTORY_COUNT_CAP)
    num_pages = max(1, -(-count // DIRECTORY_PAGE_SIZE))
    try:
        requested = int(page or 1)
    except ValueError:
        requested = 1
    number = min(max(requested, 1), num_pages)
    start = (number - 1) * DIRECTORY_PAGE_SIZE
    if capped:
        rows = queryset[start : start + DIRECTORY_PAGE_SIZE]
    else:
        # The visitor's sort (name by default, or newest first) carries over to the ids.
        ordering = queryset.query.order_by or ("name", "pk")
        rows = (
            Organization.objects.filter(pk__in=ids)
            .only(*DIRECTORY_COLUMNS)
            .order_by(*ordering)[start : start + DIRECTORY_PAGE_SIZE]
        )
    organizations = list(rows) if ids else []
    attach_public_urls(organizations)
    attach_directory_labels(organizations)
    attach_profile_texts(organizations)
    return DirectoryPage(
        organizations=organizations,
        number=number,
        count=count,
        capped=capped,
        num_pages=num_pages,
        page_was_capped=capped and requested > num_pages,
    )


def network_choices(text: str, limit: int, *, verified_only: bool = True) -> list[tuple[int, str]]:
    """Networks whose name, acronym or description has words starting like ``text``, by
    name (served by the partial GIN index ``org_network_search_gin``)."""
    if not tsquery_text(text):
        return []
    networks = Organization.objects.filter(
        is_network=True, search_vector=UnaccentedPrefixQuery(text)
    )
    if verified_only:
        networks = networks.verified()
    return [
        (pk, f"{name} ({acronym})" if acronym else name)
        for pk, name, acronym in networks.order_by("name", "pk").values_list(
            "pk", "name", "acronym"
        )[:limit]
    ]


def network_label(pk: int, *, verified_only: bool = True) -> str | None:
    networks = Organization.objects.filter(is_network=True, pk=pk)
    if verified_only:
        networks = networks.verified()
    found = networks.values_list("name", "acronym").first()
    if found is None:
        return None
    name, acronym = found
    return f"{name} ({acronym})" if acronym else name


@dataclass
class PublicProfile:
    organization: Organization
    networks: list[NetworkMembership]
    members: list[NetworkMembership]
    member_count: int
    cooperation_records: list[CooperationRecord]
    # The description and mission statement in the visitor's language, or the original.
    text: ProfileText


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
    return PublicProfile(
        organization,
        networks,
        members,
        member_count,
        cooperation_records,
        profile_text(organization),
    )


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


# --- Staff workspace (admin home and dashboard) --------------------------------------------


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


# --- The API's reads of the registry (partners/api/views.py) and the public logo -------------


def directory_queryset_with_dates() -> QuerySet[Organization]:
    """The directory's rows with their registration date too: the API's cursor reads it at
    the edges of a page when the directory is sorted newest first."""
    return directory_queryset().only(*DIRECTORY_COLUMNS, "created_at")


def verified_networks() -> QuerySet[Organization]:
    """Verified networks, with the directory's columns."""
    return Organization.objects.verified().filter(is_network=True).only(*DIRECTORY_COLUMNS)


def verified_network_memberships(*, slug: str) -> QuerySet[NetworkMembership]:
    """The memberships of a verified network's verified members, each with its member and
    the member's name as ``member_name`` (to order and page by); 404 for anything other than
    a verified network."""
    network = verified_networks().filter(slug=slug).first()
    if network is None:
        raise Http404
    return (
        NetworkMembership.objects.filter(
            network=network, member__verification_status=VerificationStatus.VERIFIED
        )
        .select_related("member")
        .annotate(member_name=F("member__name"))
    )


def registry_organizations() -> QuerySet[Organization]:
    """Every organization of the registry, whatever its verification status (staff only)."""
    return Organization.objects.only(*DIRECTORY_COLUMNS, "verification_status", "created_at")


def registry_organization(*, organization_id: int) -> Organization:
    """Any organization of the registry, whatever its verification status (staff only), or 404."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    return organization


def organization_with_public_logo(*, slug: str) -> Organization | None:
    """A verified organization with its logo field only; None for any other organization
    (a pending or rejected organization's logo is never public)."""
    return Organization.objects.verified().filter(slug=slug).only("pk", "slug", "logo").first()

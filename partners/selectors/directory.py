"""The public directory's reads: the filtered, paged list of verified organizations, the
network look-ups of its filter, a public profile and a public logo."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse

from ..choices import Level, PartnerType, VerificationStatus
from ..filters import OrganizationDirectoryFilter
from ..models import CooperationRecord, NetworkMembership, Organization
from ..regions import country_name
from ..search import UnaccentedPrefixQuery, tsquery_text
from ..translations import ProfileText, attach_profile_texts, profile_text

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


def organization_with_public_logo(*, slug: str) -> Organization | None:
    """A verified organization with its logo field only; None for any other organization
    (a pending or rejected organization's logo is never public)."""
    return Organization.objects.verified().filter(slug=slug).only("pk", "slug", "logo").first()

"""Reads of the CSO self-service portal. Other apps may call ``my_memberships``."""

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet
from django.http import Http404

from partners.choices import VerificationStatus
from partners.models import (
    Contact,
    CooperationRecord,
    JoinRequest,
    NetworkMembership,
    Organization,
    OrganizationDocument,
    OrganizationInvitation,
    OrganizationMember,
)


def my_memberships(user) -> QuerySet[OrganizationMember]:
    """The user's team memberships with their organizations, for the portal dashboard."""
    if not user.is_authenticated:
        return OrganizationMember.objects.none()
    return (
        OrganizationMember.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def my_organizations(user) -> QuerySet[Organization]:
    """Organizations the user belongs to, whatever the role."""
    return Organization.objects.for_member(user).distinct().order_by("name")


def my_pending_join_requests(user) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).select_related(
        "organization"
    )


def joinable_organizations(*, user, query: str = "") -> QuerySet[Organization]:
    """Verified organizations the user is not yet a member of.

    Pending, suspended and rejected organizations are not listed (nor can be asked to
    join): their existence is not public. A user's own pending organization is reached
    through membership, not through this search.
    """
    organizations = Organization.objects.filter(
        verification_status=VerificationStatus.VERIFIED
    ).exclude(members__user=user)
    if query:
        organizations = organizations.filter(name__unaccent__icontains=query)
    return organizations.only("pk", "name", "acronym", "headquarters_country").order_by("name")


def team_members(organization: Organization) -> QuerySet[OrganizationMember]:
    return organization.members.select_related("user").order_by("user__full_name", "user__email")


def open_invitations(organization: Organization) -> QuerySet[OrganizationInvitation]:
    return organization.invitations.open().select_related("invited_by")


def pending_join_requests(organization: Organization) -> QuerySet[JoinRequest]:
    return organization.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "user"
    )


def organization_documents(organization: Organization) -> QuerySet[OrganizationDocument]:
    return organization.documents.select_related("uploaded_by")


def organization_contacts(organization: Organization) -> QuerySet[Contact]:
    return organization.contacts.all()


def organization_cooperation_records(organization: Organization) -> QuerySet[CooperationRecord]:
    return organization.cooperation_records.all()


def organization_contact(*, organization: Organization, contact_id: int) -> Contact:
    """One of the organization's contacts; another organization's contact is 404."""
    contact = organization_contacts(organization).filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


def organization_cooperation_record(
    *, organization: Organization, record_id: int
) -> CooperationRecord:
    """One of the organization's cooperation records; another organization's is 404."""
    record = organization_cooperation_records(organization).filter(pk=record_id).first()
    if record is None:
        raise Http404
    return record


def organizations_with_identity_changes() -> QuerySet[Organization]:
    """Verified profiles whose partner changed identity fields, oldest change first."""
    return Organization.objects.with_identity_changes().order_by("updated_at")


def my_open_invitations(user) -> QuerySet[OrganizationInvitation]:
    """Invitations waiting for one of the user's verified email addresses."""

    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if not addresses:
        return OrganizationInvitation.objects.none()
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return (
        OrganizationInvitation.objects.open()
        .filter(match)
        .exclude(organization__members__user=user)
        .select_related("organization")
    )


def invitation_by_token(token: str) -> OrganizationInvitation | None:
    """The team invitation a link's token names, with its organization, or None."""
    return OrganizationInvitation.objects.select_related("organization").filter(token=token).first()


def organization_network_links(organization: Organization) -> list[NetworkMembership]:
    """The networks the organization belongs to, as IOM staff recorded them, by name."""
    return list(
        NetworkMembership.objects.filter(member=organization)
        .select_related("network")
        .only("since", "role", "network__name", "network__acronym", "network__slug")
        .order_by("network__name")
    )


def network_member_count(organization: Organization) -> int:
    """How many organizations are recorded as members of a network (0 for a non-network)."""
    if not organization.is_network:
        return 0
    return NetworkMembership.objects.filter(network=organization).count()

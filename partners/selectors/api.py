"""The API's reads of the registry (``partners/api/views.py``)."""

from django.db.models import F, QuerySet
from django.http import Http404

from ..choices import VerificationStatus
from ..models import NetworkMembership, Organization
from .directory import DIRECTORY_COLUMNS, directory_queryset


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

import pytest

from partners.models import Organization

from .factories import (
    ContactFactory,
    CooperationRecordFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


def test_organization_factory_fills_derived_fields_and_search_vector():
    organization = OrganizationFactory(name="Cáritas Suiza", headquarters_country="CH")
    organization.refresh_from_db()
    assert organization.name_key == "caritas suiza"
    assert organization.regions == ["eea_eu_nato"]
    assert organization.search_vector is not None
    assert organization.verification_status == "pending"


def test_related_factories_build_a_verified_network_with_members():
    membership = NetworkMembershipFactory()
    ContactFactory(organization=membership.member)
    CooperationRecordFactory(organization=membership.member)
    OrganizationMemberFactory(organization=membership.member)
    assert membership.network.is_network
    assert Organization.objects.verified().count() == 2
    assert VerifiedOrganizationFactory().is_verified

"""Factories of the partner registry, shared by every app's tests.

``OrganizationFactory`` builds a pending organization with its derived fields filled in
(``name_key``, ``regions``, ``website_domain``; the search vector comes from a database
trigger). Use ``VerifiedOrganizationFactory`` (or ``OrganizationFactory(verified=True)``)
for one the public directory shows, ``NetworkFactory`` for a verified network.
"""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from partners.choices import (
    CooperationKind,
    EcosocStatus,
    Level,
    MemberRole,
    ObservationSeverity,
    PartnerType,
    VerificationStatus,
)
from partners.models import (
    Contact,
    CooperationRecord,
    NetworkMembership,
    Organization,
    OrganizationMember,
    StaffObservation,
)
from tests.factories import StaffUserFactory, UserFactory


def _name_key(name: str) -> str:
    from partners.text import name_key

    return name_key(name)


def _domain(url: str) -> str:
    from partners.text import website_domain

    return website_domain(url)


def _regions(organization) -> list[str]:
    from partners.regions import regions_for_countries

    return regions_for_countries(
        [str(organization.headquarters_country), *organization.countries_of_operation]
    )


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    class Params:
        verified = factory.Trait(
            verification_status=VerificationStatus.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            status_changed_at=factory.LazyFunction(timezone.now),
        )

    name = factory.Sequence(lambda n: f"Migrant Solidarity Network {n}")
    name_key = factory.LazyAttribute(lambda o: _name_key(o.name))
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:250]}-{n}")
    acronym = ""
    partner_type = PartnerType.NGO
    level = Level.NATIONAL
    headquarters_country = "CH"
    countries_of_operation = factory.LazyAttribute(lambda o: [str(o.headquarters_country)])
    regions = factory.LazyAttribute(_regions)
    activities = factory.LazyFunction(lambda: ["migrant_assistance"])
    operating_settings = factory.LazyFunction(lambda: ["humanitarian"])
    description = "Supports migrants with legal aid and shelter."
    website = factory.Sequence(lambda n: f"https://org{n}.example.org")
    website_domain = factory.LazyAttribute(lambda o: _domain(o.website))
    public_email = factory.Sequence(lambda n: f"info@org{n}.example.org")
    ecosoc_status = EcosocStatus.NONE
    verification_status = VerificationStatus.PENDING


class VerifiedOrganizationFactory(OrganizationFactory):
    verified = True


class NetworkFactory(VerifiedOrganizationFactory):
    is_network = True
    name = factory.Sequence(lambda n: f"Global Migration Network {n}")
    level = Level.GLOBAL


class NetworkMembershipFactory(factory.django.DjangoModelFactory[NetworkMembership]):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    member = factory.SubFactory(VerifiedOrganizationFactory)
    since = datetime.date(2020, 1, 1)
    role = "Member"


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Faker("name")
    position = "Programme officer"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+41 22 717 91 11"
    languages = factory.LazyFunction(lambda: ["en"])
    is_primary = False


class CooperationRecordFactory(factory.django.DjangoModelFactory[CooperationRecord]):
    class Meta:
        model = CooperationRecord

    organization = factory.SubFactory(OrganizationFactory)
    kind = CooperationKind.PROJECT_IMPLEMENTATION
    iom_office = "IOM Geneva"
    title = factory.Sequence(lambda n: f"Joint project {n}")
    start_date = datetime.date(2021, 1, 1)
    end_date = datetime.date(2022, 12, 31)
    description = "Assistance to migrants in transit."
    is_public = True


class OrganizationMemberFactory(factory.django.DjangoModelFactory[OrganizationMember]):
    class Meta:
        model = OrganizationMember

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.ADMINISTRATOR


class StaffObservationFactory(factory.django.DjangoModelFactory[StaffObservation]):
    class Meta:
        model = StaffObservation

    organization = factory.SubFactory(OrganizationFactory)
    severity = ObservationSeverity.INFORMATION
    text = "Met at the regional consultation."
    author = factory.SubFactory(StaffUserFactory)

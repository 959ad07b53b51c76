"""The API's organization list filters and sorts exactly as the public directory does: both
use the directory's FilterSet (partners.filters.OrganizationDirectoryFilter), so the same
query string finds the same organizations in the same order.

To check another combination, add it to CASES: a dict of parameter lists, so a filter that
takes several values is written ``{"partner_type": ["ngo", "media"]}``. ``NETWORK`` stands
for the network below (the directory takes its id, the API its slug).
"""

import pytest
from django.urls import reverse

from partners.choices import Level, PartnerType
from tests.partners.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db

NETWORK = "<network>"

CASES: list[dict[str, list[str]]] = [
    {},
    {"q": ["shelter"]},
    {"q": ["legal"]},
    {"partner_type": ["media"]},
    {"partner_type": ["ngo"], "country": ["LB"]},
    {"region": ["mena"], "activity": ["research"]},
    {"level": ["local"], "setting": ["development"]},
    {"q": ["media"], "level": ["local"]},
    {"network": [NETWORK]},
    {"network": [NETWORK], "setting": ["humanitarian"]},
    {"sort": ["newest"]},
    {"partner_type": ["media"], "sort": ["newest"]},
    {"partner_type": ["ngo", "media"]},
    {"partner_type": ["ngo", "media"], "country": ["LB", "KE"]},
    {"region": ["mena", "east_horn_africa"], "activity": ["research", "advocacy"]},
    {"q": ["legal"], "level": ["local", "national"], "sort": ["newest"]},
]


@pytest.fixture
def registry():
    """Verified organizations of several kinds, a network of two of them, and a pending
    organization that matches every filter but is never listed."""

    def organization(name, description, partner_type, level, country, activities, settings):
        return VerifiedOrganizationFactory(
            name=name,
            description=description,
            partner_type=partner_type,
            level=level,
            headquarters_country=country,
            activities=activities,
            operating_settings=settings,
        )

    beirut = organization(
        "Beirut Shelter Collective",
        "Shelter and legal aid for migrant workers.",
        PartnerType.NGO,
        Level.NATIONAL,
        "LB",
        ["migrant_assistance"],
        ["humanitarian"],
    )
    organization(
        "Cairo Media Watch",
        "Reporting on migration.",
        PartnerType.MEDIA,
        Level.NATIONAL,
        "EG",
        ["research", "awareness_raising"],
        ["development"],
    )
    organization(
        "Andes Research Institute",
        "Studies of labour migration.",
        PartnerType.CSO,
        Level.REGIONAL,
        "PE",
        ["research"],
        ["development"],
    )
    organization(
        "Lagos Legal Aid",
        "Free legal counsel for returnees.",
        PartnerType.NGO,
        Level.LOCAL,
        "NG",
        ["service_delivery"],
        ["development"],
    )
    organization(
        "Pacific Migrant Voices",
        "Diaspora advocacy.",
        PartnerType.MIGRANT_ORG,
        Level.LOCAL,
        "FJ",
        ["advocacy"],
        ["early_recovery"],
    )
    tripoli = organization(
        "Tripoli Community Media",
        "Radio for displaced people.",
        PartnerType.MEDIA,
        Level.LOCAL,
        "LB",
        ["awareness_raising"],
        ["humanitarian"],
    )
    network = NetworkFactory(name="Mediterranean NGO Network", description="A network.")
    for member in (beirut, tripoli):
        NetworkMembershipFactory(network=network, member=member)
    OrganizationFactory(
        name="Pending Shelter Media",
        description="Legal aid, shelter and research.",
        partner_type=PartnerType.MEDIA,
        level=Level.LOCAL,
        headquarters_country="LB",
        activities=["research"],
        operating_settings=["development", "humanitarian"],
    )
    return network


def _parameters(case: dict[str, list[str]], network: str) -> dict[str, list[str]]:
    return {
        name: [network if value == NETWORK else value for value in values]
        for name, values in case.items()
    }


@pytest.mark.parametrize("case", CASES, ids=lambda case: repr(case) if case else "no filter")
def test_the_api_lists_the_organizations_the_directory_shows_in_its_order(
    client, anonymous, registry, case
):
    page = client.get(reverse("partners:organization_list"), _parameters(case, str(registry.pk)))
    api = anonymous.get("/api/v1/organizations/", _parameters(case, registry.slug))

    assert page.status_code == api.status_code == 200
    in_directory = [organization.slug for organization in page.context["organizations"]]
    in_api = [organization["slug"] for organization in api.json()["results"]]
    assert in_api == in_directory
    assert in_directory, "every case finds at least one organization"
    assert "Pending" not in str(in_directory)
    if not set(case) <= {"sort"}:
        assert len(in_directory) < 7, "a filter that finds everything proves nothing"


def test_the_api_pages_newest_first_in_the_directorys_order(client, anonymous, registry):
    directory = client.get(reverse("partners:organization_list"), {"sort": "newest"})
    expected = [organization.slug for organization in directory.context["organizations"]]

    slugs: list[str] = []
    url = "/api/v1/organizations/?sort=newest&page_size=2"
    while url:
        body = anonymous.get(url).json()
        assert len(body["results"]) <= 2
        slugs += [organization["slug"] for organization in body["results"]]
        url = body["next"]

    assert slugs == expected
    assert slugs[0] == registry.slug  # the network was registered last

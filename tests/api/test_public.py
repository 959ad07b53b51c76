"""The public, anonymous API: the directory and what the public pages show, nothing more."""

import pytest
from django.test import Client

from partners.choices import Level, PartnerType
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    StaffObservationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


def _directory_names(params: str) -> list[str]:
    response = Client().get(f"/en/partners/?{params}")
    return [organization.name for organization in response.context["organizations"]]


def _api_names(client, params: str) -> list[str]:
    response = client.get(f"/api/v1/organizations/?{params}")
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_the_api_lists_the_same_organizations_as_the_directory_for_search_and_filters(anonymous):
    network = NetworkFactory(name="Alliance for Migrants")
    caritas = VerifiedOrganizationFactory(
        name="Caritas Genève",
        partner_type=PartnerType.NGO,
        level=Level.NATIONAL,
        headquarters_country="CH",
        activities=["research"],
    )
    NetworkMembershipFactory(network=network, member=caritas)
    VerifiedOrganizationFactory(name="Caritas Roma", headquarters_country="IT", level=Level.LOCAL)
    VerifiedOrganizationFactory(name="Refugee Voices", partner_type=PartnerType.ADVOCACY)
    OrganizationFactory(name="Caritas Pending")  # not verified: never listed
    for params in [
        "",
        "q=carit",
        "q=caritas&level=national&country=CH",
        "q=carit&activity=research",
        "partner_type=advocacy",
        "q=zzz",
    ]:
        assert _api_names(anonymous, params) == _directory_names(params), params
    # The directory's network field resolves an id (autocomplete); the API takes the slug.
    assert _api_names(anonymous, f"network={network.slug}") == _directory_names(
        f"network={network.pk}"
    )
    assert _api_names(anonymous, f"network={network.slug}") == ["Caritas Genève"]
    assert "Caritas Pending" not in _api_names(anonymous, "q=caritas")


def test_an_invalid_filter_is_a_problem_document_in_the_requested_language(anonymous):
    response = anonymous.get(
        "/api/v1/organizations/?partner_type=spaceship", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "La requête n’est pas valide"
    assert "partner_type" in problem["errors"]


def test_a_pending_organization_is_404_and_its_private_data_never_appear(anonymous):
    pending = OrganizationFactory()
    assert anonymous.get(f"/api/v1/organizations/{pending.slug}/").status_code == 404
    verified = VerifiedOrganizationFactory(legal_registration_number="SECRET-REG-1")
    ContactFactory(organization=verified, email="private.person@example.org")
    StaffObservationFactory(organization=verified, text="Staff only remark")
    CooperationRecordFactory(organization=verified, title="Public project")
    CooperationRecordFactory(organization=verified, title="Hidden project", is_public=False)
    response = anonymous.get(f"/api/v1/organizations/{verified.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    for secret in (
        "private.person@example.org",
        "Staff only remark",
        "Hidden project",
        "SECRET-REG-1",
    ):
        assert secret not in body
    assert [r["title"] for r in response.json()["cooperation_records"]] == ["Public project"]


def test_the_404_problem_document_speaks_spanish_when_asked(anonymous):
    response = anonymous.get("/api/v1/organizations/nobody/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert response.json()["title"] == "No encontrado"


def test_a_detail_answers_304_to_its_own_etag_and_has_last_modified(anonymous):
    organization = VerifiedOrganizationFactory()
    url = f"/api/v1/organizations/{organization.slug}/"
    first = anonymous.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    organization.description = "Changed."
    organization.save()
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_network_lists_its_verified_members_page_by_page(anonymous):
    network = NetworkFactory()
    for index in range(5):
        NetworkMembershipFactory(
            network=network, member=VerifiedOrganizationFactory(name=f"Member {index}")
        )
    NetworkMembershipFactory(network=network, member=OrganizationFactory(name="Pending member"))
    url = f"/api/v1/networks/{network.slug}/members/?page_size=2"
    names = []
    while url:
        page = anonymous.get(url).json()
        names += [row["member"]["name"] for row in page["results"]]
        url = page["next"]
    assert names == [f"Member {index}" for index in range(5)]


def test_the_organization_list_runs_a_fixed_number_of_queries(
    anonymous, django_assert_max_num_queries
):
    for _index in range(30):
        VerifiedOrganizationFactory()
    with django_assert_max_num_queries(2):
        response = anonymous.get("/api/v1/organizations/?q=migrant&level=national&page_size=50")
    assert len(response.json()["results"]) == 30
    assert "count" not in response.json()


def test_a_page_of_organizations_is_kept_a_minute_and_made_stale_by_a_verification(
    anonymous, directory_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from partners.services import organization_verify
    from tests.factories import StaffUserFactory

    VerifiedOrganizationFactory(name="Migrant Voices", partner_type=PartnerType.MEDIA)
    pending = OrganizationFactory(name="Migrant Radio", partner_type=PartnerType.MEDIA)
    assert _api_names(anonymous, "q=migrant&partner_type=media") == ["Migrant Voices"]
    with django_assert_num_queries(0):
        assert _api_names(anonymous, "partner_type=media&q=migrant") == ["Migrant Voices"]
    with django_capture_on_commit_callbacks(execute=True):
        organization_verify(actor=StaffUserFactory(), organization=pending)
    assert _api_names(anonymous, "q=migrant&partner_type=media") == [
        "Migrant Radio",
        "Migrant Voices",
    ]


def test_an_invalid_filter_is_answered_and_never_kept(anonymous, directory_cache):
    for _ in range(2):
        response = anonymous.get("/api/v1/organizations/?partner_type=spaceship")
        assert response.status_code == 400

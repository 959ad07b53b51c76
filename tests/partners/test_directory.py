import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.services import organization_update, organization_verify
from tests.factories import StaffUserFactory

from .factories import (
    ContactFactory,
    CooperationRecordFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/partners/"


def names(response) -> list[str]:
    return [organization.name for organization in response.context["organizations"]]


@pytest.mark.parametrize("query", ["caritas", "CARITAS", "Cáritas", "carit"])
def test_directory_finds_caritas_whatever_the_case_or_accents(client, query):
    VerifiedOrganizationFactory(name="Caritas Internationalis", acronym="CI")
    VerifiedOrganizationFactory(name="Cáritas Española", headquarters_country="ES")
    VerifiedOrganizationFactory(name="Migrant Help")
    response = client.get(DIRECTORY, {"q": query})
    assert response.status_code == 200
    assert names(response) == ["Caritas Internationalis", "Cáritas Española"]
    assert "2 organizations found" in response.content.decode()


def test_search_covers_acronym_and_description(client):
    VerifiedOrganizationFactory(name="Scalabrini Foundation", acronym="SIMN")
    VerifiedOrganizationFactory(name="Legal Aid", description="Protección de migrantes")
    assert names(client.get(DIRECTORY, {"q": "simn"})) == ["Scalabrini Foundation"]
    assert names(client.get(DIRECTORY, {"q": "proteccion"})) == ["Legal Aid"]


def test_only_verified_organizations_are_listed(client):
    VerifiedOrganizationFactory(name="Visible")
    for status in ["pending", "rejected", "suspended"]:
        OrganizationFactory(name=f"Hidden {status}", verification_status=status)
    assert names(client.get(DIRECTORY)) == ["Visible"]


def test_filters_combine_and_a_shared_url_reproduces_the_same_results(client):
    network = NetworkFactory(name="Global Network")
    match = VerifiedOrganizationFactory(
        name="Match",
        partner_type="media",
        level="local",
        headquarters_country="KE",
        activities=["research"],
        operating_settings=["development"],
    )
    NetworkMembershipFactory(network=network, member=match)
    VerifiedOrganizationFactory(name="Wrong type", partner_type="ngo", headquarters_country="KE")
    VerifiedOrganizationFactory(
        name="Wrong region", partner_type="media", headquarters_country="FR"
    )
    params = {
        "partner_type": "media",
        "level": "local",
        "region": "east_horn_africa",
        "country": "KE",
        "activity": "research",
        "setting": "development",
        "network": network.pk,
        "network_text": network.name,
    }
    first = client.get(DIRECTORY, params)
    assert names(first) == ["Match"]
    shared_url = first.wsgi_request.get_full_path()
    assert "partner_type=media" in shared_url
    assert names(client.get(shared_url)) == ["Match"]


def test_country_filter_includes_countries_of_operation(client):
    VerifiedOrganizationFactory(name="HQ in Kenya", headquarters_country="KE")
    VerifiedOrganizationFactory(
        name="Works in Kenya", headquarters_country="CH", countries_of_operation=["KE"]
    )
    VerifiedOrganizationFactory(name="Elsewhere", headquarters_country="CH")
    assert names(client.get(DIRECTORY, {"country": "KE"})) == ["HQ in Kenya", "Works in Kenya"]


def test_directory_paginates_and_keeps_filters_in_page_links(client):
    for number in range(25):
        VerifiedOrganizationFactory(name=f"Org {number:02d}", partner_type="media")
    response = client.get(DIRECTORY, {"partner_type": "media"})
    assert len(names(response)) == 20
    assert "?partner_type=media&amp;page=2" in response.content.decode()
    assert names(client.get(DIRECTORY, {"partner_type": "media", "page": 2})) == [
        f"Org {number:02d}" for number in range(20, 25)
    ]


def test_directory_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    network = NetworkFactory()
    for _ in range(30):
        NetworkMembershipFactory(network=network)
    with django_assert_max_num_queries(6):
        response = client.get(
            DIRECTORY,
            {"q": "network", "network": network.pk, "network_text": network.name, "page": 2},
        )
    assert response.status_code == 200


def test_detail_shows_public_profile_networks_members_and_cooperation_but_no_contacts(client):
    network = NetworkFactory(name="Africa Migration Network")
    organization = VerifiedOrganizationFactory(name="Kenya Refugee Aid", is_network=True)
    member = VerifiedOrganizationFactory(name="Nairobi Legal Clinic")
    NetworkMembershipFactory(network=network, member=organization)
    NetworkMembershipFactory(network=organization, member=member)
    NetworkMembershipFactory(
        network=organization, member=OrganizationFactory(name="Pending Member")
    )
    ContactFactory(organization=organization, name="Jane Private", email="jane@private.example")
    CooperationRecordFactory(organization=organization, title="Joint shelter project")
    CooperationRecordFactory(organization=organization, title="Internal only", is_public=False)

    response = client.get(organization.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Africa Migration Network" in page
    assert "Nairobi Legal Clinic" in page
    assert "Pending Member" not in page
    assert "Joint shelter project" in page
    assert "Internal only" not in page
    assert "Jane Private" not in page
    assert "jane@private.example" not in page


def test_detail_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    network = NetworkFactory()
    for _ in range(20):
        NetworkMembershipFactory(network=network)
        CooperationRecordFactory(organization=network)
    with django_assert_max_num_queries(5):
        assert client.get(network.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_organizations_that_are_not_verified_are_404_publicly(client, status):
    organization = OrganizationFactory(verification_status=status)
    assert client.get(organization.get_absolute_url()).status_code == 404


def test_directory_page_answers_in_each_language(client):
    for language in ["en", "fr", "es"]:
        response = client.get(f"/{language}/partners/")
        assert response.status_code == 200
        assert f'<html lang="{language}"' in response.content.decode()


def test_directory_sorts_by_name_by_default_and_newest_first_on_request(client):
    from partners.models import Organization

    for index, name in enumerate(["Zenith Aid", "Alba Migrantes", "Mano Amiga"]):
        organization = VerifiedOrganizationFactory(name=name)
        Organization.objects.filter(pk=organization.pk).update(
            created_at=f"202{index}-01-01T00:00:00Z"
        )
    assert names(client.get(DIRECTORY)) == ["Alba Migrantes", "Mano Amiga", "Zenith Aid"]
    newest = client.get(DIRECTORY, {"sort": "newest"})
    assert names(newest) == ["Mano Amiga", "Alba Migrantes", "Zenith Aid"]
    assert "Newest partners first" in newest.content.decode()
    assert client.get(DIRECTORY, {"sort": "bogus"}).status_code == 200


def test_a_filter_takes_several_values_and_matches_any_of_them(client):
    VerifiedOrganizationFactory(name="Media house", partner_type="media")
    VerifiedOrganizationFactory(name="Research centre", partner_type="academic")
    VerifiedOrganizationFactory(name="Trade union", partner_type="union")
    response = client.get(DIRECTORY, {"partner_type": ["media", "academic"]})
    assert names(response) == ["Media house", "Research centre"]
    body = response.content.decode()
    assert 'value="media" id="id_partner_type_5" checked' in body
    assert 'value="union" id="id_partner_type_4">' in body


def test_several_values_of_two_filters_combine_any_within_all_across(client):
    VerifiedOrganizationFactory(
        name="Kenyan media", partner_type="media", headquarters_country="KE"
    )
    VerifiedOrganizationFactory(
        name="Ugandan research", partner_type="academic", headquarters_country="UG"
    )
    VerifiedOrganizationFactory(
        name="French media", partner_type="media", headquarters_country="FR"
    )
    VerifiedOrganizationFactory(
        name="Kenyan union", partner_type="union", headquarters_country="KE"
    )
    response = client.get(
        DIRECTORY, {"partner_type": ["media", "academic"], "country": ["KE", "UG"]}
    )
    assert names(response) == ["Kenyan media", "Ugandan research"]


def test_search_words_and_several_filters_make_one_index_condition(client):
    """Words and filter values are one tsquery on the search vector (one GIN index scan)."""
    VerifiedOrganizationFactory(
        name="Migrant Voices", partner_type="media", activities=["research"]
    )
    VerifiedOrganizationFactory(name="Migrant Aid", partner_type="ngo", activities=["research"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            DIRECTORY, {"q": "migrant", "partner_type": "media", "activity": "research"}
        )
    assert names(response) == ["Migrant Voices"]
    searches = [q["sql"] for q in captured if '"search_vector"' in q["sql"]]
    assert searches
    for sql in searches:
        assert sql.count("@@") == 1, sql
        assert "activities" not in sql.split("WHERE", 1)[1], sql


@pytest.mark.parametrize("text", ["T_media", "t", "c_ke", "R"])
def test_a_visitors_words_never_match_the_filter_lexemes(client, text):
    VerifiedOrganizationFactory(
        name="Radio Migrants", partner_type="media", headquarters_country="KE"
    )
    VerifiedOrganizationFactory(name="Tent Aid", partner_type="ngo")
    found = names(client.get(DIRECTORY, {"q": text}))
    expected = {"T_media": [], "t": ["Tent Aid"], "c_ke": [], "R": ["Radio Migrants"]}[text]
    assert found == expected


def test_a_filter_value_that_is_not_offered_gets_a_message_and_the_other_filters_still_apply(
    client,
):
    VerifiedOrganizationFactory(name="Media house", partner_type="media", level="local")
    VerifiedOrganizationFactory(name="Global NGO", partner_type="ngo", level="global")
    response = client.get(
        DIRECTORY, {"partner_type": ["media", "'; DROP TABLE x;--"], "level": "local"}
    )
    assert response.status_code == 200
    assert names(response) == ["Media house"]
    assert "is not one of the available choices" in response.content.decode()


def test_changing_an_organizations_type_moves_it_between_filter_results(client):
    organization = VerifiedOrganizationFactory(name="Shifting", partner_type="media")
    organization.partner_type = "union"
    organization.save()
    assert names(client.get(DIRECTORY, {"partner_type": "media"})) == []
    assert names(client.get(DIRECTORY, {"partner_type": "union"})) == ["Shifting"]


def test_a_cached_page_of_results_is_served_without_querying_the_database(
    client, directory_cache, django_assert_num_queries
):
    VerifiedOrganizationFactory(name="Migrant Voices", partner_type="media")
    params = {"q": "migrant", "partner_type": "media"}
    assert names(client.get(DIRECTORY, params)) == ["Migrant Voices"]
    with django_assert_num_queries(0):
        again = client.get(DIRECTORY, {"partner_type": "media", "q": "migrant", "utm": "x"})
    assert "Migrant Voices" in again.content.decode()


def test_cached_results_are_kept_per_language(client, directory_cache):
    VerifiedOrganizationFactory(name="Migrant Voices", partner_type="media")
    client.get(DIRECTORY, {"partner_type": "media"})
    french = client.get("/fr/partners/", {"partner_type": "media"}).content.decode()
    assert "1 organisation trouvée" in french


def test_verifying_an_organization_shows_it_at_once_despite_the_cache(
    client, directory_cache, django_capture_on_commit_callbacks
):
    VerifiedOrganizationFactory(name="Migrant Voices")
    pending = OrganizationFactory(name="Migrant Help", verification_status="pending")
    assert "Migrant Help" not in client.get(DIRECTORY, {"q": "migrant"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        organization_verify(actor=StaffUserFactory(), organization=pending)
    assert names(client.get(DIRECTORY, {"q": "migrant"})) == ["Migrant Help", "Migrant Voices"]


def test_a_renamed_organization_shows_its_new_name_at_once_despite_the_cache(
    client, directory_cache, django_capture_on_commit_callbacks
):
    organization = VerifiedOrganizationFactory(name="Old Name")
    assert names(client.get(DIRECTORY)) == ["Old Name"]
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(actor=StaffUserFactory(), organization=organization, name="New Name")
    assert names(client.get(DIRECTORY)) == ["New Name"]

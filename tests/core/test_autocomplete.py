"""The shared autocomplete: JSON endpoint, and the server-side fallback without JavaScript."""

import pytest

from tests.partners.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/partners/"


def names(response) -> list[str]:
    return [organization.name for organization in response.context["organizations"]]


def test_endpoint_lists_verified_networks_matching_the_typed_prefix(client):
    NetworkFactory(name="Africa Migration Network", acronym="AMN")
    NetworkFactory(name="Asia Refugee Network")
    OrganizationFactory(name="Africa Hidden Network", is_network=True)  # not verified
    VerifiedOrganizationFactory(name="Africa Solo")  # not a network
    response = client.get("/autocomplete/networks/", {"q": "afr"})
    assert response.status_code == 200
    assert [result["label"] for result in response.json()["results"]] == [
        "Africa Migration Network (AMN)"
    ]


def test_endpoint_returns_at_most_ten_results(client):
    for number in range(15):
        NetworkFactory(name=f"Diaspora Network {number:02d}")
    assert len(client.get("/autocomplete/networks/", {"q": "diaspora"}).json()["results"]) == 10


def test_unknown_source_and_staff_source_are_404_for_the_public(client):
    assert client.get("/autocomplete/nothing/", {"q": "a"}).status_code == 404
    assert client.get("/autocomplete/staff-networks/", {"q": "a"}).status_code == 404


def test_directory_filters_by_the_chosen_network_id(client):
    network = NetworkFactory(name="Africa Migration Network")
    member = VerifiedOrganizationFactory(name="Member")
    VerifiedOrganizationFactory(name="Outsider")
    NetworkMembershipFactory(network=network, member=member)
    response = client.get(DIRECTORY, {"network": network.pk, "network_text": network.name})
    assert names(response) == ["Member"]


def test_without_javascript_a_typed_name_matching_one_network_is_resolved(client):
    network = NetworkFactory(name="Africa Migration Network")
    NetworkFactory(name="Asia Refugee Network")
    member = VerifiedOrganizationFactory(name="Member")
    NetworkMembershipFactory(network=network, member=member)
    response = client.get(DIRECTORY, {"network_text": "africa migr"})
    assert names(response) == ["Member"]
    assert f'name="network" value="{network.pk}"' in response.content.decode()


def test_without_javascript_several_matches_are_offered_as_buttons_that_pick_by_id(client):
    first = NetworkFactory(name="Migration Network East")
    NetworkFactory(name="Migration Network West")
    member = VerifiedOrganizationFactory(name="Member")
    NetworkMembershipFactory(network=first, member=member)
    page = client.get(DIRECTORY, {"network_text": "migration"}).content.decode()
    assert "Several match" in page
    assert f'name="network_pick" value="{first.pk}"' in page
    response = client.get(DIRECTORY, {"network_text": "migration", "network_pick": first.pk})
    assert names(response) == ["Member"]


def test_text_typed_over_a_chosen_network_wins_over_the_stale_id(client):
    old = NetworkFactory(name="Old Network")
    new = NetworkFactory(name="Brand New Network")
    member = VerifiedOrganizationFactory(name="Member of new")
    NetworkMembershipFactory(network=new, member=member)
    response = client.get(DIRECTORY, {"network": old.pk, "network_text": "brand new"})
    assert names(response) == ["Member of new"]


def test_unknown_text_says_nothing_matches_and_lists_everything(client):
    VerifiedOrganizationFactory(name="Anyone")
    response = client.get(DIRECTORY, {"network_text": "zzzz"})
    assert response.status_code == 200
    assert "Nothing matches" in response.content.decode()
    assert names(response) == ["Anyone"]


def test_an_id_of_a_network_that_is_not_verified_is_ignored(client):
    hidden = OrganizationFactory(name="Hidden Network", is_network=True)
    VerifiedOrganizationFactory(name="Anyone")
    response = client.get(DIRECTORY, {"network": hidden.pk, "network_text": hidden.name})
    assert "Nothing matches" in response.content.decode()

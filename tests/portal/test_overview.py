"""The partner's own overview: everything it submitted and the public page shows, each row with
a "Change" link to the registration step that holds it."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from partners.services import organization_derive_fields
from tests.partners.factories import NetworkFactory, NetworkMembershipFactory
from tests.portal.conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_profile(team):
    organization = team.organization
    organization.countries_of_operation = ["KE", "UG"]
    organization.activities = ["research", "advocacy"]
    organization.operating_settings = ["early_recovery"]
    organization.mission_statement = "Every migrant treated with dignity."
    organization.public_phone = "+41 22 717 91 11"
    organization.website = "https://dignity.example.org"
    organization.public_email = "hello@dignity.example.org"
    organization_derive_fields(organization)  # the regions follow from the countries
    organization.save()
    organization.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    network = NetworkFactory(name="East African Migration Network")
    NetworkMembershipFactory(network=network, member=organization)
    return organization


def overview(client, organization, language: str = "en") -> str:
    url = reverse("portal:organization_detail", kwargs={"organization_id": organization.pk})
    return client.get(url.replace("/en/", f"/{language}/")).content.decode()


def test_the_overview_shows_what_was_submitted_and_what_the_public_page_shows(
    client, team, full_profile
):
    client.force_login(team.viewer)
    page = overview(client, full_profile)

    for text in (
        "Kenya, Uganda",
        "East and Horn of Africa",
        "Research, Advocacy",
        "Early recovery",
        "Every migrant treated with dignity.",
        "+41 22 717 91 11",
        "https://dignity.example.org",
        "hello@dignity.example.org",
        "East African Migration Network",
        full_profile.description,
    ):
        assert text in page, text
    assert (
        reverse("portal:organization_logo_preview", kwargs={"organization_id": full_profile.pk})
        in page
    )
    public = client.get(full_profile.get_absolute_url()).content.decode()
    for text in ("Kenya, Uganda", "Every migrant treated with dignity.", "+41 22 717 91 11"):
        assert text in public


def test_each_row_has_a_change_link_to_its_registration_step_for_editors(
    client, team, full_profile
):
    client.force_login(team.editor)
    page = overview(client, full_profile)
    edit = reverse("portal:organization_edit", kwargs={"organization_id": full_profile.pk})

    links = set(re.findall(re.escape(edit) + r"\?step=(\d)#([\w]+)", page))
    assert {
        ("1", "id_name"),
        ("2", "id_countries_of_operation"),
        ("2", "id_activities_0"),
        ("2", "id_operating_settings_0"),
        ("3", "id_mission_statement"),
        ("3", "id_public_phone"),
        ("3", "id_website"),
        ("3", "id_public_email"),
    } <= links
    assert ("2", "id_") not in links  # the regions follow from the countries: nothing to change
    # and the logo's, and the languages' two (the whole profile form holds the translations)
    assert page.count(">Change<span") == len(links) + 3
    assert page.count(f'href="{edit}#id_profile_language"') == 2
    assert (
        reverse("portal:organization_logo_edit", kwargs={"organization_id": full_profile.pk})
        in page
    )


def test_a_viewer_sees_the_overview_without_change_links(client, team, full_profile):
    client.force_login(team.viewer)
    page = overview(client, full_profile)
    assert "?step=" not in page
    assert ">Change<span" not in page
    assert "/logo/" not in page


def test_the_change_link_opens_only_its_step_and_saving_returns_to_the_overview(
    client, team, full_profile
):
    client.force_login(team.editor)
    url = reverse("portal:organization_edit", kwargs={"organization_id": full_profile.pk})
    form = client.get(url + "?step=2").content.decode()
    assert 'name="countries_of_operation"' in form
    assert 'name="name"' not in form
    assert 'name="description"' not in form

    response = client.post(
        url + "?step=2",
        {
            "level": "regional",
            "countries_of_operation": ["KE", "TZ"],
            "activities": ["research"],
            "operating_settings": ["development"],
            "ecosoc_status": "none",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:organization_detail", kwargs={"organization_id": full_profile.pk}
    )
    full_profile.refresh_from_db()
    assert full_profile.countries_of_operation == ["KE", "TZ"]
    assert full_profile.mission_statement == "Every migrant treated with dignity."
    assert "Kenya, Tanzania" in overview(client, full_profile)


def test_a_step_number_out_of_range_shows_the_whole_profile(client, team, full_profile):
    client.force_login(team.editor)
    url = reverse("portal:organization_edit", kwargs={"organization_id": full_profile.pk})
    for step in ("9", "x", "-1"):
        page = client.get(f"{url}?step={step}").content.decode()
        assert 'name="name"' in page
        assert 'name="description"' in page


@pytest.mark.parametrize("language", ["fr", "es", "ar", "zh-hans", "ru"])
def test_the_overview_is_translated(client, team, full_profile, language):
    client.force_login(team.editor)
    page = overview(client, full_profile, language)
    assert "Countries of operation" not in page
    assert "Mission statement" not in page
    assert ">Change<span" not in page

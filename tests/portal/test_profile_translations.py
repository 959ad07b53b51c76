"""A partner gives its description and mission statement in other languages on its profile
form; only its editors and administrators can, and never another organization's."""

import pytest
from django.urls import reverse

from partners.models import Organization
from partners.portal.forms import OrganizationEditForm
from tests.factories import UserFactory
from tests.portal.test_registration import STEP_DATA, _step

FRENCH = "Soutient les personnes migrantes par une aide juridique et un hébergement."
SPANISH = "Apoya a las personas migrantes con asesoría jurídica y albergue."


def _edit_url(organization) -> str:
    return reverse("portal:organization_edit", kwargs={"organization_id": organization.pk})


def _form_data(organization, **changes) -> dict:
    """What the browser sends for the profile form as it is shown, with ``changes``."""
    form = OrganizationEditForm(instance=organization)
    data: dict[str, str | list[str]] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def test_the_profile_form_offers_a_closed_box_per_other_language_working_without_javascript(
    client, team
):
    client.force_login(team.editor)
    page = client.get(_edit_url(team.organization)).content.decode()
    assert page.count('<details class="translation"') == 5  # every language but English
    assert 'name="translation_en_description"' not in page
    assert 'name="translation_es_description"' in page
    assert 'lang="ar" dir="auto"' in page  # the Arabic boxes are written right to left
    assert '<details class="translation" open' not in page
    assert 'name="profile_language"' in page


def test_a_translation_round_trips_through_the_profile_form_and_shows_in_its_language(client, team):
    organization = team.organization
    client.force_login(team.editor)
    response = client.post(
        _edit_url(organization),
        _form_data(
            organization,
            translation_es_description=SPANISH,
            translation_fr_mission_statement="La dignité pour chacun.",
        ),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.profile_translations == {
        "fr": {"mission_statement": "La dignité pour chacun."},
        "es": {"description": SPANISH},
    }
    # A translation is no identity change: published at once, nothing waits for staff.
    assert organization.pending_identity_changes == {}
    assert organization.history.first().history_user == team.editor
    form_again = client.get(_edit_url(organization)).content.decode()
    assert SPANISH in form_again
    assert form_again.count('<details class="translation" open') == 2
    assert SPANISH in client.get(f"/es/partners/{organization.slug}/").content.decode()
    overview = client.get(response["Location"].replace("/en/", "/es/", 1)).content.decode()
    assert SPANISH in overview

    # Emptying the boxes removes the translation.
    client.post(
        _edit_url(organization),
        _form_data(organization, translation_es_description=""),
    )
    organization.refresh_from_db()
    assert organization.profile_translations == {
        "fr": {"mission_statement": "La dignité pour chacun."}
    }


def test_a_translation_too_long_is_refused_next_to_its_box_and_nothing_is_saved(client, team):
    organization = team.organization
    client.force_login(team.editor)
    response = client.post(
        _edit_url(organization),
        _form_data(organization, description="Changed", translation_ar_description="ن" * 5001),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_translation_ar_description"' in page
    assert response.context["form"].errors["translation_ar_description"]
    organization.refresh_from_db()
    assert organization.description != "Changed"
    assert organization.profile_translations == {}


def test_choosing_the_language_of_a_translation_for_the_profile_asks_to_move_the_text(client, team):
    organization = team.organization
    organization.profile_translations = {"fr": {"description": "Texte en français."}}
    organization.save()
    client.force_login(team.editor)
    response = client.post(_edit_url(organization), _form_data(organization, profile_language="fr"))
    assert response.status_code == 200
    errors = response.context["form"].errors["translation_fr_description"]
    assert "French is the language of the profile" in errors[0]
    organization.refresh_from_db()
    assert organization.profile_language == "en"


def test_a_profile_written_in_french_offers_an_english_box(client, team):
    organization = team.organization
    organization.profile_language = "fr"
    organization.description = "Texte original en français."
    organization.save()
    client.force_login(team.editor)
    page = client.get(_edit_url(organization)).content.decode()
    assert 'name="translation_en_description"' in page
    assert 'name="translation_fr_description"' not in page
    response = client.post(
        _edit_url(organization),
        _form_data(organization, translation_en_description="Original text in English."),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.profile_translations == {"en": {"description": "Original text in English."}}
    english = client.get(f"/en/partners/{organization.slug}/").content.decode()
    assert "Original text in English." in english


@pytest.mark.parametrize("role", ["viewer", "outsider"])
def test_a_viewer_or_an_outsider_cannot_change_the_translations(client, team, outsider, role):
    organization = team.organization
    client.force_login(team.user(role) or outsider)
    data = _form_data(organization, translation_es_description=SPANISH)
    assert client.get(_edit_url(organization)).status_code == 404
    assert client.post(_edit_url(organization), data).status_code == 404
    organization.refresh_from_db()
    assert organization.profile_translations == {}


def test_another_organizations_administrator_cannot_change_the_translations(
    client, team, other_team
):
    organization = team.organization
    client.force_login(other_team.administrator)
    response = client.post(
        _edit_url(organization), _form_data(organization, translation_es_description=SPANISH)
    )
    assert response.status_code == 404
    organization.refresh_from_db()
    assert organization.profile_translations == {}


def test_registration_asks_the_language_of_the_texts_in_the_language_of_the_pages(client, team):
    client.force_login(team.editor)
    page = client.get("/fr/portal/register/step/3/").content.decode()
    assert '<option value="fr" selected>' in page


def test_the_language_chosen_at_registration_is_the_profiles(client, db):
    user = UserFactory()
    client.force_login(user)
    _step(client, 1)
    _step(client, 2)
    _step(client, 3, {"profile_language": "es", "description": SPANISH})
    review = client.get(reverse("portal:registration_step", kwargs={"step": 4})).content.decode()
    assert "Spanish" in review
    client.post(reverse("portal:registration_step", kwargs={"step": 4}))
    organization = Organization.objects.get(name=STEP_DATA[1]["name"])
    assert (organization.profile_language, organization.description) == ("es", SPANISH)

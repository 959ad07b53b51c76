"""The API shows each organization's description and mission statement in the request's
language (Accept-Language) when given, else the original, with the language of each; the
detail gives every translation; a partner writes them with the model's rules."""

import pytest

from tests.api.conftest import make_partner
from tests.partners.factories import NetworkFactory

pytestmark = pytest.mark.django_db

ENGLISH = "Supports migrants with legal aid and shelter."
FRENCH = "Soutient les personnes migrantes par une aide juridique et un hébergement."
TRANSLATIONS = {"fr": {"description": FRENCH, "mission_statement": "La dignité pour chacun."}}


@pytest.fixture
def bilingual(db):
    return NetworkFactory(
        name="Bilingual Network",
        description=ENGLISH,
        mission_statement="Dignity for every migrant.",
        profile_translations=TRANSLATIONS,
    )


def _row(response, slug: str) -> dict:
    assert response.status_code == 200, response.content
    return next(row for row in response.json()["results"] if row["slug"] == slug)


def test_the_list_shows_the_french_text_to_a_french_request_and_the_original_otherwise(
    anonymous, bilingual
):
    french = _row(
        anonymous.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="fr"), bilingual.slug
    )
    assert (french["description"], french["description_language"]) == (FRENCH, "fr")
    assert french["mission_statement_language"] == "fr"
    arabic = _row(
        anonymous.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="ar"), bilingual.slug
    )
    assert (arabic["description"], arabic["description_language"]) == (ENGLISH, "en")
    networks = _row(anonymous.get("/api/v1/networks/", HTTP_ACCEPT_LANGUAGE="fr"), bilingual.slug)
    assert networks["description"] == FRENCH


def test_the_detail_gives_the_shown_text_the_original_language_and_every_translation(
    anonymous, bilingual
):
    response = anonymous.get(
        f"/api/v1/organizations/{bilingual.slug}/", HTTP_ACCEPT_LANGUAGE="fr-CH,fr;q=0.9"
    )
    assert response.status_code == 200
    organization = response.json()["organization"]
    assert organization["description"] == FRENCH
    assert organization["description_language"] == "fr"
    assert organization["profile_language"] == "en"
    assert organization["profile_translations"] == TRANSLATIONS
    assert "Accept-Language" in response["Vary"]
    english = anonymous.get(
        f"/api/v1/organizations/{bilingual.slug}/", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["organization"]
    assert (english["description"], english["description_language"]) == (ENGLISH, "en")
    assert english["profile_translations"] == TRANSLATIONS
    # The two languages are two representations: the ETags differ.
    assert (
        response["ETag"]
        != anonymous.get(f"/api/v1/organizations/{bilingual.slug}/", HTTP_ACCEPT_LANGUAGE="en")[
            "ETag"
        ]
    )


def test_a_partner_writes_its_translations_and_reads_them_back():
    partner = make_partner(description=ENGLISH)
    url = f"/api/v1/partner/organizations/{partner.organization.pk}/"
    response = partner.client().patch(
        url,
        {"profile_translations": {"es": {"description": "Apoya a las personas migrantes."}}},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["profile_language"] == "en"
    assert body["description"] == ENGLISH  # its own text, not a translation
    assert body["profile_translations"] == {
        "es": {"description": "Apoya a las personas migrantes."}
    }
    partner.organization.refresh_from_db()
    assert partner.organization.profile_translations == body["profile_translations"]


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"de": {"description": "Hilfe."}}, "“de” is not one of the portal's languages."),
        ({"en": {"description": "Help."}}, "English is the language of the profile"),
        ({"fr": "Aide."}, "can only have a description and a mission statement"),
        ({"fr": {"description": "x" * 5001}}, "at most 5000 characters"),
        ("fr", "Give the translations as an object"),
    ],
)
def test_bad_translations_are_a_400_naming_the_problem_and_nothing_changes(translations, message):
    partner = make_partner(description=ENGLISH)
    url = f"/api/v1/partner/organizations/{partner.organization.pk}/"
    response = partner.client().patch(
        url,
        {"description": "Changed", "profile_translations": translations},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["profile_translations"]
    assert any(message in error for error in errors), errors
    partner.organization.refresh_from_db()
    assert partner.organization.description == ENGLISH
    assert partner.organization.profile_translations == {}


def test_the_refusal_is_in_the_language_of_the_request():
    partner = make_partner()
    response = partner.client().patch(
        f"/api/v1/partner/organizations/{partner.organization.pk}/",
        {"profile_translations": {"de": {"description": "Hilfe."}}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["profile_translations"] == [
        "«de» no es uno de los idiomas del portal."
    ]

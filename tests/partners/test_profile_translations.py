"""Profiles in several languages: the rules of the translations, the text each visitor
reads and its ``lang``, search in every language, the admin, the bulk generator."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from iomcso.core.roles import READ_ONLY_VIEWER
from partners import services
from partners.generate import generate_organizations
from partners.models import Organization
from partners.search import UnaccentedPrefixQuery
from partners.translations import profile_text
from tests.factories import StaffUserFactory, SuperUserFactory

from .factories import OrganizationFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

ENGLISH = "Supports migrants with legal aid and shelter."
FRENCH = "Soutient les personnes migrantes par une aide juridique et un hébergement."
SPANISH = "Apoya a las personas migrantes con asesoría jurídica y albergue."


def bilingual(**fields) -> Organization:
    return VerifiedOrganizationFactory(
        name=fields.pop("name", "Legal Aid Network"),
        description=ENGLISH,
        mission_statement="Dignity for every migrant.",
        profile_translations=fields.pop(
            "profile_translations",
            {"fr": {"description": FRENCH, "mission_statement": "La dignité pour chacun."}},
        ),
        **fields,
    )


# --- the rules, checked by the model (so by every service and the admin) ------------------


@pytest.mark.parametrize(
    ("translations", "code"),
    [
        ({"de": {"description": "Unterstützt Migranten."}}, "unknown_language"),
        ({"en": {"description": "The original is English."}}, "profile_language"),
        ({"fr": "Soutient les migrants."}, "invalid_shape"),
        ({"fr": {"summary": "Soutient les migrants."}}, "invalid_shape"),
        ({"fr": {"description": ["Soutient", "les migrants"]}}, "invalid_shape"),
        (["fr", "Soutient les migrants."], "invalid_shape"),
        ({"fr": {"description": "x" * 5001}}, "too_long"),
        ({"fr": {"mission_statement": "x" * 2001}}, "too_long"),
    ],
)
def test_a_translation_breaking_the_rules_is_refused_and_nothing_is_saved(translations, code):
    organization = OrganizationFactory(profile_translations={"es": {"description": SPANISH}})
    with pytest.raises(ValidationError) as refused:
        services.organization_update(
            actor=None,
            organization=organization,
            description="Changed too.",
            profile_translations=translations,
        )
    errors = refused.value.error_dict["profile_translations"]
    assert [error.code for error in errors] == [code]
    organization.refresh_from_db()
    assert organization.description == ENGLISH
    assert organization.profile_translations == {"es": {"description": SPANISH}}


def test_the_refusal_is_in_the_language_of_the_page():
    organization = OrganizationFactory()
    organization.profile_translations = {"fr": {"description": "x" * 5001}}
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        organization.full_clean()
    with translation.override("fr"):
        message = refused.value.message_dict["profile_translations"][0]
    assert message == "Français, description : 5000 caractères au plus (le texte en compte 5001)."
    with translation.override("ar"):
        assert "5000" in str(refused.value.error_dict["profile_translations"][0].messages[0])
        assert "الفرنسية" in refused.value.error_dict["profile_translations"][0].messages[0]


def test_empty_translations_are_dropped_and_texts_trimmed_when_saved():
    organization = OrganizationFactory()
    services.organization_update(
        actor=None,
        organization=organization,
        profile_translations={
            "fr": {"description": "  " + FRENCH + "\n", "mission_statement": "   "},
            "es": {"description": "", "mission_statement": ""},
            "ar": {},
        },
    )
    organization.refresh_from_db()
    assert organization.profile_translations == {"fr": {"description": FRENCH}}


def test_history_keeps_each_version_of_the_translations():
    organization = OrganizationFactory()
    services.organization_update(
        actor=None, organization=organization, profile_translations={"fr": {"description": FRENCH}}
    )
    services.organization_update(
        actor=None,
        organization=organization,
        profile_translations={"fr": {"description": FRENCH}, "es": {"description": SPANISH}},
    )
    versions = [row.profile_translations for row in organization.history.order_by("history_id")]
    assert versions[-2:] == [
        {"fr": {"description": FRENCH}},
        {"fr": {"description": FRENCH}, "es": {"description": SPANISH}},
    ]


# --- the text a visitor reads -------------------------------------------------------------


def test_each_text_is_in_the_visitors_language_when_given_else_the_original():
    organization = bilingual(
        profile_translations={"fr": {"description": FRENCH}, "es": {"description": SPANISH}}
    )
    french = profile_text(organization, language="fr")
    assert (french.description.text, french.description.language, french.description.lang) == (
        FRENCH,
        "fr",
        "",
    )
    # No French mission statement: the English original, marked as English.
    assert french.mission_statement.text == "Dignity for every migrant."
    assert (french.mission_statement.language, french.mission_statement.lang) == ("en", "en")
    arabic = profile_text(organization, language="ar")
    assert (arabic.description.text, arabic.description.lang) == (ENGLISH, "en")
    english = profile_text(organization, language="en")
    assert (english.description.text, english.description.lang) == (ENGLISH, "")
    with translation.override("es"):
        assert profile_text(organization).description.text == SPANISH


def test_a_profile_written_in_spanish_is_marked_spanish_on_an_english_page():
    organization = VerifiedOrganizationFactory(
        profile_language="es",
        description=SPANISH,
        profile_translations={"fr": {"description": FRENCH}},
    )
    assert profile_text(organization, language="en").description.lang == "es"
    assert profile_text(organization, language="es").description.lang == ""
    assert profile_text(organization, language="fr").description.text == FRENCH


def _lang_of(page: str, text: str) -> str | None:
    """The ``lang`` attribute of the element holding ``text`` (None when it has none)."""
    match = re.search(r"<(?:p|dd)\b([^>]*)>\s*" + re.escape(text[:30]), page)
    assert match, f"{text!r} is not on the page"
    lang = re.search(r'\slang="([^"]+)"', match.group(1))
    return lang.group(1) if lang else None


def test_the_public_page_in_french_shows_the_french_text_without_a_lang_attribute(client):
    organization = bilingual()
    page = client.get(f"/fr/partners/{organization.slug}/").content.decode()
    assert FRENCH in page
    assert ENGLISH not in page
    assert _lang_of(page, FRENCH) is None
    assert _lang_of(page, "La dignité pour chacun.") is None


def test_without_a_french_text_the_french_page_shows_the_english_one_marked_english(client):
    organization = VerifiedOrganizationFactory(description=ENGLISH)
    page = client.get(f"/fr/partners/{organization.slug}/").content.decode()
    assert _lang_of(page, ENGLISH) == "en"
    directory = client.get("/fr/partners/").content.decode()
    assert _lang_of(directory, ENGLISH) == "en"


def test_the_directory_cards_show_each_organization_in_the_page_language_when_given(client):
    bilingual(name="Bilingual Aid")
    VerifiedOrganizationFactory(name="English Only", description="Runs a migrant help desk.")
    french = client.get("/fr/partners/").content.decode()
    assert _lang_of(french, FRENCH) is None
    assert _lang_of(french, "Runs a migrant help desk.") == "en"
    assert ENGLISH not in french
    english = client.get("/en/partners/").content.decode()
    assert _lang_of(english, ENGLISH) is None
    assert FRENCH not in english


def test_a_right_to_left_translation_keeps_dir_auto_and_its_lang_on_an_english_page(client):
    organization = VerifiedOrganizationFactory(
        profile_language="ar", description="تدعم المهاجرين بالمساعدة القانونية والإيواء."
    )
    page = client.get(f"/en/partners/{organization.slug}/").content.decode()
    assert re.search(r'<p class="lead" dir="auto" lang="ar">', page)


# --- search in every language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("es", "Acompañamos a trabajadoras domésticas en Madrid.", "trabajadoras"),
        ("es", "Acompañamos a trabajadoras domésticas en Madrid.", "DOMESTICAS"),
        ("ar", "ندعم العمال المهاجرين في الخليج.", "المهاجرين"),
        # ``simple`` does not split Chinese into words: a run of characters is one lexeme,
        # found whole or by its beginning (the search matches by prefix).
        ("zh-hans", "移民权利援助 中心", "移民权利援助"),
        ("zh-hans", "移民权利援助 中心", "移民"),
    ],
)
def test_search_finds_an_organization_by_a_word_only_in_a_translation(
    client, language, text, query
):
    VerifiedOrganizationFactory(name="Only Translated", description=ENGLISH)
    organization = Organization.objects.get()
    services.organization_update(
        actor=None,
        organization=organization,
        profile_translations={language: {"description": text}},
    )
    VerifiedOrganizationFactory(name="Someone Else", description=ENGLISH)
    response = client.get("/en/partners/", {"q": query})
    assert [row.name for row in response.context["organizations"]] == ["Only Translated"]


def test_a_word_inside_a_chinese_run_is_not_found_by_simple_search(client):
    """What does not work: ``simple`` keeps 移民权利援助 as one lexeme, so 权利 in its
    middle finds nothing (the migration's docstring says so)."""
    VerifiedOrganizationFactory(profile_translations={"zh-hans": {"description": "移民权利援助"}})
    response = client.get("/en/partners/", {"q": "权利"})
    assert list(response.context["organizations"]) == []


def test_the_search_vector_follows_a_direct_update_of_the_translations():
    organization = VerifiedOrganizationFactory(description=ENGLISH)
    Organization.objects.filter(pk=organization.pk).update(
        profile_translations={"es": {"description": "refugiadas"}}
    )
    assert Organization.objects.filter(search_vector=UnaccentedPrefixQuery("refugiadas")).exists()
    Organization.objects.filter(pk=organization.pk).update(profile_translations={})
    assert not Organization.objects.filter(
        search_vector=UnaccentedPrefixQuery("refugiadas")
    ).exists()


def test_the_search_migration_is_reversible(transactional_db):
    VerifiedOrganizationFactory(profile_translations={"es": {"description": "refugiadas"}})
    assert Organization.objects.filter(search_vector=UnaccentedPrefixQuery("refugiadas")).exists()
    executor = MigrationExecutor(connection)
    executor.migrate([("partners", "0013_profile_translations")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM partners_organization "
            "WHERE search_vector @@ to_tsquery('simple', 'refugiadas')"
        )
        assert cursor.fetchone()[0] == 0  # the old function left the translation out
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'partners_organization'::regclass "
            "AND NOT tgisinternal"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "partners_organization_search_vector_update"
        ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    Organization.objects.update(profile_translations={"es": {"description": "refugiadas"}})
    assert Organization.objects.filter(search_vector=UnaccentedPrefixQuery("refugiadas")).exists()


# --- the admin ------------------------------------------------------------------------------


def _admin_change_data(client, organization) -> dict:
    page = client.get(f"/en/admin/partners/organization/{organization.pk}/change/")
    form = page.context["adminform"].form
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_staff_edit_the_translations_in_the_admin_in_a_box_per_language(client):
    client.force_login(SuperUserFactory())
    organization = bilingual()
    page = client.get(f"/en/admin/partners/organization/{organization.pk}/change/")
    content = page.content.decode()
    assert 'name="translation_fr_description"' in content
    assert 'name="translation_en_description"' not in content  # the profile's own language
    assert FRENCH in content
    data = _admin_change_data(client, organization)
    data["translation_ar_description"] = "تدعم المهاجرين."
    data["translation_fr_mission_statement"] = ""
    response = client.post(f"/en/admin/partners/organization/{organization.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert organization.profile_translations == {
        "fr": {"description": FRENCH},
        "ar": {"description": "تدعم المهاجرين."},
    }


def test_the_admin_refuses_a_translation_too_long_next_to_its_box(client):
    client.force_login(SuperUserFactory())
    organization = bilingual()
    data = _admin_change_data(client, organization)
    data["translation_es_mission_statement"] = "x" * 2001
    response = client.post(f"/en/admin/partners/organization/{organization.pk}/change/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "at most 2000" in form.errors["translation_es_mission_statement"][0]
    organization.refresh_from_db()
    assert "es" not in organization.profile_translations


def test_the_admin_refuses_a_translation_in_the_language_chosen_for_the_profile(client):
    client.force_login(SuperUserFactory())
    organization = bilingual()
    data = _admin_change_data(client, organization)
    data["profile_language"] = "fr"
    response = client.post(f"/en/admin/partners/organization/{organization.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "French is the language of the profile" in errors["translation_fr_description"][0]
    organization.refresh_from_db()
    assert organization.profile_language == "en"


def test_read_only_staff_read_the_translations_without_boxes_to_edit(client):
    viewer = StaffUserFactory()
    viewer.groups.add(Group.objects.get(name=READ_ONLY_VIEWER))
    client.force_login(viewer)
    organization = bilingual()
    page = client.get(f"/en/admin/partners/organization/{organization.pk}/change/")
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="translation_fr_description"' not in content
    assert re.search(r'<dd lang="fr" dir="auto">' + re.escape(FRENCH), content)


# --- bulk generation and merge ---------------------------------------------------------------


def test_the_bulk_generator_still_loads_rows_and_they_take_a_translation_later():
    """The generator's COPY names no profile column: the database defaults fill them."""
    generate_organizations(count=40, seed=11)
    assert set(Organization.objects.values_list("profile_language", flat=True)) == {"en"}
    assert not Organization.objects.exclude(profile_translations={}).exists()
    organization = Organization.objects.order_by("pk").first()
    assert organization is not None
    services.organization_update(
        actor=None,
        organization=organization,
        profile_translations={"es": {"description": "Acompaña a las personas migrantes."}},
    )
    found = Organization.objects.filter(search_vector=UnaccentedPrefixQuery("acompaña"))
    assert list(found) == [organization]


def test_a_merge_keeps_the_translations_the_kept_record_lacks():
    keep = OrganizationFactory(profile_translations={"fr": {"description": FRENCH}})
    duplicate = OrganizationFactory(
        profile_translations={
            "fr": {"description": "Autre texte."},
            "es": {"description": SPANISH},
        }
    )
    services.organization_merge(keep=keep, duplicate=duplicate, actor=SuperUserFactory())
    keep.refresh_from_db()
    assert keep.profile_translations == {
        "fr": {"description": FRENCH},
        "es": {"description": SPANISH},
    }

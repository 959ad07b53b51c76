"""The profile's translations in the admin's spreadsheet export and import: one column per
text and language, the registry's rules applied on import, nothing lost by a file that
does not carry them."""

import csv
import io
from collections.abc import Mapping, Sequence

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.resources import OrganizationResource
from tests.factories import SuperUserFactory

from .factories import VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/partners/organization/"
FRENCH = "Soutient les personnes migrantes par une aide juridique."
SPANISH = "Apoya a las personas migrantes con asesoría jurídica."


@pytest.fixture
def staff(client):
    user = SuperUserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def organization():
    return VerifiedOrganizationFactory(
        name="Legal Aid Network",
        description="Supports migrants with legal aid.",
        profile_language="en",
        profile_translations={"fr": {"description": FRENCH, "mission_statement": "La dignité."}},
    )


def export_csv(client) -> list[dict[str, str]]:
    fields = {
        f"organizationresource_{name}": "on" for name in OrganizationResource().get_export_order()
    }
    response = client.post(f"{ADMIN}export/", {"format": 0, "resource": 0, **fields})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def import_csv(client, rows: Sequence[Mapping[str, object]]):
    """Preview then confirm, as staff do; returns the preview response."""
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    preview = client.post(
        f"{ADMIN}import/",
        {
            "import_file": SimpleUploadedFile("organizations.csv", stream.getvalue().encode()),
            "format": 0,
            "resource": 0,
        },
    )
    assert preview.status_code == 200
    confirm_form = preview.context.get("confirm_form")
    if confirm_form is not None:
        assert client.post(f"{ADMIN}process_import/", confirm_form.initial).status_code == 302
    return preview


def test_export_has_a_column_per_text_and_language_and_the_original_language(
    client, staff, organization
):
    [row] = export_csv(client)

    assert row["profile_language"] == "en"
    assert row["description_fr"] == FRENCH
    assert row["mission_statement_fr"] == "La dignité."
    assert row["description_es"] == ""
    # The original's text is in "description", never repeated as a translation.
    assert row["description_en"] == ""
    assert row["description"] == "Supports migrants with legal aid."


def test_export_page_names_each_translation_column_in_the_staff_members_language(client, staff):
    page = client.get("/fr/admin/partners/organization/export/").content.decode()

    assert "Description (Espagnol)" in page
    assert "Énoncé de mission (Arabe)" in page


def test_import_adds_changes_and_removes_translations_cell_by_cell(client, staff, organization):
    import_csv(
        client,
        [
            {
                "id": organization.pk,
                "description_es": SPANISH,  # added
                "description_fr": "Aide juridique aux personnes migrantes.",  # changed
                "mission_statement_fr": "",  # removed
            }
        ],
    )

    organization.refresh_from_db()
    assert organization.profile_translations == {
        "fr": {"description": "Aide juridique aux personnes migrantes."},
        "es": {"description": SPANISH},
    }


def test_a_file_without_translation_columns_keeps_the_translations(client, staff, organization):
    import_csv(client, [{"id": organization.pk, "acronym": "LAN"}])

    organization.refresh_from_db()
    assert organization.acronym == "LAN"
    assert organization.profile_translations["fr"]["description"] == FRENCH


def test_a_translation_in_the_profiles_own_language_is_refused_and_nothing_is_saved(
    client, staff, organization
):
    preview = import_csv(
        client,
        [{"id": organization.pk, "acronym": "LAN", "description_en": "A second original."}],
    )

    page = preview.content.decode()
    assert "English is the language of the profile" in page
    # The form offered again lists every column a file may have, not this file's.
    assert "mission_statement_ru" in page
    assert preview.context.get("confirm_form") is None
    organization.refresh_from_db()
    assert organization.acronym != "LAN"
    assert "en" not in organization.profile_translations


def test_a_translation_longer_than_its_field_is_refused_with_the_limit(client, staff, organization):
    preview = import_csv(client, [{"id": organization.pk, "mission_statement_ru": "я" * 2001}])

    assert "can have at most 2000 characters (it has 2001)" in preview.content.decode()
    organization.refresh_from_db()
    assert "ru" not in organization.profile_translations


def test_an_exported_file_imports_back_unchanged(client, staff, organization):
    [row] = export_csv(client)
    before = dict(organization.profile_translations)

    preview = import_csv(client, [row])

    assert preview.context["result"].has_errors() is False
    organization.refresh_from_db()
    assert organization.profile_translations == before


def test_a_translation_that_looks_like_a_formula_is_exported_as_text(client, staff):
    VerifiedOrganizationFactory(
        profile_translations={"es": {"description": '=HYPERLINK("http://evil.example","x")'}}
    )

    [row] = export_csv(client)

    assert row["description_es"] == '\'=HYPERLINK("http://evil.example","x")'


def test_the_import_preview_shows_the_files_columns_and_which_organization_each_row_is(
    client, staff, organization
):
    preview = import_csv(client, [{"id": organization.pk, "description_es": SPANISH}])

    assert preview.context["result"].diff_headers == [
        "id",
        "name",
        "regions",
        "description_es",
        "verification_status",
    ]
    page = preview.content.decode()
    assert "Legal Aid Network" in page
    assert SPANISH in page

"""A partner adds its description in Spanish on its profile form; a visitor reading the
directory in Spanish sees it, and a visitor in Arabic sees the English original marked as
English. The form also works with JavaScript off (the boxes per language are <details>).

Every page is scanned with axe-core; screenshots at 1280 and 375 px (the form in English and
in Arabic, the public page in Spanish and in Arabic) go to var/screenshots/profile-translations/.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from partners.choices import MemberRole
from partners.models import Organization
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import SuperUserFactory, UserFactory
from tests.partners.factories import OrganizationMemberFactory, VerifiedOrganizationFactory

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "profile-translations"
WIDTHS: dict[str, ViewportSize] = {
    "1280": {"width": 1280, "height": 900},
    "375": {"width": 375, "height": 740},
}
ENGLISH = "Legal aid, shelter and family tracing for migrants crossing the Darién."
MISSION = "Nobody crosses alone."
SPANISH = "Asesoría jurídica, albergue y búsqueda de familiares para las personas migrantes que cruzan el Darién."
ARABIC = "مساعدة قانونية وإيواء وبحث عن ذوي المهاجرين الذين يعبرون دارين."

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots at 1280 and 375 px; nothing may stick out sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} at {label}px scrolls sideways by {overflow}px"
    if original:
        page.set_viewport_size(original)


@pytest.fixture
def editor_and_organization(db):
    organization = VerifiedOrganizationFactory(
        name="Centro de Apoyo al Migrante Darién",
        description=ENGLISH,
        mission_statement=MISSION,
    )
    editor = UserFactory(full_name="Rosa Méndez", email="rosa@darien.example.org")
    OrganizationMemberFactory(organization=organization, user=editor, role=MemberRole.EDITOR)
    return editor, organization


def test_partner_adds_a_spanish_description_that_spanish_readers_see(
    new_page, assert_accessible, editor_and_organization
):
    editor, organization = editor_and_organization
    page = new_page()
    sign_in(page, editor.email)
    page.goto(f"/en/portal/org/{organization.pk}/edit/")
    assert_accessible(page)
    spanish = page.locator("details.translation").filter(has_text="Spanish")
    expect(spanish).not_to_have_attribute("open", "")
    spanish.locator("summary").click()
    description = page.get_by_label("Description in Spanish")
    expect(description).to_be_visible()
    expect(description).to_have_attribute("lang", "es")
    description.fill(SPANISH)
    shoot(page, "form-en")
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    expect(page.locator(".messages")).to_contain_text("Your changes are saved.")
    organization.refresh_from_db()
    assert organization.profile_translations == {"es": {"description": SPANISH}}
    # The overview lists the translation.
    translations = page.locator(".summary-list-row").filter(has_text="Translations")
    expect(translations).to_contain_text("Spanish")
    assert_accessible(page)

    # A visitor reading the directory in Spanish: the Spanish text, in the page's language.
    visitor = new_page(locale="es-ES")
    visitor.goto(f"/es/partners/?q={organization.name.split()[-1]}")
    card = visitor.locator(".card").filter(has_text=organization.name)
    expect(card.locator(".card-description")).to_have_text(SPANISH)
    expect(card.locator(".card-description")).not_to_have_attribute("lang", "es")
    assert_accessible(visitor)
    shoot(visitor, "directory-es")
    click_and_wait(visitor, card.get_by_role("link", name=organization.name))
    lead = visitor.locator("p.lead")
    expect(lead).to_have_text(SPANISH)
    assert lead.get_attribute("lang") is None
    # No Spanish mission statement: the English one, marked as English.
    mission = visitor.get_by_text(MISSION)
    expect(mission).to_have_attribute("lang", "en")
    assert_accessible(visitor)
    shoot(visitor, "public-es")

    # In Arabic there is no translation: the English original, marked English, left to right.
    visitor.goto(f"/ar/partners/{organization.slug}/")
    expect(visitor.locator("p.lead")).to_have_text(ENGLISH)
    expect(visitor.locator("p.lead")).to_have_attribute("lang", "en")
    expect(visitor.locator("p.lead")).to_have_attribute("dir", "auto")
    assert_accessible(visitor)
    shoot(visitor, "public-ar")


def test_the_form_in_arabic_takes_an_arabic_text_and_needs_no_javascript(
    new_page, assert_accessible, editor_and_organization
):
    editor, organization = editor_and_organization
    page = new_page(locale="ar")
    sign_in(page, editor.email)
    page.goto(f"/ar/portal/org/{organization.pk}/edit/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    arabic = page.locator("details.translation").filter(has=page.locator('[lang="ar"]'))
    arabic.locator("summary").click()
    arabic.locator("textarea").first.fill(ARABIC)
    assert_accessible(page)
    shoot(page, "form-ar")

    # The same form with JavaScript off: the <details> boxes open and send as they are.
    no_script = new_page(java_script_enabled=False)
    sign_in(no_script, editor.email)
    no_script.goto(f"/en/portal/org/{organization.pk}/edit/")
    french = no_script.locator("details.translation").filter(has_text="French")
    french.locator("summary").click()
    no_script.get_by_label("Mission statement in French").fill("Personne ne traverse seul.")
    click_and_wait(no_script, no_script.get_by_role("button", name="Save changes"))
    expect(no_script.locator(".messages")).to_contain_text("Your changes are saved.")
    assert Organization.objects.get(pk=organization.pk).profile_translations == {
        "fr": {"mission_statement": "Personne ne traverse seul."}
    }
    no_script.goto(f"/fr/partners/{organization.slug}/")
    expect(no_script.get_by_text("Personne ne traverse seul.")).to_be_visible()


def test_staff_edit_a_translation_in_the_admin_in_arabic(
    page, staff_login, assert_accessible, editor_and_organization
):
    _editor, organization = editor_and_organization
    staff_login(SuperUserFactory())
    page.goto(f"/ar/admin/partners/organization/{organization.pk}/change/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    spanish = page.locator("fieldset").filter(has=page.locator("#id_translation_es_description"))
    spanish.locator("summary").click()
    page.locator("#id_translation_es_description").fill(SPANISH)
    assert_accessible(page)
    shoot(page, "admin-ar")
    click_and_wait(page, page.locator("input[name=_continue]"))
    expect(page.locator("#id_translation_es_description")).to_have_value(SPANISH)
    assert Organization.objects.get(pk=organization.pk).profile_translations == {
        "es": {"description": SPANISH}
    }

"""The shared widgets: codes are never typed, names read in the user's language, and the
page works without JavaScript (a native, labelled control)."""

from django import forms
from django.utils import translation

from iomcso.core.widgets import (
    CheckboxList,
    SearchableSelectMultiple,
    checkbox_field,
    country_choices,
    country_field,
    language_choices,
    language_field,
)
from partners.choices import Activity
from partners.portal.forms import ContactForm, OrganizationProfileForm


class ExampleForm(forms.Form):
    countries = country_field(label="Countries")
    languages = language_field(label="Languages", required=True)
    activities = checkbox_field(label="Activities", choices=Activity.choices)


def test_country_names_come_in_the_users_language():
    with translation.override("fr"):
        names = dict(country_choices())
    assert names["DE"] == "Allemagne"
    with translation.override("es"):
        assert dict(country_choices())["DE"] == "Alemania"


def test_languages_are_named_in_the_users_language_and_sorted():
    with translation.override("fr"):
        choices = language_choices(["en", "ar", "zh-hans", "ru"])
    names = [name for _code, name in choices]
    assert "Anglais" in names
    assert "Arabe" in names
    assert names == sorted(names, key=str.casefold)


def test_the_searchable_select_is_a_native_labelled_multiple_select_without_javascript():
    html = str(ExampleForm())
    assert '<label for="id_countries">' in html
    assert '<select name="countries"' in html
    assert "multiple" in html
    assert "data-multiselect" in html
    assert 'data-search-label="Search"' in html
    assert "site/multiselect.js" in str(ExampleForm().media)


def test_the_searchable_select_translates_the_words_its_script_shows():
    with translation.override("es"):
        html = str(ExampleForm())
    assert 'data-search-label="Buscar"' in html


def test_a_fixed_code_list_is_a_fieldset_of_labelled_checkboxes():
    html = str(ExampleForm())
    assert "<fieldset" in html
    assert "<legend>Activities" in html
    assert 'type="checkbox"' in html
    assert "Migrant assistance" in html  # the label, not the code
    assert isinstance(ExampleForm().fields["activities"].widget, CheckboxList)


def test_choices_are_validated_against_the_list():
    form = ExampleForm(data={"countries": ["KE", "XX"], "languages": ["fr"]})
    assert not form.is_valid()
    assert "countries" in form.errors
    assert ExampleForm(data={"countries": ["KE"], "languages": ["fr"]}).is_valid()


def test_portal_forms_ask_for_no_codes():
    profile = OrganizationProfileForm()
    assert isinstance(profile.fields["countries_of_operation"].widget, SearchableSelectMultiple)
    assert isinstance(profile.fields["activities"].widget, CheckboxList)
    assert isinstance(profile.fields["operating_settings"].widget, CheckboxList)
    assert isinstance(ContactForm().fields["languages"].widget, SearchableSelectMultiple)


def test_forms_mark_optional_fields_link_errors_from_a_summary_and_never_show_dashes():
    form = OrganizationProfileForm(data={"name": ""})
    html = str(form)
    assert 'class="error-summary"' in html
    assert '<a href="#id_name">' in html
    assert "(optional)" in html
    assert "---------" not in html
    assert "Choose…" in html

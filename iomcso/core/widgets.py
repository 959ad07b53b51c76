"""Form widgets shared by every app: no field anywhere asks a person to type a code.

- ``SearchableSelectMultiple``: a long list (countries, languages). Without JavaScript it is
  the browser's own ``<select multiple>``, labelled and usable; ``static/site/multiselect.js``
  turns it into a search box, a filtered list of checkboxes and the chosen items as removable
  tags, all keyboard-usable, with the native select kept in sync (and submitted).
- ``CheckboxList``: a short fixed code list (activities, settings) as labelled checkboxes in a
  fieldset whose legend is the field's label.
- ``country_choices`` / ``language_choices``: choices as names in the reader's language,
  computed when the form renders (not at import), sorted for that language.

Pages that use ``SearchableSelectMultiple`` load ``site/multiselect.js`` (``form.media``,
or the site's base template, which loads it on every page).
"""

from collections.abc import Callable

from django import forms
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries

MULTISELECT_JS = "site/multiselect.js"


class SearchableSelectMultiple(forms.SelectMultiple):
    """A native multiple select that ``multiselect.js`` enhances into a searchable list."""

    template_name = "widgets/searchable_select_multiple.html"

    class Media:
        js = [MULTISELECT_JS]

    def __init__(self, attrs: dict | None = None, choices=(), *, size: int = 8) -> None:
        attrs = {"size": size, **(attrs or {})}
        attrs["data-multiselect"] = ""
        attrs["class"] = " ".join(filter(None, [attrs.get("class"), "multiselect"]))
        super().__init__(attrs, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(self.script_words())
        return context

    @staticmethod
    def script_words() -> dict[str, str]:
        """Words the script shows, in the reader's language (the script has no catalogue)."""
        return {
            "data-search-label": _("Search"),
            "data-remove-label": _("Remove"),
            "data-no-match": _("No match. Try another spelling."),
            "data-chosen-label": _("Chosen"),
        }


class CheckboxList(forms.CheckboxSelectMultiple):
    """Labelled checkboxes for a fixed list of codes; the label becomes the fieldset's legend."""

    use_fieldset = True

    def __init__(self, attrs: dict | None = None, choices=()) -> None:
        attrs = dict(attrs or {})
        attrs["class"] = " ".join(filter(None, [attrs.get("class"), "checkbox-list"]))
        super().__init__(attrs, choices)


def country_choices() -> list[tuple[str, str]]:
    """Every country as (ISO code, name in the active language), sorted in that language."""
    return [(str(code), str(name)) for code, name in countries]


def language_choices(codes: list[str] | None = None) -> list[tuple[str, str]]:
    """Languages as (code, name in the active language) for the codes given (default: the
    portal's own and the UN's six, plus the other languages Django knows)."""
    chosen = codes or sorted(
        code for code, info in LANG_INFO.items() if "-" not in code and "name" in info
    )
    choices = []
    for code in chosen:
        try:
            info = get_language_info(code)
        except KeyError:
            continue
        choices.append((code, str(info["name_translated"])))
    return sorted(choices, key=lambda choice: choice[1].casefold())


def country_field(*, label, required: bool = False, help_text="", **kwargs) -> forms.Field:
    """A multiple choice of countries with the searchable widget."""
    return forms.MultipleChoiceField(
        label=label,
        choices=country_choices,
        required=required,
        help_text=help_text,
        widget=SearchableSelectMultiple(),
        **kwargs,
    )


def language_field(
    *, label, required: bool = False, help_text="", codes: Callable | None = None, **kwargs
) -> forms.Field:
    """A multiple choice of languages with the searchable widget."""
    return forms.MultipleChoiceField(
        label=label,
        choices=codes or language_choices,
        required=required,
        help_text=help_text,
        widget=SearchableSelectMultiple(),
        **kwargs,
    )


def checkbox_field(*, label, choices, required: bool = False, help_text="", **kwargs):
    """A multiple choice of a fixed code list as labelled checkboxes."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=CheckboxList(),
        **kwargs,
    )


__all__ = [
    "MULTISELECT_JS",
    "CheckboxList",
    "SearchableSelectMultiple",
    "checkbox_field",
    "country_choices",
    "country_field",
    "language_choices",
    "language_field",
]

"""The directory's filter widgets, rendered without a template per option.

The directory's form holds about 300 options (250 countries, 30 checkboxes, the sort) on
every page. Django's widgets render one template per option (~0.1 ms each) and escape every
label on every request; these escape each list once per language (``_escaped_choices``, a
pure function of the code and the catalogue, so nothing user-specific is kept in the
process) and then only join strings. Markup matches Django's own widgets, so CSS, the
multi-select script and the tests see the same HTML.
"""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from iomcso.core.widgets import CheckboxList, SearchableSelectMultiple


@functools.lru_cache(maxsize=256)
def _escaped_pairs(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((escape(code), escape(label)) for code, label in pairs)


def _escaped_choices(choices) -> tuple[tuple[str, str], ...]:
    """(code, label) of ``choices`` escaped, memoised by their text: the key holds every
    label as the active language gives it, so one language's list never answers another."""
    return _escaped_pairs(tuple((str(code), str(label)) for code, label in choices))


def _selected(value) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return {str(value)}


def select_options_html(choices, selected: str | set[str]) -> SafeString:
    """The ``<option>`` elements of a select, every code and label escaped (once per list
    and language, see ``_escaped_choices``)."""
    chosen = {selected} if isinstance(selected, str) else selected
    return mark_safe(  # noqa: S308 - every part escaped in _escaped_choices
        "".join(
            f'<option value="{code}"{" selected" if code in chosen else ""}>{label}</option>'
            for code, label in _escaped_choices(choices)
        )
    )


class FastSelect(forms.Select):
    """A single ``<select>``."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = _selected(value[:1] if isinstance(value, list) else value)
        return mark_safe(  # noqa: S308 - every part escaped above
            f'<select name="{escape(name)}"{flatatt(attrs)}>{select_options_html(self.choices, chosen)}'
            "</select>"
        )


class FastSearchableSelectMultiple(SearchableSelectMultiple):
    """The searchable multi-select (``multiselect.js``) with its options in one pass."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = {**self.build_attrs(self.attrs, attrs), **self.script_words()}
        return mark_safe(  # noqa: S308 - every part escaped above
            f'<select name="{escape(name)}" multiple{flatatt(attrs)}>'
            f"{select_options_html(self.choices, _selected(value))}</select>"
        )


class FastCheckboxList(CheckboxList):
    """``CheckboxList``'s markup (``<div><label><input type="checkbox"> label</label></div>``)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = escape(attrs.get("id") or f"id_{name}")
        name = escape(name)
        chosen = _selected(value)
        items = "".join(
            f'<div><label for="{base_id}_{index}"><input type="checkbox" name="{name}" '
            f'value="{code}" id="{base_id}_{index}"{" checked" if code in chosen else ""}> '
            f"{label}</label></div>"
            for index, (code, label) in enumerate(_escaped_choices(self.choices))
        )
        return mark_safe(  # noqa: S308 - every part escaped above
            f'<div id="{base_id}" class="{escape(attrs["class"])}">{items}</div>'
        )

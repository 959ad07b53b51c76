"""Model fields shared by the apps."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django_countries import countries


class HttpsURLField(models.URLField):
    """A URL field whose forms read a bare "example.org" as https://example.org.

    Partners type their website without a scheme; assuming https is what Django 6 does
    by default, and it keeps every form of the site (admin, portal, import) consistent.
    """

    # Keywords only, like Django's own URLField.formfield; the stubs give it Field's signature.
    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class ChoiceArrayField(ArrayField):
    """An array of codes from a fixed list, edited by choosing, never by typing codes.

    The admin's default for an ``ArrayField`` is a text box of comma-separated values
    (``CH,CO,KE``, ``migrant_assistance,advocacy``). This field's forms offer the list
    instead: labelled checkboxes for a short list of choices (``base_field.choices``), and a
    searchable multi-select for a long one (``choices_callable``: countries, named in the
    reader's language). Without JavaScript the multi-select is a plain list box.
    """

    # The admin keeps Django's own filter widget (its styles and scripts are the admin's);
    # the portal's forms use iomcso.core.widgets, which gives the same choices the same way.
    choices_callable: Callable[[], list[tuple[str, str]]] | None = None

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.choices_callable is not None:
            choices: Any = self.choices_callable
            widget: forms.Widget | type[forms.Widget] = FilteredSelectMultiple(
                str(self.verbose_name), is_stacked=False
            )
        else:
            choices = self.base_field.choices
            widget = forms.CheckboxSelectMultiple
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": choices,
            "coerce": str,
            "widget": widget,
            "required": not self.blank,
            # The default is a callable (list); a hidden "initial" copy is of no use here.
            "show_hidden_initial": False,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which would build the comma-separated text box.
        return models.Field.formfield(self, **defaults)


def _countries_by_name() -> list[tuple[str, str]]:
    # django-countries names and sorts countries in the active language.
    return [(str(code), str(name)) for code, name in countries]


class CountryArrayField(ChoiceArrayField):
    """ISO 3166 country codes, chosen by country name."""

    choices_callable = staticmethod(_countries_by_name)

"""Make Django's admin forms pass axe-core: every input has a label a screen reader reads.

- Date-times: the admin's split date and time inputs have no label of their own
  (axe-core: critical); one ``datetime-local`` input takes the field's label and works on phones.
- Tabular inlines show labels only as column headers; each input gets an ``aria-label``.
"""

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.admin import options
from django.db import models
from django.utils.translation import gettext_lazy as _

DATETIME_LOCAL = {
    "form_class": forms.DateTimeField,
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}


def use_labelled_datetime_inputs() -> None:
    """Applies the single labelled date-time input to every ModelAdmin registered afterwards."""
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = DATETIME_LOCAL


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their column's label for assistive technology."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            # A related-object wrapper holds the real input as .widget.
            widget = cast(forms.Widget, getattr(formfield.widget, "widget", formfield.widget))
            widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        # Django builds the formset class at run time; mypy cannot take a variable as a base.
        class LabelledFormSet(formset_class):  # type: ignore[valid-type,misc]
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = str(_("Delete"))

        return LabelledFormSet

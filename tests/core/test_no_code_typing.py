"""No admin or portal form asks a person to type a code from a fixed list (a country, an
activity, a setting, a language, a choice): they choose it from the list."""

import importlib
import inspect

import pytest
from django import forms
from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory
from django_countries.fields import CountryField

from iomcso.core.fields import CountryArrayField
from tests.factories import SuperUserFactory

pytestmark = pytest.mark.django_db

PORTAL_FORM_MODULES = [
    "partners.portal.forms",
    "consultations.forms",
    "observers.forms",
    "iomcso.accounts.forms",
]


def is_code_list(model_field) -> bool:
    """A model field whose values are codes from a fixed list."""
    if isinstance(model_field, CountryField | CountryArrayField):
        return True
    if isinstance(model_field, ArrayField):
        return bool(model_field.base_field.choices)
    return bool(getattr(model_field, "choices", None))


def typed_code_fields(form_class, model) -> list[str]:
    found = []
    for name, field in form_class.base_fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        widget = field.widget
        typed = isinstance(widget, forms.TextInput) and not isinstance(widget, forms.HiddenInput)
        if is_code_list(model_field) and typed:
            found.append(f"{model._meta.label}.{name}")
    return found


def test_no_admin_form_or_inline_renders_a_text_input_for_a_code_field():
    request = RequestFactory().get("/")
    request.user = SuperUserFactory()
    offenders = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request) and not model_admin.has_change_permission(
            request
        ):
            continue
        form_class = model_admin.get_form(request)
        offenders += typed_code_fields(form_class, model)
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            offenders += typed_code_fields(formset.form, inline.model)
    assert not offenders, offenders


def test_no_portal_form_renders_a_text_input_for_a_code_field():
    offenders = []
    for module_name in PORTAL_FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.ModelForm) or form_class._meta.model is None:
                continue
            offenders += typed_code_fields(form_class, form_class._meta.model)
    assert not offenders, offenders


def test_the_check_would_catch_the_comma_separated_text_box():
    """The admin's default for an array of codes is a text box: the test above sees it."""

    class Plain(models.Model):
        activities = ArrayField(models.CharField(max_length=10, choices=[("a", "A")]))

        class Meta:
            app_label = "partners"
            managed = False

        def __str__(self) -> str:
            return "plain"

    form_class = forms.modelform_factory(Plain, fields=["activities"])
    assert typed_code_fields(form_class, Plain) == ["partners.Plain.activities"]

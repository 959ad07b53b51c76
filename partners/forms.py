"""Forms shared by the partner portal and the admin: the profile's translations."""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import Organization
from .translations import (
    DEFAULT_PROFILE_LANGUAGE,
    PROFILE_LANGUAGES,
    TEXT_MAX_LENGTHS,
    TRANSLATED_FIELDS,
    language_name,
    normalise_profile_translations,
    page_language,
    validate_profile_translations,
)


def keep_profile_language_when_not_sent(form: forms.BaseForm) -> None:
    """A form sent without the profile's language (a registration draft saved before the
    question existed, a script) keeps the current one, English for a new organization; a
    browser always sends the select's value."""
    name = form.add_prefix("profile_language")
    if form.is_bound and "profile_language" in form.fields and not form.data.get(name):
        # A QueryDict (a request's POST) or a dict (a saved draft, a JSON body).
        data = cast("QueryDict | dict[str, Any]", form.data).copy()
        instance = getattr(form, "instance", None)
        data[name] = getattr(instance, "profile_language", None) or DEFAULT_PROFILE_LANGUAGE
        form.data = data


def translation_field_name(language: str, field: str) -> str:
    """``translation_fr_description``, ``translation_zh_hans_mission_statement``."""
    return f"translation_{language.replace('-', '_')}_{field}"


TRANSLATION_FIELD_LABELS = {
    "description": _("Description in {language}"),
    "mission_statement": _("Mission statement in {language}"),
}


def _translation_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for language in PROFILE_LANGUAGES:
        for field in TRANSLATED_FIELDS:
            fields[translation_field_name(language, field)] = forms.CharField(
                label=format_lazy(
                    TRANSLATION_FIELD_LABELS[field], language=_LanguageName(language)
                ),
                required=False,
                max_length=TEXT_MAX_LENGTHS[field],
                # The browser reads, spell-checks and lays out the text in its language.
                widget=forms.Textarea(
                    attrs={
                        "rows": 5 if field == "description" else 4,
                        "lang": language,
                        "dir": "auto",
                    }
                ),
            )
    return fields


class _LanguageName:
    """A language's name, in the language active when it is shown (for lazy labels)."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return language_name(self.code)


@dataclass
class TranslationFieldset:
    language: str
    name: str
    name_local: str  # the language's name in itself, marked with its ``lang``
    fields: list[forms.BoundField]

    @property
    def filled(self) -> bool:
        return any(field.value() for field in self.fields)

    @property
    def has_errors(self) -> bool:
        return any(field.errors for field in self.fields)


class ProfileTranslationsForm(forms.Form):
    """The description and mission statement in the portal's other languages, as one text
    box each; ``clean`` gathers them into ``profile_translations`` and checks them with the
    model's own rules (partners/translations.py). Mixed into the portal's profile form and
    the admin's organization form, before the model form class."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None:
            kwargs["initial"] = {**translation_initial(instance), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        keep_profile_language_when_not_sent(self)
        # The original texts: read (and spell-checked) in their language, and left to right
        # or right to left after their own first letters, on a page of either direction.
        for name in TRANSLATED_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs["dir"] = "auto"
                if instance is not None and instance.pk is not None:
                    self.fields[name].widget.attrs["lang"] = instance.profile_language

    def translations_from_data(self) -> dict[str, dict[str, str]]:
        return {
            language: {
                field: self.cleaned_data.get(translation_field_name(language, field)) or ""
                for field in TRANSLATED_FIELDS
            }
            for language in PROFILE_LANGUAGES
        }

    def _profile_language(self) -> str:
        instance = getattr(self, "instance", None)
        return (
            self.cleaned_data.get("profile_language")
            or getattr(instance, "profile_language", None)
            or DEFAULT_PROFILE_LANGUAGE
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        translations = normalise_profile_translations(self.translations_from_data())
        try:
            validate_profile_translations(translations, profile_language=self._profile_language())
        except ValidationError as error:
            self._add_translation_errors(error.error_list)
        else:
            cleaned["profile_translations"] = translations
            instance = getattr(self, "instance", None)
            if instance is not None:
                instance.profile_translations = translations
        return cleaned

    def _add_translation_errors(self, errors: list[ValidationError]) -> None:
        """Each message next to the box it is about (the language's description box when it
        is about the whole language), else at the top of the form."""
        for error in errors:
            params = error.params or {}
            language = str(params.get("language_code", ""))
            field = translation_field_name(language, str(params.get("text_field") or "description"))
            if field in self.fields:
                self.add_error(field, error)
            else:
                self.add_error(None, error)

    def _update_errors(self, errors: ValidationError) -> None:
        # The model's clean() reports translation problems under ``profile_translations``,
        # which is no field of this form: move them to the boxes they are about.
        if hasattr(errors, "error_dict") and "profile_translations" in errors.error_dict:
            self._add_translation_errors(errors.error_dict.pop("profile_translations"))
            if not errors.error_dict:
                return
        super()._update_errors(errors)  # type: ignore[misc]

    def translation_fieldsets(self) -> list[TranslationFieldset]:
        """A fieldset per language but the profile's own (kept when it has text or errors,
        for a partner who just changed the profile's language)."""
        instance = getattr(self, "instance", None)
        original = getattr(instance, "profile_language", None) or DEFAULT_PROFILE_LANGUAGE
        fieldsets = []
        for language in PROFILE_LANGUAGES:
            fieldset = TranslationFieldset(
                language=language,
                name=language_name(language),
                # In itself only when the page is in another language ("French (français)").
                name_local=""
                if language == page_language()
                else get_language_info(language)["name_local"],
                fields=[
                    self[translation_field_name(language, field)] for field in TRANSLATED_FIELDS
                ],
            )
            if language != original or fieldset.filled or fieldset.has_errors:
                fieldsets.append(fieldset)
        return fieldsets

    def get_context(self) -> dict[str, Any]:
        context = super().get_context()
        context["fields"] = [
            (field, errors)
            for field, errors in context["fields"]
            if field.name not in TRANSLATION_FIELDS
        ]
        context["translation_fieldsets"] = self.translation_fieldsets()
        return context


# Declared on the class (not added in __init__) so the admin's fieldsets can name them and
# every form class made from it (the admin's modelform_factory) inherits them; for a Form,
# ``base_fields`` is this same dictionary.
TRANSLATION_FIELDS = _translation_fields()
ProfileTranslationsForm.declared_fields.update(TRANSLATION_FIELDS)


def translation_initial(organization: Organization) -> dict[str, str]:
    """The translation boxes' values from the stored translations."""
    translations = organization.profile_translations or {}
    return {
        translation_field_name(language, field): texts.get(field, "")
        for language, texts in translations.items()
        if language in PROFILE_LANGUAGES and isinstance(texts, dict)
        for field in TRANSLATED_FIELDS
    }

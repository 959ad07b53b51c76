"""Profiles in several languages: the rules of an organization's translated texts, and the
choice of which text a visitor reads.

An organization writes its description and mission statement in one language, its
``profile_language``, and may add them in any other of the portal's languages in
``profile_translations``::

    {"fr": {"description": "…", "mission_statement": "…"}, "ar": {"description": "…"}}

What always holds (``validate_profile_translations``, called by ``Organization.clean`` and
so by every service's ``full_clean`` and the admin's form): keys are codes of
``settings.LANGUAGES`` other than the profile language; each value holds only those two
texts, as strings no longer than the original fields allow. ``normalise_profile_translations``
drops empty texts and languages without text before saving.

A visitor reads each text in the page's language when the organization gave it, else in its
original language; ``profile_text`` says which and in what language, so the page can mark
the text with ``lang``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_supported_language_variant, ngettext_lazy
from django.utils.translation import gettext_lazy as _

DESCRIPTION_MAX_LENGTH = 5000
MISSION_STATEMENT_MAX_LENGTH = 2000
# The translated texts and their limits (the same as the original fields').
TEXT_MAX_LENGTHS = {
    "description": DESCRIPTION_MAX_LENGTH,
    "mission_statement": MISSION_STATEMENT_MAX_LENGTH,
}
TRANSLATED_FIELDS = tuple(TEXT_MAX_LENGTHS)
TEXT_LABELS = {"description": _("description"), "mission_statement": _("mission statement")}
PROFILE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_PROFILE_LANGUAGE = "en"


def language_name(code: str) -> str:
    """The language's name in the active language ("French", "Français", "法语")."""
    return str(dict(settings.LANGUAGES).get(code, code))


def page_language(language: str | None = None) -> str:
    """The portal language code for ``language`` (the active one by default)."""
    try:
        return get_supported_language_variant(language or get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def normalise_profile_translations(value: Any) -> Any:
    """Texts stripped of surrounding blanks, empty texts and languages without text dropped.

    A value of the wrong shape is returned as it is, for the validator to refuse."""
    if not isinstance(value, Mapping):
        return value
    cleaned: dict[str, Any] = {}
    for code, texts in value.items():
        if not isinstance(texts, Mapping):
            cleaned[code] = texts
            continue
        kept = {
            field: text.strip() if isinstance(text, str) else text
            for field, text in texts.items()
            if not (isinstance(text, str) and not text.strip()) and text is not None
        }
        if kept:
            cleaned[code] = kept
    return cleaned


def _error(message, code: str, *, language: str, field: str = "", **params) -> ValidationError:
    # ``language_code`` and ``text_field`` let a form put the message next to the box it is
    # about; ``language`` and ``field`` are the names the message shows.
    return ValidationError(
        message,
        code=code,
        params={
            # Lazy names: the message reads in the language it is shown in.
            "language": dict(settings.LANGUAGES).get(language, language),
            "language_code": language,
            "field": TEXT_LABELS.get(field, field),
            "text_field": field,
            **params,
        },
    )


def validate_profile_translations(value: Any, *, profile_language: str) -> None:
    """Refuse translations that break the rules in this module's docstring.

    Raises one ``ValidationError`` listing every problem; each message's params name the
    language (``language_code``) and, when it is about one text, the field (``text_field``).
    """
    if not isinstance(value, Mapping):
        raise ValidationError(
            _("Give the translations as an object with one entry per language."),
            code="invalid_shape",
        )
    errors: list[ValidationError] = []
    for code, texts in value.items():
        code = str(code)
        if code not in PROFILE_LANGUAGES:
            errors.append(
                ValidationError(
                    _("“%(language)s” is not one of the portal's languages."),
                    code="unknown_language",
                    params={"language": code[:20], "language_code": code[:20]},
                )
            )
            continue
        if code == profile_language:
            errors.append(
                _error(
                    _(
                        "%(language)s is the language of the profile: write that text in "
                        "the description and mission statement, not as a translation."
                    ),
                    "profile_language",
                    language=code,
                )
            )
            continue
        if (
            not isinstance(texts, Mapping)
            or not set(texts) <= set(TRANSLATED_FIELDS)
            or not all(isinstance(text, str) for text in texts.values())
        ):
            errors.append(
                _error(
                    _(
                        "The %(language)s translation can only have a description and a "
                        "mission statement, each as text."
                    ),
                    "invalid_shape",
                    language=code,
                )
            )
            continue
        for field, text in texts.items():
            limit = TEXT_MAX_LENGTHS[field]
            if len(text) > limit:
                errors.append(
                    _error(
                        ngettext_lazy(
                            "The %(field)s in %(language)s can have at most %(limit)d "
                            "character (it has %(length)d).",
                            "The %(field)s in %(language)s can have at most %(limit)d "
                            "characters (it has %(length)d).",
                            "limit",
                        ),
                        "too_long",
                        language=code,
                        field=field,
                        limit=limit,
                        length=len(text),
                    )
                )
    if errors:
        raise ValidationError(errors)


# --- the text a visitor reads ------------------------------------------------------------


@dataclass(frozen=True)
class ShownText:
    """One text as a page shows it: ``language`` is the language it is written in."""

    text: str
    language: str
    page_language: str

    @property
    def lang(self) -> str:
        """The ``lang`` attribute the text's element needs: "" in the page's own language."""
        return "" if self.language == self.page_language else self.language

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ProfileText:
    description: ShownText
    mission_statement: ShownText


def profile_text(organization, *, language: str | None = None) -> ProfileText:
    """The description and mission statement to show in ``language`` (the active language
    by default): each in that language when the organization gave it, else the original,
    with the language it is in."""
    shown_in = page_language(language)
    original = organization.profile_language or DEFAULT_PROFILE_LANGUAGE
    translations = organization.profile_translations or {}
    translated = translations.get(shown_in, {}) if shown_in != original else {}

    def shown(field: str) -> ShownText:
        text = translated.get(field) if isinstance(translated, Mapping) else None
        if isinstance(text, str) and text:
            return ShownText(text, shown_in, shown_in)
        return ShownText(getattr(organization, field) or "", original, shown_in)

    return ProfileText(shown("description"), shown("mission_statement"))


def attach_profile_texts(organizations: Iterable, *, language: str | None = None) -> None:
    """Set ``profile_text`` on each organization of a list (for directory cards)."""
    shown_in = page_language(language)
    for organization in organizations:
        organization.profile_text = profile_text(organization, language=shown_in)


def translated_language_names(organization) -> list[str]:
    """The names of the languages the organization gave translations in, in the portal's
    order of languages."""
    translations = organization.profile_translations or {}
    return [language_name(code) for code in PROFILE_LANGUAGES if translations.get(code)]

"""Rendering of multipart emails in the recipient's language.

Templates live in ``templates/emails/<name>_subject.txt``, ``<name>.txt`` and
``<name>.html``; the HTML part extends ``emails/base.html``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def normalise_language(language: str | None) -> str:
    """One of the site's language codes: ``fr-CA`` becomes ``fr``, ``zh-Hans``/``zh`` ``zh-hans``."""
    codes = [code for code, _label in settings.LANGUAGES]
    if language:
        language = language.replace("_", "-").lower()
        if language in codes:
            return language
        base = language.split("-")[0]
        for code in codes:
            if code.split("-")[0] == base:
                return code
    return settings.LANGUAGE_CODE


def render_email(*, template: str, context: dict, language: str | None) -> RenderedEmail:
    language = normalise_language(language)
    context = {"site_url": settings.SITE_URL, "language": language, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body_text = render_to_string(f"emails/{template}.txt", context)
        body_html = render_to_string(f"emails/{template}.html", context)
    return RenderedEmail(
        subject=" ".join(subject.split()), body_text=body_text.strip() + "\n", body_html=body_html
    )

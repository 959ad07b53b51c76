"""Rendering of multipart emails in the recipient's language.

Templates live in ``templates/emails/<name>_subject.txt``, ``<name>.txt`` and
``<name>.html``; the HTML part extends ``emails/base.html``.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


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


def site_url(location: str) -> str:
    """The absolute address of a path or URL on the portal, on ``SITE_URL``'s scheme and host.

    Every link in every email goes through here (allauth's through the account adapter), so
    emails sent by a task, by a request on another host name, or by ``make run PORT=8101``
    all point at the same server.
    """
    base = urlsplit(settings.SITE_URL)
    parts = urlsplit(location)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + path, parts.query, parts.fragment))


def subject_prefix() -> str:
    """ "[IOM–CSO] " in the active language (OIM–OSC in French and Spanish)."""
    return gettext("[IOM–CSO] ")


def render_email(*, template: str, context: dict, language: str | None) -> RenderedEmail:
    language = normalise_language(language)
    context = {"site_url": settings.SITE_URL, "language": language, **context}
    with translation.override(language):
        # The same prefix as allauth's emails (AccountAdapter.format_email_subject), so a
        # reader can filter every email of the portal by it.
        subject = subject_prefix() + render_to_string(f"emails/{template}_subject.txt", context)
        body_text = render_to_string(f"emails/{template}.txt", context)
        body_html = render_to_string(f"emails/{template}.html", context)
    return RenderedEmail(
        subject=" ".join(subject.split()), body_text=body_text.strip() + "\n", body_html=body_html
    )

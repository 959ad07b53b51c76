"""PDF letters, certificates and name badges, laid out in HTML/CSS and printed by WeasyPrint.

WeasyPrint shapes text with HarfBuzz (through Pango), so Arabic joins and runs right to left,
Devanagari conjuncts form, and CJK and Ethiopic print from the Noto fonts the machine has
(Debian's ``fonts-noto-core`` and ``fonts-noto-cjk``, found through fontconfig). The fonts
are embedded, subset to the glyphs used. reportlab's built-in fonts printed non-Latin names
as boxes and it cannot shape Arabic or Devanagari, hence the switch.

The wording lives in ``consultations/letters/*.txt`` (translatable); this module only lays it
out: letterhead, date, paragraphs, signature.
"""

import unicodedata
from collections.abc import Iterable
from typing import cast

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from weasyprint import HTML  # type: ignore[import-untyped]

from .models import Consultation, Registration

INVITATION_LETTER = "invitation_letter"
CERTIFICATE = "certificate"
LETTER_TEMPLATES = {
    INVITATION_LETTER: "consultations/letters/invitation_letter.txt",
    CERTIFICATE: "consultations/letters/certificate.txt",
}


def html_to_pdf(html: str) -> bytes:
    """Prints an HTML page (from ``templates/pdf/``) to PDF bytes, fonts embedded and subset."""
    # write_pdf without a target always returns the bytes.
    return cast(bytes, HTML(string=html).write_pdf())


def letter_pdf(*, registration: Registration, kind: str, language: str | None = None) -> bytes:
    consultation = registration.consultation
    with translation.override(language or registration.preferred_language):
        starts = (
            consultation.starts_at.astimezone(consultation.tz) if consultation.starts_at else None
        )
        text = render_to_string(
            LETTER_TEMPLATES[kind],
            {
                "registration": registration,
                "consultation": consultation,
                "organization": registration.organization,
                "starts": starts,
                "today": timezone.localdate(),
            },
        )
        title = (
            _("Invitation letter") if kind == INVITATION_LETTER else _("Certificate of attendance")
        )
        paragraphs = [
            [line.strip() for line in paragraph.strip().splitlines()]
            for paragraph in text.strip().split("\n\n")
            if paragraph.strip()
        ]
        html = render_to_string(
            "pdf/letter.html",
            {
                "title": title,
                "paragraphs": paragraphs,
                "language": get_language(),
                "direction": "rtl" if get_language_bidi() else "ltr",
            },
        )
    return html_to_pdf(html)


def text_direction(text: str) -> str:
    """ "rtl" when the first strongly directional letter is Arabic or Hebrew (as dir="auto",
    which WeasyPrint does not implement)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def badges_pdf(*, consultation: Consultation, delegates: Iterable[Registration]) -> bytes:
    """Name badges, eight to an A4 page, ready to cut."""
    html = render_to_string(
        "pdf/badges.html",
        {
            "consultation": consultation,
            "delegates": [(delegate, text_direction(delegate.full_name)) for delegate in delegates],
            "language": get_language(),
            "direction": "rtl" if get_language_bidi() else "ltr",
        },
    )
    return html_to_pdf(html)


def letter_available(*, registration: Registration, kind: str) -> bool:
    """Invitation letters for confirmed in-person delegates; certificates after attending."""
    consultation = registration.consultation
    if registration.status != Registration.Status.CONFIRMED or not consultation.has_venue:
        return False
    if kind == INVITATION_LETTER:
        return True
    return registration.attendance == Registration.Attendance.PRESENT and consultation.status in (
        consultation.Status.HELD,
        consultation.Status.REPORT_PUBLISHED,
    )

"""PDF letters for confirmed delegates, drawn from text templates with reportlab.

The wording lives in ``consultations/letters/*.txt`` (translatable); this module only
lays it out: letterhead, date, paragraphs, signature.
"""

import io
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .models import Registration

INVITATION_LETTER = "invitation_letter"
CERTIFICATE = "certificate"
LETTER_TEMPLATES = {
    INVITATION_LETTER: "consultations/letters/invitation_letter.txt",
    CERTIFICATE: "consultations/letters/certificate.txt",
}


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
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=2.5 * cm,
            rightMargin=2.5 * cm,
            topMargin=2.5 * cm,
            bottomMargin=2.5 * cm,
            title=title,
            author=_("International Organization for Migration"),
        )
        styles = getSampleStyleSheet()
        story = [
            Paragraph(escape(_("International Organization for Migration")), styles["Title"]),
            Paragraph(escape(title), styles["Heading2"]),
            Spacer(1, 0.5 * cm),
        ]
        for paragraph in text.strip().split("\n\n"):
            lines = [escape(line.strip()) for line in paragraph.strip().splitlines()]
            story.append(Paragraph("<br/>".join(lines), styles["BodyText"]))
            story.append(Spacer(1, 0.3 * cm))
        document.build(story)
    return buffer.getvalue()


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

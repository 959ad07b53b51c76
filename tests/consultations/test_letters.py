"""PDF letters, certificates and badges print names in every script IOM's partners write."""

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from consultations.letters import CERTIFICATE, INVITATION_LETTER, badges_pdf, letter_pdf
from consultations.models import Registration
from tests.factories import UserFactory

from .factories import RegistrationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"
    ),
]

# One delegate name per script; each must come back from the PDF as text.
NAMES_BY_SCRIPT = {
    "latin": "Zoë Łukasiewicz-Núñez",
    "cyrillic": "Анна Сергеевна Кузнецова",
    "greek": "Ελένη Παπαδοπούλου",
    "arabic": "فاطمة الزهراء بن علي",
    "hebrew": "מרים כהן",
    "chinese": "王秀英",
    "japanese": "山田 花子",
    "korean": "김민준",
    "devanagari": "प्रिया शर्मा",
    "ethiopic": "ሙሉጌታ ተስፋዬ",
}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "pdf"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return unicodedata.normalize("NFC", text)


def squeezed(text: str) -> str:
    """The letters only, in order: CJK lines break between any two characters, and in
    Devanagari the reph (र्) is drawn after the consonant it precedes, so pdftotext returns
    its vowel signs and virama out of logical order (the page itself is right: look at it)."""
    return "".join(c for c in text if unicodedata.category(c).startswith("L"))


def save_screenshots(pdf: bytes, name: str, tmp_path: Path) -> list[Path]:
    """Each page as a PNG under var/screenshots/pdf/, to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "100", str(path), str(SCREENSHOTS / name)],  # noqa: S607
        check=True,
    )
    return sorted(SCREENSHOTS.glob(f"{name}*.png"))


def fonts_in(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603
        ["pdffonts", str(path)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.parametrize(("script", "name"), list(NAMES_BY_SCRIPT.items()))
def test_the_invitation_letter_prints_a_delegate_name_in_any_script(script, name, tmp_path):
    registration = RegistrationFactory(full_name=name, preferred_language="en")
    pdf = letter_pdf(registration=registration, kind=INVITATION_LETTER)
    assert save_screenshots(pdf, f"invitation-{script}", tmp_path)
    text = pdf_text(pdf, tmp_path)
    # Words come back in logical order; right-to-left words are compared one by one
    # because pdftotext may lay a right-to-left run out in either visual order.
    for word in name.split():
        assert squeezed(word) in squeezed(text), f"{script}: {word!r} missing from {text!r}"
    assert "International Organization for Migration" in text


def test_the_fonts_are_embedded_and_subset(tmp_path):
    registration = RegistrationFactory(full_name=" ".join(NAMES_BY_SCRIPT.values()))
    fonts = fonts_in(letter_pdf(registration=registration, kind=INVITATION_LETTER), tmp_path)
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows
    families = " ".join(row[0].split("+")[-1] + "+" for row in rows)
    for family in ("Noto-Sans+", "Arabic", "Hebrew", "Devanagari", "Ethiopic", "CJK"):
        assert family in families, fonts
    # pdffonts: name "ABCDEF+Font" = subset; the "emb" column says yes.
    for row in rows:
        assert "+" in row[0], f"not subset: {row[0]}"
        assert "yes" in row[-5:-2], f"not embedded: {row}"


def test_a_certificate_in_french_prints_a_cyrillic_name(tmp_path):
    registration = RegistrationFactory(full_name="Анна Кузнецова", preferred_language="fr")
    Registration.objects.filter(pk=registration.pk).update(attendance="present")
    text = pdf_text(letter_pdf(registration=registration, kind=CERTIFICATE), tmp_path)
    assert "Анна Кузнецова" in text
    assert "Organisation internationale pour les migrations" in text


def test_badges_are_a_pdf_with_every_delegates_name(tmp_path):
    first = RegistrationFactory(full_name=NAMES_BY_SCRIPT["arabic"])
    consultation = first.consultation
    for script in ("chinese", "devanagari", "ethiopic", "cyrillic"):
        RegistrationFactory(consultation=consultation, full_name=NAMES_BY_SCRIPT[script])
    pdf = badges_pdf(consultation=consultation, delegates=consultation.registrations.all())
    text = pdf_text(pdf, tmp_path)
    for script in ("arabic", "chinese", "devanagari", "ethiopic", "cyrillic"):
        for word in NAMES_BY_SCRIPT[script].split():
            assert squeezed(word) in squeezed(text), f"{script}: {word!r} missing"
    assert save_screenshots(pdf, "badges", tmp_path)


def test_staff_download_the_badges_as_a_pdf(client):
    registration = RegistrationFactory(full_name="王秀英")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(
        reverse("admin:consultations_badges_pdf", args=[registration.consultation_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_without_the_permission_cannot_download_badges(client):
    registration = RegistrationFactory()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(
        reverse("admin:consultations_badges_pdf", args=[registration.consultation_id])
    )
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "ar",
            [
                "المنظمة الدولية للهجرة",
                "رسالة الدعوة",
                "يسرّ المنظمة الدولية للهجرة أن تؤكد أن",
                "الشراكات مع المجتمع المدني",
            ],
        ),
        (
            "zh-hans",
            ["国际移民组织", "敬启者：", "本函应该代表的请求出具，用于支持签证申请。"],
        ),
    ],
)
def test_an_invitation_letter_in_arabic_or_chinese_reads_back_in_order(
    language, sentences, tmp_path
):
    """The letter in the delegate's language: Arabic shaped and right to left, Chinese
    glyphs present; pdftotext gives the sentences back word by word in reading order.

    pdftotext marks right-to-left runs with bidi embedding controls (dropped here) and spells
    the lam-alef ligature in visual order, so the Arabic sentences checked have none."""
    registration = RegistrationFactory(
        full_name="Layla Haddad", preferred_language=language, organization__name="Bridges"
    )
    pdf = letter_pdf(registration=registration, kind=INVITATION_LETTER)
    assert save_screenshots(pdf, f"invitation-letter-{language}", tmp_path)
    text = pdf_text(pdf, tmp_path)

    assert "International Organization for Migration" not in text
    flat = " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).split())
    for sentence in sentences:
        if language == "ar":
            # Whole Arabic sentences, words in logical (reading) order.
            assert sentence in flat, f"{sentence!r} not in {flat!r}"
        else:
            # Chinese lines may break between any two characters.
            assert squeezed(sentence) in squeezed(text), f"{sentence!r} not in {text!r}"
    assert "Layla Haddad" in flat

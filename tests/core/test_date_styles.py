"""One date style per language, site-wide.

Each main public and portal page is rendered in English, French and Spanish (and Arabic,
Chinese and Russian) and every date a visitor reads on it must be written in the language's
``DATE_FORMAT`` (a date and time: ``DATETIME_FORMAT``, whose date part is the same) and
every time in its ``TIME_FORMAT``: no "2026-12-01" next to "1 December 2026", no
"Tue 1 Dec" in an agenda, no "09:00" beside "9 a.m.". Machine-readable dates stay in
``<time datetime="…">`` attributes, which a visitor does not read.

How a date is found: any month name of the language (full, abbreviated, genitive) next to
a number, an ISO date, or a numeric date with slashes or dots; text people wrote (the themes
of past consultations: "Post – 19 September Summit") is cut out first. Each must lie inside a
match of the language's DATE_FORMAT written as a pattern.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import dates, formats, timezone, translation

from consultations.models import ActionPoint, Consultation
from observers.models import CouncilSession, Observer
from partners.choices import MemberRole
from partners.models import OrganizationInvitation
from tests.consultations.factories import (
    AgendaSessionFactory,
    ConsultationFactory,
    DocumentFactory,
    InvitationFactory,
    RegistrationFactory,
)
from tests.core.visible_text import html_segments
from tests.factories import UserFactory
from tests.partners.factories import (
    CooperationRecordFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]


# --- Formats as patterns -------------------------------------------------------------------


def _alternation(names) -> str:
    words = sorted({str(name) for name in names}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"


def _month_names() -> list[str]:
    names = []
    for table in (dates.MONTHS, dates.MONTHS_ALT, dates.MONTHS_AP, dates.MONTHS_3):
        for name in table.values():
            names += [str(name), str(name).capitalize()]
    return names


# Django's own words for times of day, read from its catalogue (named so that makemessages
# does not copy them into ours).
django_word = translation.gettext


def format_pattern(django_format: str) -> str:
    """A regular expression for what ``date_format`` writes with ``django_format``."""
    parts = {
        "j": r"\d{1,2}",
        "d": r"\d{2}",
        "n": r"\d{1,2}",
        "m": r"\d{2}",
        "Y": r"\d{4}",
        "y": r"\d{2}",
        "F": _alternation(dates.MONTHS.values()),
        "E": _alternation(dates.MONTHS_ALT.values()),
        "N": _alternation(dates.MONTHS_AP.values()),
        "M": _alternation(name.capitalize() for name in map(str, dates.MONTHS_3.values())),
        "b": _alternation(dates.MONTHS_3.values()),
        "H": r"\d{2}",
        "G": r"\d{1,2}",
        "g": r"\d{1,2}",
        "h": r"\d{2}",
        "i": r"\d{2}",
        "A": _alternation([django_word("AM"), django_word("PM")]),
        "a": _alternation([django_word("a.m."), django_word("p.m.")]),
        "P": "(?:"
        + r"\d{1,2}(?::\d{2})? "
        + _alternation([django_word("a.m."), django_word("p.m.")])
        + "|"
        + _alternation([django_word("noon"), django_word("midnight")])
        + ")",
    }
    pattern, escaped = "", False
    for character in django_format:
        if escaped:
            pattern += re.escape(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in parts:
            pattern += parts[character]
        else:
            pattern += re.escape(character)
    return pattern


@dataclass
class Styles:
    date: re.Pattern
    time: re.Pattern
    month: re.Pattern
    numeric_date: re.Pattern
    time_like: re.Pattern


def styles(language: str) -> Styles:
    with translation.override(language):
        months = _alternation(_month_names())
        return Styles(
            date=re.compile(format_pattern(formats.get_format("DATE_FORMAT")), re.IGNORECASE),
            time=re.compile(format_pattern(formats.get_format("TIME_FORMAT")), re.IGNORECASE),
            month=re.compile(rf"\b{months}\b", re.IGNORECASE),
            numeric_date=re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
            time_like=re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])"),
        )


def off_style(text: str, language: str) -> list[str]:
    """The dates and times of ``text`` not written in the language's one style."""
    style = styles(language)
    wrong = []
    for segment in text.splitlines():
        dates_in_style = [match.span() for match in style.date.finditer(segment)]
        times_in_style = [match.span() for match in style.time.finditer(segment)]
        for match in [*style.month.finditer(segment), *style.numeric_date.finditer(segment)]:
            start, end = match.span()
            if match.re is style.month and not re.search(
                r"\d", segment[max(0, start - 4) : start] + segment[end : end + 4]
            ):
                continue  # a month's name with no number beside it is not a date
            if not any(left <= start and end <= right for left, right in dates_in_style):
                wrong.append(f"date {match.group()!r} in {segment!r}")
        for match in style.time_like.finditer(segment):
            if not any(
                start <= match.start() and match.end() <= end for start, end in times_in_style
            ):
                wrong.append(f"time {match.group()!r} in {segment!r}")
    return wrong


def visible_text(content: str, user_data: set[str]) -> str:
    text = "\n".join(sorted(html_segments(content)))
    for written in sorted(user_data, key=len, reverse=True):
        text = text.replace(written, " ")
    return text


def test_the_checker_finds_a_date_in_another_style():
    assert off_style("Held on 2026-12-01.", "en")
    assert off_style("Tue 1 Dec, 09:00–10:00", "en")
    assert off_style("Le 12/01/2026", "fr")
    assert not off_style("Dec. 1, 2026, 9 a.m. – 5:30 p.m.", "en")
    assert not off_style("1 décembre 2026 09:00", "fr")
    assert not off_style("1 de diciembre de 2026 a las 09:00", "es")
    assert not off_style("Since 2015, in 40 countries", "en")


# --- The pages ------------------------------------------------------------------------------


@dataclass
class Scene:
    administrator: Any
    organization: Any
    consultation: Any
    past: Any
    user_data: set[str]


def _build_scene() -> Scene:
    organization = VerifiedOrganizationFactory(name="Amani Migrant Aid")
    administrator = UserFactory(email="amina.diallo@example.org", full_name="Amina Diallo")
    OrganizationMemberFactory(
        organization=organization, user=administrator, role=MemberRole.ADMINISTRATOR
    )
    CooperationRecordFactory(
        organization=organization,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2021, 2, 28),
        is_public=True,
    )
    OrganizationInvitation.objects.create(
        organization=organization,
        email="colleague@example.org",
        role=MemberRole.EDITOR,
        token="date-styles-invitation",
        invited_by=administrator,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    starts = (timezone.now() + datetime.timedelta(days=40)).replace(
        hour=7, minute=30, second=0, microsecond=0
    )
    consultation = ConsultationFactory(
        title="Annual CSO Consultation",
        slug="date-styles-consultation",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=9),
    )
    AgendaSessionFactory(
        consultation=consultation,
        title="Opening",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
    )
    DocumentFactory(consultation=consultation, title="Concept note")
    InvitationFactory(consultation=consultation, organization=organization)
    RegistrationFactory(consultation=consultation, organization=organization)
    past = ConsultationFactory(
        title="Past consultation",
        slug="date-styles-past",
        status=Consultation.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=400),
    )
    RegistrationFactory(consultation=past, organization=organization)
    ActionPoint.objects.create(
        consultation=past, text="Publish the report", due_date=datetime.date(2031, 3, 15)
    )
    observer_organization = VerifiedOrganizationFactory(name="Andean Mobility Forum")
    session = CouncilSession.objects.create(
        number=115, starts_on=datetime.date(2030, 11, 26), ends_on=datetime.date(2030, 11, 28)
    )
    Observer.objects.create(
        organization=observer_organization, since=datetime.date(2024, 11, 26), session=session
    )
    themes = set(Consultation.objects.exclude(theme="").values_list("theme", flat=True))
    return Scene(administrator, organization, consultation, past, themes)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_scene()
        transaction.set_rollback(True)


@pytest.fixture
def open_data(monkeypatch):
    """The directory names the day the open data was last published."""
    monkeypatch.setattr(
        "partners.views.open_data_metadata",
        lambda: {
            "published_at": "2026-11-30T03:15:00+00:00",
            "organizations": 1234,
            "licence": "CC BY 4.0",
            "files": {},
        },
    )


PAGES = {
    "home": lambda scene: reverse("home"),
    "directory": lambda scene: reverse("partners:organization_list"),
    "organization page": lambda scene: scene.organization.get_absolute_url(),
    "consultation list": lambda scene: reverse("consultations:index"),
    "consultation detail": lambda scene: scene.consultation.get_absolute_url(),
    "past consultation with action points": lambda scene: scene.past.get_absolute_url(),
    "observers": lambda scene: reverse("observers:index"),
    "portal dashboard": lambda scene: reverse("portal:dashboard"),
    "portal overview": lambda scene: reverse(
        "portal:organization_detail", args=[scene.organization.pk]
    ),
    "portal team": lambda scene: reverse("portal:team", args=[scene.organization.pk]),
    "portal cooperation": lambda scene: reverse("portal:cooperation", args=[scene.organization.pk]),
    "my consultations": lambda scene: reverse("consultations:mine"),
    "registrations": lambda scene: reverse(
        "consultations:manage",
        kwargs={"slug": scene.consultation.slug, "organization_id": scene.organization.pk},
    ),
}


# Pages that show years at most (cooperation periods, "since 2011").
PAGES_WITHOUT_FULL_DATES = {"home", "organization page"}


@pytest.mark.django_db
@pytest.mark.usefixtures("open_data")
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_date_on_the_page_is_in_the_languages_one_style(client, scene, name):
    client.force_login(scene.administrator)
    url = PAGES[name](scene)
    found_a_date = False
    for language in LANGUAGES:
        response = client.get(url.replace("/en/", f"/{language}/", 1))
        assert response.status_code == 200, (language, response.status_code)
        text = visible_text(response.content.decode(), scene.user_data)
        assert not off_style(text, language), (language, off_style(text, language))
        found_a_date |= bool(styles(language).date.search(text))
    if name not in PAGES_WITHOUT_FULL_DATES:
        assert found_a_date, f"{name}: no date found, the page no longer shows what it tested"

"""Demo data: the past editions of both consultation series, as they would read in a portal
that has served them for years.

Annual CSO Consultations since 2011 and NGO Humanitarian Consultations since 2015: the
seed's editions (data migration 0002) and invented later ones, each with its agenda and
speakers, documents, the organizations invited, their delegates (confirmed, a few cancelled),
attendance, and the action points that followed.

Past events are history, not workflow: like the data migration, the rows are written as they
ended (held, attended) without re-running the registration services, so no email is sent for
an event years ago. Idempotent: an edition that already has delegates or an agenda is left as
it is.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from partners.models import Organization

from .models import (
    ActionPoint,
    AgendaSession,
    Consultation,
    ConsultationDocument,
    Invitation,
    Registration,
    Series,
    Speaker,
)

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")

# Later editions (invented for the demo), after the seed's: year -> theme.
CSO_THEMES = {
    2017: "Towards a global compact for safe, orderly and regular migration",
    2018: "From commitments to action: civil society and the Global Compact",
    2019: "Communities on the front line of climate-related migration",
    2020: "COVID-19 and migrants: protection, inclusion and recovery",
    2021: "Building back with migrants: the pandemic recovery",
    2022: "Fair recruitment and decent work for migrant workers",
    2023: "Migrants' voices in policy making",
    2024: "Local action for the Global Compact",
    2025: "Digital tools, data and the protection of migrants",
}
HUMANITARIAN_THEMES = {
    2017: "Localization of humanitarian action",
    2018: "Displacement in cities",
    2019: "Protection from sexual exploitation and abuse",
    2020: "Humanitarian response during a pandemic",
    2021: "Disasters, climate and displacement",
    2022: "Cash assistance for displaced people",
    2023: "Durable solutions for internally displaced persons",
    2024: "Mental health and psychosocial support in emergencies",
    2025: "Anticipatory action and early warning",
}
ONLINE_YEARS = {2020, 2021}

# Delegates, invented, by the headquarters country of their organization: (name, gender).
DELEGATES = {
    "VA": [("Marco Bellini", "male"), ("Chiara Russo", "female"), ("Paolo Conti", "male")],
    "CH": [("Sophie Favre", "female"), ("Luca Meier", "male"), ("Anna Keller", "female")],
    "PH": [("Maria Lourdes Santos", "female"), ("Jose Reyes", "male"), ("Ana Cruz", "female")],
    "SN": [("Aminata Diop", "female"), ("Moussa Sarr", "male"), ("Fatou Ndiaye", "female")],
    "AR": [("Julián Ferreyra", "male"), ("Valeria Sosa", "female"), ("Martín Acosta", "male")],
    "ES": [("Lucía Martín Gómez", "female"), ("Javier Ruiz", "male"), ("Elena Navarro", "female")],
    "CO": [("Andrés Pérez Rojas", "male"), ("Daniela Gómez", "female"), ("Camilo Torres", "male")],
    "KE": [("Grace Wanjiku", "female"), ("Brian Otieno", "male"), ("Faith Achieng", "female")],
    "ZA": [("Thabo Nkosi", "male"), ("Lerato Dlamini", "female"), ("Sipho Mokoena", "male")],
    "EG": [("Heba Mansour", "female"), ("Omar Fathy", "male"), ("Nour El-Sayed", "female")],
    "GB": [("Oliver Grant", "male"), ("Amelia Hughes", "female"), ("Samuel Okoro", "male")],
    "FR": [("Claire Dubois", "female"), ("Julien Moreau", "male"), ("Inès Haddad", "female")],
    "KZ": [("Aigerim Bekova", "female"), ("Nurlan Seitkali", "male"), ("Dana Abenova", "female")],
    "JM": [("Andre Campbell", "male"), ("Shanice Brown", "female"), ("Marcus Reid", "male")],
    "MX": [("Guadalupe Hernández", "female"), ("Diego Ramírez", "male"), ("Sofía López", "female")],
    "RS": [("Milica Jovanović", "female"), ("Nikola Petrović", "male"), ("Ana Ilić", "female")],
    "TH": [("Somchai Rattanakorn", "male"), ("Nattaya Srisuk", "female"), ("Anan Chaiyo", "male")],
    "ET": [("Mulugeta Tesfaye", "male"), ("Selamawit Bekele", "female"), ("Dawit Alemu", "male")],
    "MA": [("Fatima Zahra Benali", "female"), ("Youssef Amrani", "male"), ("Salma Idrissi", "female")],
    "US": [("Rebecca Lawson", "female"), ("Daniel Ortiz", "male"), ("Grace Kim", "female")],
}  # fmt: skip
OTHER_DELEGATES = [
    ("Alex Morgan", "undisclosed"),
    ("Sam Taylor", "male"),
    ("Noor Rahman", "female"),
]
POSITIONS = ["Executive director", "Programme manager", "Policy officer", "Advocacy coordinator"]
IOM_SPEAKERS = [
    ("Director General's Office", "Opening remarks"),
    ("Department of Partnerships", "Moderator"),
    ("Civil Society Unit", "Rapporteur"),
]
IOM_SPEAKER_NAMES = ["Elena Marchetti", "Kwame Asante", "Hana Takahashi", "Pablo Iglesias Ruiz"]

ACTION_POINTS = {
    Series.ANNUAL_CSO: [
        ("Publish the consultation report with the recommendations of the working groups.", "IOM Civil Society Unit"),
        ("Hold regional follow-up calls with the organizations that took part.", "IOM regional offices"),
        ("Share good practices on {theme_lower} in the partners' newsletter.", "CSO focal points"),
    ],
    Series.NGO_HUMANITARIAN: [
        ("Circulate the summary of commitments to all humanitarian partners.", "IOM Department of Operations and Emergencies"),
        ("Set up a working group of NGO partners on {theme_lower}.", "NGO partners"),
        ("Report back on progress at the next Humanitarian Consultation.", "IOM Civil Society Unit"),
    ],
}  # fmt: skip

# The smallest valid PDF: enough for a demo document that opens.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _editions(today: datetime.date) -> list[tuple[str, datetime.date, str]]:
    """(series code, day, theme) of the later editions, up to last year."""
    editions = []
    for year in range(2017, today.year):
        cso_day = datetime.date(year, 10 + year % 2, 8 + (year * 5) % 20)
        humanitarian_day = datetime.date(year, 6, 10 + (year * 3) % 18)
        editions.append(
            (Series.ANNUAL_CSO, cso_day, CSO_THEMES.get(year, "Partnerships for migrants"))
        )
        editions.append(
            (
                Series.NGO_HUMANITARIAN,
                humanitarian_day,
                HUMANITARIAN_THEMES.get(year, "Humanitarian partnerships"),
            )
        )
    return editions


def _slug(code: str, year: int) -> str:
    """As data migration 0002 names the seed's editions."""
    prefix = (
        "annual-cso-consultation" if code == Series.ANNUAL_CSO else "ngo-humanitarian-consultation"
    )
    return f"{prefix}-{year}"


def _edition(series: Series, day: datetime.date, theme: str) -> Consultation:
    online = day.year in ONLINE_YEARS
    starts = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=GENEVA)
    consultation, _created = Consultation.objects.get_or_create(
        slug=_slug(series.code, day.year),
        defaults={
            "series": series,
            "title": f"{series.name} {day.year}",
            "theme": theme,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=9),
            "time_zone": "Europe/Zurich",
            "format": Consultation.Format.ONLINE if online else Consultation.Format.IN_PERSON,
            "venue": "" if online else "International Conference Centre Geneva",
            "status": Consultation.Status.HELD,
            "eligibility": Consultation.Eligibility.INVITED,
            "capacity": 150,
            "interpretation_languages": ["en", "fr", "es"],
        },
    )
    return consultation


def load_history() -> str:
    """Fill every past edition that has no delegates or agenda yet; return a summary."""
    today = timezone.localdate()
    series = {item.code: item for item in Series.objects.filter(is_builtin=True)}
    for code, day, theme in _editions(today):
        if code in series:
            _edition(series[code], day, theme)
    past = list(
        Consultation.objects.filter(
            series__code__in=list(series),
            status__in=[Consultation.Status.HELD, Consultation.Status.REPORT_PUBLISHED],
            starts_at__lt=timezone.now(),
        )
        .exclude(registrations__isnull=False)
        .exclude(sessions__isnull=False)
        .select_related("series")
        .order_by("starts_at")
    )
    organizations = list(
        Organization.objects.verified().filter(is_network=False).order_by("created_at", "pk")
    ) + list(Organization.objects.verified().filter(is_network=True).order_by("pk"))
    if not organizations:
        return "no verified organization to send delegates"
    delegates = 0
    for consultation in past:
        delegates += _fill(consultation, organizations)
    return f"{len(past)} past editions filled with {delegates} delegates"


def _fill(consultation: Consultation, organizations: list[Organization]) -> int:
    starts = consultation.starts_at
    if starts is None:  # only dated editions are selected; this tells the type checker
        return 0
    year = starts.year
    theme = consultation.theme or consultation.title
    _agenda(consultation, theme, starts)
    _documents(consultation, theme, year)
    # Six to nine organizations, a different set each year.
    count = min(len(organizations), 6 + year % 4)
    offset = (year * 7 + len(consultation.series.code)) % len(organizations)
    chosen = [organizations[(offset + step) % len(organizations)] for step in range(count)]
    invited_at = starts - datetime.timedelta(days=60)
    Invitation.objects.bulk_create(
        Invitation(
            consultation=consultation,
            organization=organization,
            status=Invitation.Status.ACCEPTED,
            sent_at=invited_at,
            opened_at=invited_at + datetime.timedelta(days=2),
            responded_at=invited_at + datetime.timedelta(days=5 + index),
        )
        for index, organization in enumerate(chosen)
    )
    registrations = []
    for index, organization in enumerate(chosen):
        people = DELEGATES.get(str(organization.headquarters_country), OTHER_DELEGATES)
        for seat in range(1 + (year + index) % 2):
            name, gender = people[(year + index + seat) % len(people)]
            cancelled = (index + seat + year) % 11 == 0
            absent = not cancelled and (index + seat + year) % 7 == 0
            registrations.append(
                Registration(
                    consultation=consultation,
                    organization=organization,
                    full_name=name,
                    email=f"{slugify(name).replace('-', '.')}@{_domain(organization)}",
                    position=POSITIONS[(index + seat) % len(POSITIONS)],
                    gender=gender,
                    preferred_language="fr"
                    if str(organization.headquarters_country) in ("SN", "FR", "MA")
                    else "es"
                    if str(organization.headquarters_country) in ("AR", "CO", "ES", "MX")
                    else "en",
                    status=Registration.Status.CANCELLED
                    if cancelled
                    else Registration.Status.CONFIRMED,
                    attendance=Registration.Attendance.UNKNOWN
                    if cancelled
                    else Registration.Attendance.NO_SHOW
                    if absent
                    else Registration.Attendance.PRESENT,
                    checked_in_at=None
                    if cancelled or absent
                    else starts - datetime.timedelta(minutes=40 - 3 * index),
                    status_changed_at=invited_at + datetime.timedelta(days=12),
                )
            )
    created = Registration.objects.bulk_create(registrations)
    # Registered weeks before the event, not when the demo was loaded.
    Registration.objects.filter(pk__in=[item.pk for item in created]).update(
        created_at=invited_at + datetime.timedelta(days=10)
    )
    _action_points(consultation, theme, starts.date())
    return len(created)


def _domain(organization: Organization) -> str:
    return organization.website_domain or f"{organization.slug[:40]}.example.org"


def _agenda(consultation: Consultation, theme: str, starts: datetime.datetime) -> None:
    online = consultation.format == Consultation.Format.ONLINE
    room = "" if online else "Room 2"
    plan = [
        ("Opening and welcome", 0, 60, ""),
        (f"Panel: {theme}", 60, 180, "Partners and IOM on what has worked, and what has not."),
        ("Working groups", 240, 390, "Three groups draft recommendations."),
        ("Recommendations and closing", 420, 510, ""),
    ]
    sessions = AgendaSession.objects.bulk_create(
        AgendaSession(
            consultation=consultation,
            title=title[:255],
            description=description,
            starts_at=starts + datetime.timedelta(minutes=start),
            ends_at=starts + datetime.timedelta(minutes=end),
            room=room,
            order=order,
        )
        for order, (title, start, end, description) in enumerate(plan)
    )
    year = starts.year
    Speaker.objects.bulk_create(
        [
            Speaker(
                session=sessions[0],
                name=IOM_SPEAKER_NAMES[year % len(IOM_SPEAKER_NAMES)],
                role=IOM_SPEAKERS[0][1],
                organization_name=f"IOM {IOM_SPEAKERS[0][0]}",
            ),
            Speaker(
                session=sessions[1],
                name=IOM_SPEAKER_NAMES[(year + 1) % len(IOM_SPEAKER_NAMES)],
                role=IOM_SPEAKERS[1][1],
                organization_name=f"IOM {IOM_SPEAKERS[1][0]}",
            ),
            Speaker(
                session=sessions[3],
                name=IOM_SPEAKER_NAMES[(year + 2) % len(IOM_SPEAKER_NAMES)],
                role=IOM_SPEAKERS[2][1],
                organization_name=f"IOM {IOM_SPEAKERS[2][0]}",
            ),
        ]
    )


def _documents(consultation: Consultation, theme: str, year: int) -> None:
    papers = [
        (ConsultationDocument.Kind.CONCEPT_NOTE, f"Concept note: {theme}", "public"),
        (ConsultationDocument.Kind.REPORT, f"Report of the {consultation.title}", "public"),
        (ConsultationDocument.Kind.PRESENTATION, "Working group presentations", "participants"),
    ]
    for kind, title, visibility in papers:
        document = ConsultationDocument(
            consultation=consultation,
            kind=kind,
            title=title[:255],
            visibility=visibility,
            original_name=f"{slugify(title)[:60]}-{year}.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
        )
        document.file.save(document.original_name, ContentFile(DEMO_PDF), save=False)
        document.save()


def _action_points(consultation: Consultation, theme: str, starts: datetime.date) -> None:
    recent = starts.year >= timezone.localdate().year - 1
    ActionPoint.objects.bulk_create(
        ActionPoint(
            consultation=consultation,
            text=text.format(theme_lower=theme[:1].lower() + theme[1:]),
            owner=owner,
            status=(
                ActionPoint.Status.IN_PROGRESS
                if recent and order
                else ActionPoint.Status.OPEN
                if recent
                else ActionPoint.Status.DONE
            ),
            due_date=starts + datetime.timedelta(days=90 * (order + 1)),
            order=order,
        )
        for order, (text, owner) in enumerate(ACTION_POINTS[consultation.series.code])
    )

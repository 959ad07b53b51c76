"""Demo data: the past editions of both series (demo_history) and one upcoming Annual CSO
Consultation, open for registration. Idempotent."""

import datetime

from django.utils import timezone

from partners.models import Organization

from . import services
from .demo_history import load_history
from .models import AgendaSession, Consultation, Series, Speaker

DEMO_SLUG = "demo-annual-cso-consultation"


def load_demo_data() -> str:
    history = load_history()
    if Consultation.objects.filter(slug=DEMO_SLUG).exists():
        return f"{history}; demo consultation already present"
    series = Series.objects.get(code=Series.ANNUAL_CSO)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    starts = (now + datetime.timedelta(days=45)).replace(hour=8)
    year = starts.year
    consultation = services.consultation_create(
        series=series,
        title=f"Annual CSO Consultation {year}",
        slug=DEMO_SLUG,
        theme="Local partners, global commitments: civil society and safe migration",
        description=(
            "A day of dialogue between IOM and civil society partners on protection, "
            "inclusion and partnership at local level."
        ),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=9),
        venue="IOM Headquarters, Geneva",
        format=Consultation.Format.HYBRID,
        online_link="https://example.org/online",
        registration_opens_at=now,
        registration_closes_at=starts - datetime.timedelta(days=10),
        capacity=120,
        max_delegates_per_organization=2,
        eligibility=Consultation.Eligibility.VERIFIED,
        interpretation_languages=["en", "fr", "es"],
        actor=None,
    )
    sessions = [
        ("Opening and welcome", 0, 1),
        ("Panel: protection of migrants in crisis", 1, 3),
        ("Working groups", 4, 6),
        ("Conclusions and action points", 7, 8),
    ]
    for order, (title, start, end) in enumerate(sessions):
        session = AgendaSession.objects.create(
            consultation=consultation,
            title=title,
            starts_at=starts + datetime.timedelta(hours=start),
            ends_at=starts + datetime.timedelta(hours=end),
            room="Conference room A",
            order=order,
        )
        if order == 1:
            Speaker.objects.create(
                session=session, name="Panel chair", organization_name="IOM", role="Moderator"
            )
    services.consultation_publish(consultation=consultation, actor=None)
    services.consultation_open_registration(consultation=consultation, actor=None)
    invited = list(
        Organization.objects.verified().order_by("name").values_list("pk", flat=True)[:5]
    )
    sent = services.invitations_send(
        consultation=consultation, organization_ids=invited, actor=None
    )
    return f"{history}; 1 consultation open for registration, {sent} invitations"

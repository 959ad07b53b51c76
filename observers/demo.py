"""Demo data of observer status: Council sessions, a few observers, an application in review,
and ten years of history (demo_history): applications in every state, decisions, delegates.

Idempotent: every object is found by a stable key first, so a second run changes nothing.
"""

import datetime

from django.utils import timezone

from partners.choices import CooperationKind, EcosocStatus, Level, PartnerType
from partners.models import CooperationRecord, Organization
from partners.services import organization_create, organization_verify
from partners.text import name_key

from . import services
from .demo_history import load_history
from .models import CouncilSession, Criterion, Observer, ObserverApplication

SESSIONS = [
    (113, datetime.date(2022, 11, 29), datetime.date(2022, 12, 1)),
    (114, datetime.date(2023, 11, 28), datetime.date(2023, 11, 30)),
]

OBSERVERS = [
    ("International Catholic Migration Commission", "ICMC", "CH", 113),
    ("Scalabrini International Migration Network", "SIMN", "US", 113),
    ("Migrant Forum in Asia", "MFA", "PH", 114),
]

APPLICANT = ("Global Alliance for Migrant Dignity", "GAMD", "KE")

STATEMENTS = {
    Criterion.PRINCIPAL_ACTIVITY: "Our statutes name assistance to migrants and refugees as our purpose.",
    Criterion.CONSTITUTION: "Our aims follow the humane and orderly migration principle of IOM.",
    Criterion.COOPERATION_HISTORY: "We implemented two projects with IOM Nairobi since 2019.",
    Criterion.INTERNATIONAL: "We work in Kenya, Uganda, Ethiopia and Somalia.",
    Criterion.ECOSOC: "We hold special consultative status since 2015.",
}


def _organization(name: str, acronym: str, country: str) -> tuple[Organization, bool]:

    existing = Organization.objects.filter(
        name_key=name_key(name), headquarters_country=country
    ).first()
    if existing:
        return existing, False
    organization = organization_create(
        actor=None,
        name=name,
        partner_type=PartnerType.NGO,
        level=Level.GLOBAL,
        headquarters_country=country,
        acronym=acronym,
        countries_of_operation=[country, "CH", "KE", "UG", "ET"],
        ecosoc_status=EcosocStatus.SPECIAL,
        ecosoc_year=2015,
        description="Demo organization for the observer-status pages.",
    )
    organization_verify(actor=None, organization=organization, reason="Demo data")
    CooperationRecord.objects.create(
        organization=organization,
        kind=CooperationKind.PROJECT_IMPLEMENTATION,
        iom_office="IOM Nairobi",
        title=f"Joint migrant assistance project ({acronym})",
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2021, 2, 28),
    )
    return organization, True


def load_demo_data() -> str:
    created = []
    today = timezone.localdate()
    sessions = {}
    for number, starts_on, ends_on in SESSIONS:
        sessions[number], new = CouncilSession.objects.get_or_create(
            number=number, defaults={"starts_on": starts_on, "ends_on": ends_on, "place": "Geneva"}
        )
        created += [f"session {number}"] if new else []
    upcoming, new = CouncilSession.objects.get_or_create(
        number=116,
        defaults={
            "starts_on": datetime.date(today.year + 1, 11, 24),
            "ends_on": datetime.date(today.year + 1, 11, 26),
            "place": "Geneva",
        },
    )
    created += ["session 116"] if new else []
    for name, acronym, country, number in OBSERVERS:
        organization, _new = _organization(name, acronym, country)
        if not organization.observer_terms.exists():
            session = sessions[number]
            Observer.objects.create(
                organization=organization, since=session.starts_on, session=session
            )
            created.append(f"observer {acronym}")
    organization, _new = _organization(*APPLICANT)
    if not ObserverApplication.objects.filter(organization=organization).exists():
        application = services.application_start(organization=organization, actor=None)
        for criterion, text in STATEMENTS.items():
            services.statement_save(
                application=application, criterion=criterion, statement=text, actor=None
            )
        services.application_submit(application=application, actor=None)
        services.application_start_review(application=application, actor=None, comment="Demo data")
        created.append("application under review")
    created += load_history(today=today)
    return ", ".join(created) if created else "nothing new"

"""Deterministic bulk generation of organizations for benchmarks and load tests.

Rows go in with PostgreSQL ``COPY`` (the search-vector trigger fills ``search_vector``), so
100,000 organizations and 300,000 contacts load in well under a minute. The same seed gives
the same registry. Generated rows have no history rows: they never went through a change.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import connections, transaction

from .choices import (
    Activity,
    CooperationKind,
    EcosocStatus,
    Level,
    PartnerType,
    Setting,
    VerificationStatus,
)
from .regions import COUNTRY_REGION, regions_for_countries
from .text import name_key

# Words of realistic names in the portal's three languages (and a few others).
_OPENINGS = [
    "Association",
    "Asociación",
    "Association des",
    "Foundation for",
    "Fundación",
    "Centre for",
    "Centro de",
    "Network of",
    "Red de",
    "Réseau des",
    "Alliance for",
    "Union of",
    "Institute for",
    "Instituto de",
    "Council of",
    "Forum for",
    "Coalition for",
    "Collectif des",
    "Society for",
    "Initiative for",
]
_SUBJECTS = [
    "Migrant Rights",
    "Migrantes Unidos",
    "Travailleurs Migrants",
    "Refugee Support",
    "Diaspora Development",
    "Solidaridad Migrante",
    "Human Mobility",
    "Labour Migration",
    "Migration Research",
    "Droits des Migrants",
    "Protección Fronteriza",
    "Return and Reintegration",
    "Displaced Families",
    "Climate Mobility",
    "Integration and Inclusion",
    "Acogida y Asilo",
    "Accueil et Solidarité",
    "Seafarers Welfare",
    "Trafficking Prevention",
    "Remittances and Development",
    "Migrant Health",
    "Youth on the Move",
    "Women Migrants",
    "Domestic Workers",
    "Legal Aid",
    "Education sans Frontières",
    "Salud Migrante",
    "Community Resilience",
    "Cross-Border Trade",
    "Pastoral Care of Migrants",
]
_PLACES_BY_COUNTRY = sorted(COUNTRY_REGION)
_FIRST_NAMES = [
    "Amina", "Carlos", "Fatou", "Hélène", "Ivan", "Jin", "Kofi", "Lucía", "Mariam", "Nikolai",
    "Olga", "Pedro", "Priya", "Rahim", "Sofia", "Thabo", "Wei", "Yasmin", "Zeynep", "Élodie",
]  # fmt: skip
_LAST_NAMES = [
    "Abebe", "Banda", "Castillo", "Diallo", "Eriksen", "Fernández", "García", "Haddad",
    "Ibrahim", "Jovanović", "Kamau", "López", "Mensah", "Nguyen", "Okafor", "Petrov",
    "Quispe", "Rossi", "Sato", "Traoré",
]  # fmt: skip
_POSITIONS = ["Director", "Programme officer", "Partnerships manager", "Coordinator"]
_LANGUAGES = ["en", "fr", "es", "ar", "pt", "ru"]

ORGANIZATION_COLUMNS = (
    "name",
    "name_key",
    "acronym",
    "slug",
    "partner_type",
    "level",
    "headquarters_country",
    "countries_of_operation",
    "regions",
    "activities",
    "operating_settings",
    "description",
    "mission_statement",
    "website",
    "website_domain",
    "public_email",
    "public_phone",
    "year_founded",
    "legal_registration_number",
    "legal_registration_country",
    "ecosoc_status",
    "ecosoc_year",
    "logo",
    "is_network",
    "verification_status",
    "status_reason",
    "status_changed_at",
    "verified_at",
    "pending_identity_changes",
    "created_at",
    "updated_at",
)


@dataclass
class GenerationResult:
    organizations: int
    contacts: int
    memberships: int
    cooperation_records: int
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return "already generated with this seed; nothing to do"
        return (
            f"{self.organizations} organizations, {self.contacts} contacts, "
            f"{self.memberships} network memberships, {self.cooperation_records} cooperation records"
        )


def _organization_row(rng: random.Random, index: int, seed: int, now: datetime.datetime):
    opening, subject = rng.choice(_OPENINGS), rng.choice(_SUBJECTS)
    country = rng.choice(_PLACES_BY_COUNTRY)
    name = f"{opening} {subject} {index}"
    level = rng.choices(list(Level.values), weights=[1, 2, 4, 3])[0]
    countries = {country}
    if level in (Level.GLOBAL, Level.REGIONAL):
        countries.update(rng.sample(_PLACES_BY_COUNTRY, rng.randint(1, 6)))
    countries_list = sorted(countries)
    is_network = index % 100 == 0
    status = rng.choices(
        [VerificationStatus.VERIFIED, VerificationStatus.PENDING, VerificationStatus.REJECTED,
         VerificationStatus.SUSPENDED],
        weights=[85, 10, 3, 2],
    )[0]  # fmt: skip
    created = now - datetime.timedelta(days=rng.randint(0, 3650), seconds=rng.randint(0, 86399))
    acronym = "".join(word[0] for word in f"{opening} {subject}".split() if word[0].isupper())
    domain = f"org{seed}-{index}.example.org"
    ecosoc = rng.choices(list(EcosocStatus.values), weights=[85, 3, 9, 3])[0]
    return (
        name,
        name_key(name),
        acronym[:50],
        f"gen-{seed}-{index}",
        rng.choice(PartnerType.values),
        level,
        country,
        countries_list,
        regions_for_countries(countries_list),
        rng.sample(Activity.values, rng.randint(1, 3)),
        rng.sample(Setting.values, rng.randint(1, 2)),
        f"{name} works on {subject.lower()} with migrants and communities in {country}.",
        "",
        f"https://www.{domain}/",
        domain,
        f"info@{domain}",
        f"+41 22 {index % 1000:03d} {index % 100:02d} {index % 97:02d}",
        rng.randint(1950, 2024),
        f"REG-{seed}-{index}",
        country,
        ecosoc,
        rng.randint(1990, 2024) if ecosoc != EcosocStatus.NONE else None,
        "",
        is_network,
        status,
        "",
        created if status != VerificationStatus.PENDING else None,
        created if status in (VerificationStatus.VERIFIED, VerificationStatus.SUSPENDED) else None,
        "{}",
        created,
        created,
    )


def generate_organizations(
    *, count: int, seed: int = 1, contacts_per_organization: int = 3, using: str = "default"
) -> GenerationResult:
    """Create ``count`` organizations (about 1% networks) with contacts, network memberships
    and cooperation records. Running again with the same seed does nothing.

    All or nothing on the chosen database: the first row is what marks a seed as done, so
    a run that fails half-way must leave no rows behind.
    """
    with transaction.atomic(using=using):
        return _generate(
            count=count,
            seed=seed,
            contacts_per_organization=contacts_per_organization,
            connection=connections[using],
        )


def _generate(
    *, count: int, seed: int, contacts_per_organization: int, connection
) -> GenerationResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM partners_organization WHERE slug = %s", [f"gen-{seed}-0"])
        if cursor.fetchone():
            return GenerationResult(0, 0, 0, 0, skipped=True)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    now = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    raw = connection.connection  # the psycopg connection, for COPY
    with raw.cursor() as cursor:
        columns = ", ".join(ORGANIZATION_COLUMNS)
        with cursor.copy(f"COPY partners_organization ({columns}) FROM STDIN") as copy:
            for index in range(count):
                copy.write_row(_organization_row(rng, index, seed, now))
        cursor.execute(
            "SELECT id, is_network, created_at FROM partners_organization "
            "WHERE slug LIKE %s ORDER BY id",
            [f"gen-{seed}-%"],
        )
        organizations = cursor.fetchall()
        network_ids = [pk for pk, is_network, _created in organizations if is_network]

        contacts = 0
        with cursor.copy(
            "COPY partners_contact (organization_id, name, position, email, phone, languages, "
            "is_primary) FROM STDIN"
        ) as copy:
            for pk, _is_network, _created in organizations:
                for number in range(contacts_per_organization):
                    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
                    copy.write_row(
                        (
                            pk,
                            f"{first} {last}",
                            rng.choice(_POSITIONS),
                            f"contact{number}.{pk}@example.org",
                            "",
                            rng.sample(_LANGUAGES, rng.randint(1, 3)),
                            number == 0,
                        )
                    )
                    contacts += 1

        memberships = 0
        with cursor.copy(
            "COPY partners_networkmembership (network_id, member_id, since, role) FROM STDIN"
        ) as copy:
            for pk, is_network, _created in organizations:
                if is_network or not network_ids or rng.random() > 0.3:
                    continue
                for network_id in set(rng.sample(network_ids, min(2, len(network_ids)))):
                    copy.write_row(
                        (network_id, pk, datetime.date(rng.randint(2000, 2025), 1, 1), "Member")
                    )
                    memberships += 1

        records = 0
        with cursor.copy(
            "COPY partners_cooperationrecord (organization_id, kind, iom_office, title, "
            "start_date, end_date, description, is_public) FROM STDIN"
        ) as copy:
            for pk, _is_network, _created in organizations:
                if rng.random() > 0.2:
                    continue
                start = datetime.date(rng.randint(2010, 2024), rng.randint(1, 12), 1)
                copy.write_row(
                    (
                        pk,
                        rng.choice(CooperationKind.values),
                        "IOM country office",
                        f"Joint programme {pk}",
                        start,
                        start + datetime.timedelta(days=rng.randint(30, 900)),
                        "Cooperation with IOM.",
                        rng.random() > 0.1,
                    )
                )
                records += 1
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE partners_organization; ANALYZE partners_contact; "
            "ANALYZE partners_networkmembership; ANALYZE partners_cooperationrecord"
        )
    return GenerationResult(len(organizations), contacts, memberships, records)

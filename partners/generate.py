"""Deterministic bulk generation of organizations for benchmarks and load tests.

Rows go in with PostgreSQL ``COPY`` (the search-vector trigger fills ``search_vector``), so
100,000 organizations and 300,000 contacts load in well under a minute. The same seed gives
the same registry. Generated rows have no history rows: they never went through a change.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
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
    *,
    count: int,
    seed: int = 1,
    contacts_per_organization: int = 3,
    using: str = "default",
    rebuild_indexes: bool | None = None,
) -> GenerationResult:
    """Create ``count`` organizations (about 1% networks) with contacts, network memberships
    and cooperation records. Running again with the same seed does nothing.

    All or nothing on the chosen database: the first row is what marks a seed as done, so
    a run that fails half-way must leave no rows behind. For large loads
    (``rebuild_indexes``, by default from 20,000 rows) the secondary indexes and the foreign
    keys of the four tables are dropped before the ``COPY`` and rebuilt after it **in the
    same transaction**: PostgreSQL's DDL is transactional, so an interrupted run (error,
    Ctrl-C, killed process) rolls back to the tables *with* their indexes and without the
    new rows; there is nothing to recover by hand. The tables are locked for the length of
    the load, which is what a benchmark or load-test database wants.
    """
    if rebuild_indexes is None:
        rebuild_indexes = count >= INDEX_REBUILD_THRESHOLD
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM partners_organization WHERE slug = %s", [f"gen-{seed}-0"])
            if cursor.fetchone():
                return GenerationResult(0, 0, 0, 0, skipped=True)
        if rebuild_indexes:
            with _secondary_indexes_dropped(connection, GENERATED_TABLES):
                result = _generate(
                    count=count,
                    seed=seed,
                    contacts_per_organization=contacts_per_organization,
                    connection=connection,
                )
        else:
            result = _generate(
                count=count,
                seed=seed,
                contacts_per_organization=contacts_per_organization,
                connection=connection,
            )
    # Fresh statistics for the planner (outside the load's transaction, so the new rows
    # are visible to the sampling and the load's locks are released).
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"ANALYZE {table}" for table in GENERATED_TABLES))
    return result


INDEX_REBUILD_THRESHOLD = 20_000
GENERATED_TABLES = (
    "partners_organization",
    "partners_contact",
    "partners_networkmembership",
    "partners_cooperationrecord",
)


@contextmanager
def _secondary_indexes_dropped(connection, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop every index but the primary keys, and every unique and foreign-key constraint,
    of ``tables``; rebuild them all on exit. Must run inside a transaction (see
    ``generate_organizations``): building an index once over a million rows is several
    times faster than maintaining 24 of them row by row, and re-adding a foreign key checks
    it with one join instead of one deferred trigger per row."""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes are dropped only inside a transaction")
    with connection.cursor() as cursor:
        # Constraints first (unique ones own an index; foreign keys must be re-checked).
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f') "
            "ORDER BY contype DESC",  # unique before foreign keys when re-created
            [list(tables)],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.conrelid = i.indrelid)",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for table, name, _definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # Only for this transaction: memory for sorting index entries (GIN builds are
        # several times faster with it than with the server's 64 MB default).
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _generate(
    *, count: int, seed: int, contacts_per_organization: int, connection
) -> GenerationResult:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    now = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    raw = connection.connection  # the psycopg connection, for COPY
    with raw.cursor() as cursor:
        columns = ", ".join(ORGANIZATION_COLUMNS)
        counts: list[int] = []
        with cursor.copy(f"COPY partners_organization ({columns}) FROM STDIN") as copy:
            for index in range(count):
                copy.write_row(_organization_row(rng, index, seed, now))
        # Contacts, memberships and cooperation records are made by PostgreSQL from the
        # rows just loaded (3 million contacts in Python were half the load's time); the
        # pseudo-random choices hash each organization's number in the seed, so the same
        # seed still gives the same registry.
        parameters = {
            "prefix": f"gen-{seed}-%",
            "per": contacts_per_organization,
            "first_names": _FIRST_NAMES,
            "last_names": _LAST_NAMES,
            "positions": _POSITIONS,
            "languages": _LANGUAGES,
            "kinds": list(CooperationKind.values),
        }
        for salt, statement in enumerate((_CONTACTS_SQL, _MEMBERSHIPS_SQL, _COOPERATION_SQL)):
            cursor.execute(statement, {**parameters, "seed": seed * 100 + salt})
            counts.append(cursor.rowcount)
    contacts, memberships, records = counts
    return GenerationResult(count, contacts, memberships, records)


# A deterministic pseudo-random number in [0, 2^31) for organization number ``k`` and a salt.
def _random(salt: int) -> str:
    return f"(hashint8extended(k, %(seed)s::bigint * 16 + {salt}) & 2147483647)::int"


_GENERATED = """
    FROM partners_organization o
    CROSS JOIN LATERAL (SELECT split_part(o.slug, '-', 3)::bigint AS k) number
    WHERE o.slug LIKE %(prefix)s
"""
_CONTACTS_SQL = f"""
INSERT INTO partners_contact
    (organization_id, name, position, email, phone, languages, is_primary)
SELECT o.id,
    (%(first_names)s::text[])[1 + ({_random(1)} + n * 7) %% 20]
        || ' ' || (%(last_names)s::text[])[1 + ({_random(2)} + n * 11) %% 20],
    (%(positions)s::text[])[1 + ({_random(3)} + n) %% 4],
    'contact' || n || '.' || o.id || '@example.org',
    '',
    (%(languages)s::text[])[1 + ({_random(4)} + n) %% 4 : 1 + ({_random(4)} + n) %% 4
        + ({_random(5)} + n) %% 3],
    n = 0
{_GENERATED.replace("WHERE", "CROSS JOIN generate_series(0, %(per)s - 1) n WHERE")}
"""
_MEMBERSHIPS_SQL = f"""
WITH networks AS (
    SELECT array_agg(o.id ORDER BY k) AS ids {_GENERATED} AND o.is_network
)
INSERT INTO partners_networkmembership (network_id, member_id, since, role)
SELECT DISTINCT
    networks.ids[1 + (hashint8extended(k * 2 + pick, %(seed)s::bigint) & 2147483647)
        %% cardinality(networks.ids)],
    o.id, make_date(2000 + {_random(6)} %% 26, 1, 1), 'Member'
{_GENERATED.replace("WHERE", "CROSS JOIN networks CROSS JOIN generate_series(0, 1) pick WHERE")}
    AND NOT o.is_network AND cardinality(networks.ids) > 0 AND {_random(7)} %% 10 < 3
"""
_COOPERATION_SQL = f"""
INSERT INTO partners_cooperationrecord
    (organization_id, kind, iom_office, title, start_date, end_date, description, is_public)
SELECT o.id,
    (%(kinds)s::text[])[1 + {_random(9)} %% cardinality(%(kinds)s::text[])],
    'IOM country office', 'Joint programme ' || o.id,
    make_date(2010 + {_random(10)} %% 15, 1 + {_random(11)} %% 12, 1),
    make_date(2010 + {_random(10)} %% 15, 1 + {_random(11)} %% 12, 1) + 30 + {_random(12)} %% 871,
    'Cooperation with IOM.',
    {_random(13)} %% 10 <> 0
{_GENERATED}
    AND {_random(8)} %% 5 = 0
"""

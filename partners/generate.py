"""Deterministic bulk generation of organizations for benchmarks and load tests.

Rows are made by PostgreSQL (``INSERT … SELECT``; the search-vector trigger fills ``search_vector``), so
100,000 organizations and 300,000 contacts load in well under a minute. The same seed gives
the same registry. Generated rows have no history rows: they never went through a change.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, transaction

from . import generate_words as words
from .choices import (
    Activity,
    CooperationKind,
    EcosocStatus,
    Level,
    PartnerType,
    Region,
    Setting,
    VerificationStatus,
)
from .regions import COUNTRY_REGION
from .text import name_key

_PLACES_BY_COUNTRY = sorted(COUNTRY_REGION)

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
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _generate(
    *, count: int, seed: int, contacts_per_organization: int, connection
) -> GenerationResult:
    raw = connection.connection  # the psycopg connection
    with raw.cursor() as cursor:
        counts: list[int] = []
        cursor.execute(_ORGANIZATIONS_SQL, {**_organization_parameters(seed), "count": count})
        # Contacts, memberships and cooperation records are made by PostgreSQL from the
        # rows just loaded (3 million contacts in Python were half the load's time); the
        # pseudo-random choices hash each organization's number in the seed, so the same
        # seed still gives the same registry.
        parameters = {
            "prefix": f"gen-{seed}-%",
            "per": contacts_per_organization,
            "first_names": words.FIRST_NAMES,
            "last_names": words.LAST_NAMES,
            "positions": words.POSITIONS,
            "languages": words.LANGUAGES,
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


def _organization_parameters(seed: int) -> dict:
    """The word lists and weights the organizations' SQL draws from, computed once."""
    pairs = [(opening, subject) for opening in words.OPENINGS for subject in words.SUBJECTS]
    names = [f"{opening} {subject}" for opening, subject in pairs]
    levels = list(Level.values)
    statuses = [
        VerificationStatus.VERIFIED, VerificationStatus.PENDING, VerificationStatus.REJECTED,
        VerificationStatus.SUSPENDED,
    ]  # fmt: skip
    ecosoc = list(EcosocStatus.values)
    return {
        "seed": seed,
        "slug_prefix": f"gen-{seed}-",
        "domain_prefix": f"org{seed}-",
        "pair_names": names,
        "pair_keys": [name_key(name) for name in names],
        "pair_acronyms": [
            "".join(word[0] for word in name.split() if word[0].isupper())[:50] for name in names
        ],
        "pair_subjects": [subject.lower() for _opening, subject in pairs],
        "types": list(PartnerType.values),
        # Weights 1, 2, 4, 3 (global, regional, national, local) as ten slots.
        "level_slots": [levels[0]] + [levels[1]] * 2 + [levels[2]] * 4 + [levels[3]] * 3,
        # 85% verified, 10% pending, 3% rejected, 2% suspended as a hundred slots.
        "status_slots": [statuses[0]] * 85
        + [statuses[1]] * 10
        + [statuses[2]] * 3
        + [statuses[3]] * 2,
        "ecosoc_slots": [ecosoc[0]] * 85 + [ecosoc[1]] * 3 + [ecosoc[2]] * 9 + [ecosoc[3]] * 3,
        "ecosoc_none": EcosocStatus.NONE,
        "pending": VerificationStatus.PENDING,
        "verified_or_suspended": [VerificationStatus.VERIFIED, VerificationStatus.SUSPENDED],
        "wide_levels": [Level.GLOBAL, Level.REGIONAL],
        "places": _PLACES_BY_COUNTRY,
        "place_regions": [COUNTRY_REGION[code] for code in _PLACES_BY_COUNTRY],
        "region_order": [region.value for region in Region],
        # Every set of 1 to 3 activities and of 1 or 2 settings, as space-separated codes:
        # one is drawn per organization (a subquery sorting codes per row cost more).
        "activity_sets": [
            " ".join(chosen)
            for size in (1, 2, 3)
            for chosen in itertools.combinations(Activity.values, size)
        ],
        "setting_sets": [
            " ".join(chosen)
            for size in (1, 2)
            for chosen in itertools.combinations(Setting.values, size)
        ],
    }


# The organizations, made by PostgreSQL from a number series (drawing a million rows in
# Python kept one core busy for 170 s while the server waited): the same draws as before,
# each a hash of the organization's number and the seed, so a seed gives one registry.
_ORGANIZATIONS_SQL = f"""
INSERT INTO partners_organization (
    name, name_key, acronym, slug, partner_type, level, headquarters_country,
    countries_of_operation, regions, activities, operating_settings, description,
    mission_statement, website, website_domain, public_email, public_phone, year_founded,
    legal_registration_number, legal_registration_country, ecosoc_status, ecosoc_year, logo,
    is_network, verification_status, status_reason, status_changed_at, verified_at,
    pending_identity_changes, created_at, updated_at)
SELECT
    (%(pair_names)s::text[])[pair] || ' ' || k,
    (%(pair_keys)s::text[])[pair] || ' ' || k,
    (%(pair_acronyms)s::text[])[pair],
    %(slug_prefix)s || k,
    (%(types)s::text[])[1 + {_random(1)} %% cardinality(%(types)s::text[])],
    drawn.level,
    drawn.country,
    spread.countries,
    CASE WHEN cardinality(spread.countries) = 1 THEN ARRAY[drawn.region] ELSE ARRAY(
        SELECT region FROM unnest(%(region_order)s::text[]) WITH ORDINALITY AS r(region, position)
        WHERE region = ANY(ARRAY(
            SELECT (%(place_regions)s::text[])[array_position(%(places)s::text[], code)]
            FROM unnest(spread.countries) code))
        ORDER BY position) END,
    string_to_array((%(activity_sets)s::text[])
        [1 + {_random(6)} %% cardinality(%(activity_sets)s::text[])], ' '),
    string_to_array((%(setting_sets)s::text[])
        [1 + {_random(7)} %% cardinality(%(setting_sets)s::text[])], ' '),
    (%(pair_names)s::text[])[pair] || ' ' || k || ' works on '
        || (%(pair_subjects)s::text[])[pair] || ' with migrants and communities in '
        || drawn.country || '.',
    '',
    'https://www.' || %(domain_prefix)s || k || '.example.org/',
    %(domain_prefix)s || k || '.example.org',
    'info@' || %(domain_prefix)s || k || '.example.org',
    '+41 22 ' || lpad((k %% 1000)::text, 3, '0') || ' ' || lpad((k %% 100)::text, 2, '0')
        || ' ' || lpad((k %% 97)::text, 2, '0'),
    1950 + {_random(8)} %% 75,
    'REG-' || %(seed)s || '-' || k,
    drawn.country,
    drawn.ecosoc,
    CASE WHEN drawn.ecosoc <> %(ecosoc_none)s THEN 1990 + {_random(9)} %% 35 END,
    '',
    k %% 100 = 0,
    drawn.status,
    '',
    CASE WHEN drawn.status <> %(pending)s THEN drawn.created END,
    CASE WHEN drawn.status = ANY(%(verified_or_suspended)s::text[]) THEN drawn.created END,
    '{{}}'::jsonb,
    drawn.created,
    drawn.created
FROM generate_series(0, %(count)s - 1) AS k
CROSS JOIN LATERAL (
    SELECT 1 + {_random(2)} %% cardinality(%(places)s::text[]) AS place
) placed
CROSS JOIN LATERAL (
    SELECT
        1 + {_random(0)} %% cardinality(%(pair_names)s::text[]) AS pair,
        (%(places)s::text[])[placed.place] AS country,
        (%(place_regions)s::text[])[placed.place] AS region,
        (%(level_slots)s::text[])[1 + {_random(3)} %% 10] AS level,
        (%(status_slots)s::text[])[1 + {_random(4)} %% 100] AS status,
        (%(ecosoc_slots)s::text[])[1 + {_random(5)} %% 100] AS ecosoc,
        TIMESTAMPTZ '2026-11-01 00:00:00+00'
            - make_interval(days => {_random(10)} %% 3650, secs => {_random(11)} %% 86400)
            AS created
) drawn
CROSS JOIN LATERAL (
    SELECT CASE WHEN drawn.level <> ALL(%(wide_levels)s::text[]) THEN ARRAY[drawn.country]
    ELSE ARRAY(
        SELECT DISTINCT code FROM unnest(ARRAY[drawn.country] || ARRAY(
            SELECT (%(places)s::text[])[1 + (hashint8extended(k * 8 + extra, %(seed)s)
                & 2147483647) %% cardinality(%(places)s::text[])]
            FROM generate_series(1, 1 + {_random(12)} %% 6) extra)) code
        ORDER BY code) END AS countries
) spread
"""  # noqa: S608 - only _random()'s fixed SQL is formatted in

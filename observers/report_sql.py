"""The eligibility reports' SQL: the one place in ``observers`` that writes raw SQL.

Why raw SQL: the registry screening report covers every verified organization (a million
rows at scale). Through the ORM and per-row Python (the pre-check rule, ``csv.writer``)
it took 3.2x the time of ``COPY`` of the same query. Here the three automatic criteria
(``RegistryRule.outcomes`` in ``selectors``: the same rule, the same translated sentences)
are computed **in SQL**, so the CSV is PostgreSQL's own ``COPY (...) TO STDOUT`` streamed
to the file, and the XLSX reads finished rows from a server-side cursor. Memory holds one
chunk whatever the row count.

Every column has a name (``REPORT_COLUMNS``), tables are named from the models'
``_meta.db_table``, and every value (sentences, labels, statuses) is a bound parameter.
The cell neutraliser of partner-typed text is the SQL twin of
``iomcso.core.spreadsheets.neutralise_cell`` (same formula starts), and also drops the
control characters XLSX refuses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _

from partners.choices import DocumentKind, EcosocStatus, Level
from partners.models import CooperationRecord, Organization, OrganizationDocument

from .models import (
    Assessment,
    Criterion,
    EligibilityReport,
    ObserverApplication,
    Outcome,
    ReportKind,
)

ORGANIZATIONS = Organization._meta.db_table
DOCUMENTS = OrganizationDocument._meta.db_table
COOPERATION = CooperationRecord._meta.db_table
APPLICATIONS = ObserverApplication._meta.db_table
ASSESSMENTS = Assessment._meta.db_table
USERS = get_user_model()._meta.db_table

CRITERIA = tuple(criterion.value for criterion in Criterion)

# The columns of both reports, in the order of ``selectors.report_header``.
ORGANIZATION_COLUMNS = ("organization_id", "organization", "acronym", "headquarters_country")
APPLICATION_COLUMNS = ("application_id", "application_status", "started", "submitted")
CRITERION_COLUMNS = tuple(
    f"{code}_{part}" for code in CRITERIA for part in ("registry", "evidence", "assessment")
)


def report_columns(kind: str) -> tuple[str, ...]:
    if kind == ReportKind.APPLICATIONS:
        return ORGANIZATION_COLUMNS + APPLICATION_COLUMNS + CRITERION_COLUMNS
    return ORGANIZATION_COLUMNS + CRITERION_COLUMNS


def _neutralised(column: str) -> str:
    """Partner-typed text: control characters removed, a formula start made literal.

    The SQL twin of ``iomcso.core.spreadsheets.neutralise_cell`` (same characters, same
    order: clean first; then a formula start after leading blanks, or a leading tab or
    carriage return, gets an apostrophe). tests/core/test_spreadsheets.py holds them equal.
    """
    cleaned = f"regexp_replace(coalesce({column}, ''), '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]', '', 'g')"
    blanks = "' ' || chr(9) || chr(13) || chr(10) || chr(160) || chr(12288)"
    triggers = "'=', '+', '-', '@', chr(65309), chr(65291), chr(65293), chr(65312)"
    return (
        f"CASE WHEN left(ltrim({cleaned}, {blanks}), 1) IN ({triggers}) "
        f"OR left({cleaned}, 1) IN (chr(9), chr(13)) "
        f"THEN '''' || {cleaned} ELSE {cleaned} END"
    )


# Registry facts and the three automatic criteria, per organization ``o``. The evidence
# sentences are the rule's translated sentences with their placeholders replaced.
_FACTS = f"""
    LEFT JOIN LATERAL (
        SELECT count(*) AS n, max(coalesce(c.end_date, c.start_date)) AS latest
        FROM {COOPERATION} c WHERE c.organization_id = o.id
    ) cooperation ON true
    CROSS JOIN LATERAL (
        SELECT
            o.level IN ('global', 'regional') OR cardinality(o.countries_of_operation) > 1
                AS international,
            EXISTS (
                SELECT 1 FROM {DOCUMENTS} d
                WHERE d.organization_id = o.id AND d.kind = %(ecosoc_letter_kind)s
            ) AS has_letter,
            coalesce(%(ecosoc_labels)s::jsonb ->> o.ecosoc_status, o.ecosoc_status)
                || CASE WHEN o.ecosoc_year IS NOT NULL AND o.ecosoc_year <> 0
                        THEN ' (' || o.ecosoc_year || ')' ELSE '' END AS ecosoc_label
    ) facts
"""  # noqa: S608 - table names from _meta; values are bound parameters

_CRITERIA_CELLS = """
    %(unclear)s AS principal_activity_registry,
    %(human)s AS principal_activity_evidence,
    coalesce(assessed.outcomes ->> 'principal_activity', '') AS principal_activity_assessment,
    %(unclear)s AS constitution_registry,
    %(human)s AS constitution_evidence,
    coalesce(assessed.outcomes ->> 'constitution', '') AS constitution_assessment,
    CASE WHEN cooperation.n > 0 THEN %(met)s ELSE %(not_met)s END
        AS cooperation_history_registry,
    CASE WHEN cooperation.n > 0 THEN
        replace(replace(%(cooperation)s, '%%(count)s', cooperation.n::text),
                '%%(year)s', coalesce(extract(year FROM cooperation.latest)::int::text, '?'))
        ELSE %(no_cooperation)s END AS cooperation_history_evidence,
    coalesce(assessed.outcomes ->> 'cooperation_history', '') AS cooperation_history_assessment,
    CASE WHEN facts.international THEN %(met)s ELSE %(not_met)s END AS international_registry,
    replace(replace(%(international)s,
            '%%(level)s', coalesce(%(level_labels)s::jsonb ->> o.level, o.level)),
            '%%(count)s', coalesce(cardinality(o.countries_of_operation), 0)::text)
        AS international_evidence,
    coalesce(assessed.outcomes ->> 'international', '') AS international_assessment,
    CASE WHEN o.ecosoc_status IS NULL OR o.ecosoc_status IN ('', 'none') THEN %(not_met)s
         WHEN facts.has_letter THEN %(met)s ELSE %(unclear)s END AS ecosoc_registry,
    CASE WHEN o.ecosoc_status IS NULL OR o.ecosoc_status IN ('', 'none') THEN %(no_ecosoc)s
         WHEN facts.has_letter
             THEN replace(%(ecosoc_with_letter)s, '%%(status)s', facts.ecosoc_label)
         ELSE replace(%(ecosoc_without_letter)s, '%%(status)s', facts.ecosoc_label)
    END AS ecosoc_evidence,
    coalesce(assessed.outcomes ->> 'ecosoc', '') AS ecosoc_assessment
"""


def _assessments_of(application: str) -> str:
    """Reviewers' assessments of one application (an SQL expression naming its id)."""
    return f"""
    LEFT JOIN LATERAL (
        SELECT jsonb_object_agg(s.criterion, s.outcomes) AS outcomes FROM (
            SELECT a.criterion,
                   string_agg(a.outcome || ' (' || u.email || ')', '; ' ORDER BY u.email)
                       AS outcomes
            FROM {ASSESSMENTS} a JOIN {USERS} u ON u.id = a.reviewer_id
            WHERE a.application_id = {application}
            GROUP BY a.criterion
        ) s
    ) assessed ON true
"""  # noqa: S608 - table names from _meta; the id is an SQL expression


_ORGANIZATION_CELLS = f"""
    o.id AS organization_id,
    {_neutralised("o.name")} AS organization,
    {_neutralised("o.acronym")} AS acronym,
    o.headquarters_country AS headquarters_country
"""

SCREENING_SQL = f"""
SELECT {_ORGANIZATION_CELLS}, {_CRITERIA_CELLS}
FROM {ORGANIZATIONS} o
{_FACTS}
LEFT JOIN LATERAL (
    SELECT ap.id FROM {APPLICATIONS} ap
    WHERE ap.organization_id = o.id ORDER BY ap.created_at DESC LIMIT 1
) latest_application ON true
{_assessments_of("latest_application.id")}
WHERE o.verification_status = 'verified'
ORDER BY o.name, o.id
"""  # noqa: S608 - table names from the models' _meta; every value is a bound parameter

APPLICATIONS_SQL = f"""
SELECT {_ORGANIZATION_CELLS},
    ap.id AS application_id, ap.status AS application_status,
    ap.created_at AT TIME ZONE 'UTC' AS started, ap.submitted_at AT TIME ZONE 'UTC' AS submitted,
    {_CRITERIA_CELLS}
FROM {APPLICATIONS} ap
JOIN {ORGANIZATIONS} o ON o.id = ap.organization_id
{_FACTS}
{_assessments_of("ap.id")}
WHERE (%(statuses)s::text[] IS NULL OR ap.status = ANY(%(statuses)s::text[]))
  AND (%(date_from)s::date IS NULL OR ap.created_at >= %(date_from)s::date)
  AND (%(date_to)s::date IS NULL OR ap.created_at < %(date_to)s::date + 1)
ORDER BY ap.created_at, ap.id
"""  # noqa: S608 - table names from the models' _meta; every value is a bound parameter


def _rule_parameters() -> dict:
    """The pre-check rule's outcomes and sentences, translated once in the active language
    (the same sentences as ``selectors.RegistryRule``)."""
    return {
        "met": Outcome.MET.value,
        "not_met": Outcome.NOT_MET.value,
        "unclear": Outcome.UNCLEAR.value,
        "human": _("Needs a human reading of the statement and evidence."),
        "international": _("Level of work: %(level)s; countries of operation: %(count)s"),
        "ecosoc_with_letter": _("%(status)s; ECOSOC letter on file"),
        "ecosoc_without_letter": _("%(status)s; no ECOSOC letter on file"),
        "no_ecosoc": _("No ECOSOC consultative status on the profile"),
        "cooperation": _("%(count)s cooperation record(s) with IOM, most recent %(year)s"),
        "no_cooperation": _("No cooperation with IOM recorded in the registry"),
        "level_labels": json.dumps({value: str(label) for value, label in Level.choices}),
        "ecosoc_labels": json.dumps({value: str(label) for value, label in EcosocStatus.choices}),
        "ecosoc_letter_kind": DocumentKind.ECOSOC_LETTER.value,
    }


def report_query(*, report: EligibilityReport) -> tuple[str, dict]:
    """The SQL and its parameters for a report, from its kind and filters."""
    parameters = _rule_parameters()
    if report.kind == ReportKind.REGISTRY_SCREENING:
        return SCREENING_SQL, parameters
    filters = report.filters or {}
    parameters.update(
        statuses=filters.get("statuses") or None,
        date_from=filters.get("date_from") or None,
        date_to=filters.get("date_to") or None,
    )
    return APPLICATIONS_SQL, parameters


# The bench's name for the screening query with its parameters.
screening_copy_sql = report_query


def report_records(*, report: EligibilityReport, chunk_size: int = 2000) -> Iterator[tuple]:
    """Finished report rows from a server-side cursor (memory: one chunk).

    Must run inside a transaction (a named cursor lives as long as its transaction).
    """
    sql, parameters = report_query(report=report)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, parameters)
        while records := cursor.fetchmany(chunk_size):
            yield from records

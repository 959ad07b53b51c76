"""The one raw SQL of screening: registry names against list names, in PostgreSQL.

What it buys: the ORM cannot express a join whose condition is the trigram ``%`` operator
between two tables. With it, PostgreSQL walks the smaller side and probes the GIN trigram
index of the other side (``screen_name_norm_trgm``/``screen_name_skel_trgm`` for a list
import against the whole registry, ``screen_entry_*_trgm`` for one organization), so a
million organizations against a thousand entries is one statement, not N×M in Python.

``pg_trgm.similarity_threshold`` is set for the transaction so that the index condition
(``%``) already discards what is below the threshold; the score is then
``greatest(similarity(normalised), 0.9 × similarity(skeleton))``: the consonant skeleton
catches transliteration variants but weighs a little less than the spelled name.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from .models import ListEntryName, ScreenedName

SKELETON_WEIGHT = 0.9


@dataclass
class Candidate:
    entry_id: int
    organization_id: int
    contact_id: int | None
    member_id: int | None
    subject_name: str
    score: float
    matched_fields: list[dict]


def _query(
    *, threshold: float, entry_ids: list[int] | None, organization_ids: list[int] | None
) -> tuple[str, dict[str, Any]]:
    names, screened = ListEntryName._meta.db_table, ScreenedName._meta.db_table
    params: dict[str, Any] = {"threshold": threshold, "weight": SKELETON_WEIGHT}
    # The restricted side is materialised first and becomes the outer loop; each of its
    # names probes the other side's GIN trigram index (never the other way round, which
    # would probe a million-row index thousands of times for one organization).
    ctes = []
    list_from, screened_from = names, screened
    if entry_ids is not None:
        ctes.append(
            f"restricted_list AS MATERIALIZED "  # noqa: S608 (table name from _meta)
            f"(SELECT * FROM {names} WHERE entry_id = ANY(%(entry_ids)s))"
        )
        list_from = "restricted_list"
        params["entry_ids"] = list(entry_ids)
    if organization_ids is not None:
        ctes.append(
            f"restricted_names AS MATERIALIZED "  # noqa: S608 (table name from _meta)
            f"(SELECT * FROM {screened} WHERE organization_id = ANY(%(organization_ids)s))"
        )
        screened_from = "restricted_names"
        params["organization_ids"] = list(organization_ids)
    ctes.append(
        f"""pairs AS (
            SELECT list_name.entry_id,
                   screened.organization_id,
                   screened.contact_id,
                   screened.member_id,
                   screened.field AS subject_field,
                   screened.value AS subject_value,
                   list_name.field AS entry_field,
                   list_name.value AS entry_value,
                   greatest(
                       similarity(screened.normalised, list_name.normalised),
                       %(weight)s * similarity(screened.skeleton, list_name.skeleton)
                   ) AS score
              FROM {list_from} AS list_name
              JOIN {screened_from} AS screened
                ON screened.kind = list_name.kind
               AND (screened.normalised %% list_name.normalised
                    OR screened.skeleton %% list_name.skeleton)
        )"""  # noqa: S608 (table names from _meta, values are parameters)
    )
    query = f"""
        WITH {", ".join(ctes)}
        SELECT entry_id, organization_id, contact_id, member_id,
               (array_agg(subject_value ORDER BY score DESC))[1] AS subject_name,
               max(score) AS score,
               jsonb_agg(jsonb_build_object(
                   'subject_field', subject_field, 'subject_value', subject_value,
                   'entry_field', entry_field, 'entry_value', entry_value,
                   'score', round(score::numeric, 3)
               ) ORDER BY score DESC) AS matched_fields
          FROM pairs
         WHERE score >= %(threshold)s
         GROUP BY entry_id, organization_id, contact_id, member_id
    """  # noqa: S608
    return query, params


def find_candidates(
    *,
    threshold: float,
    entry_ids: list[int] | None = None,
    organization_ids: list[int] | None = None,
) -> list[Candidate]:
    """Every (entry, subject) pair whose names score at least ``threshold``.

    Restrict to some entries (after a list import) or to some organizations (after a
    registration or a change); at least one of the two must be given.
    """
    if entry_ids is None and organization_ids is None:
        raise ValueError("find_candidates() needs entry_ids or organization_ids.")
    query, params = _query(
        threshold=threshold, entry_ids=entry_ids, organization_ids=organization_ids
    )
    # set_config(..., true) lasts until the end of the transaction: keep both in one.
    with transaction.atomic(), connection.cursor() as cursor:
        _configure(cursor, threshold)
        cursor.execute(query, params)
        rows = cursor.fetchall()
        _reset(cursor)
    return [
        Candidate(
            entry_id=entry_id,
            organization_id=organization_id,
            contact_id=contact_id,
            member_id=member_id,
            subject_name=subject_name,
            score=float(score),
            # Django registers a loader that leaves jsonb as text (JSONField decodes it).
            matched_fields=json.loads(matched_fields)
            if isinstance(matched_fields, str)
            else matched_fields,
        )
        for (
            entry_id,
            organization_id,
            contact_id,
            member_id,
            subject_name,
            score,
            matched_fields,
        ) in rows
    ]


def _configure(cursor, threshold: float) -> None:
    """Settings for this transaction only (reset by ``_reset``).

    The index condition (%) keeps only what reaches the threshold. Merge and hash joins
    are switched off: the planner underestimates the trigram filter and would otherwise
    sort both sides on ``kind`` and compare every pair (N×M); the nested loop probes the
    GIN index instead. JIT compilation costs more than it saves on index probes.
    """
    cursor.execute(
        "SELECT set_config('pg_trgm.similarity_threshold', %s, true), "
        "set_config('jit', 'off', true), "
        "set_config('enable_mergejoin', 'off', true), "
        "set_config('enable_hashjoin', 'off', true)",
        [str(threshold)],
    )


def _reset(cursor) -> None:
    cursor.execute("RESET pg_trgm.similarity_threshold; RESET jit; RESET enable_mergejoin")
    cursor.execute("RESET enable_hashjoin")


def explain(
    *,
    threshold: float,
    entry_ids: list[int] | None = None,
    organization_ids: list[int] | None = None,
) -> str:
    """The plan of the screening statement, run (for the benchmark)."""
    query, params = _query(
        threshold=threshold, entry_ids=entry_ids, organization_ids=organization_ids
    )
    with transaction.atomic(), connection.cursor() as cursor:
        _configure(cursor, threshold)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        _reset(cursor)
        return plan

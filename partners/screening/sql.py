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
    names, screened = ListEntryName._meta.db_table, ScreenedName._meta.db_table
    filters = []
    params: dict[str, object] = {"threshold": threshold, "weight": SKELETON_WEIGHT}
    if entry_ids is not None:
        filters.append("list_name.entry_id = ANY(%(entry_ids)s)")
        params["entry_ids"] = list(entry_ids)
    if organization_ids is not None:
        filters.append("screened.organization_id = ANY(%(organization_ids)s)")
        params["organization_ids"] = list(organization_ids)
    query = f"""
        WITH pairs AS (
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
              FROM {names} AS list_name
              JOIN {screened} AS screened
                ON screened.kind = list_name.kind
               AND (screened.normalised %% list_name.normalised
                    OR screened.skeleton %% list_name.skeleton)
             WHERE {" AND ".join(filters)}
        )
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
    """  # noqa: S608 (table names from _meta, values are parameters)
    # set_config(..., true) lasts until the end of the transaction: keep both in one.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
        cursor.execute(query, params)
        rows = cursor.fetchall()
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


def explain(*, threshold: float, entry_ids: list[int]) -> str:
    """The plan of the registry-wide query (for the benchmark)."""
    names, screened = ListEntryName._meta.db_table, ScreenedName._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
        cursor.execute(
            f"""EXPLAIN (ANALYZE, BUFFERS)
            SELECT list_name.entry_id, screened.organization_id
              FROM {names} AS list_name
              JOIN {screened} AS screened
                ON screened.kind = list_name.kind
               AND (screened.normalised %% list_name.normalised
                    OR screened.skeleton %% list_name.skeleton)
             WHERE list_name.entry_id = ANY(%s)""",  # noqa: S608
            [entry_ids],
        )
        return "\n".join(row[0] for row in cursor.fetchall())

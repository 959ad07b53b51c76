"""Full-text search of the registry, accents ignored.

The search vector (database trigger, migration 0002) holds ``unaccent`` lexemes of the
name, acronym and description with the ``simple`` configuration (no language stemming:
names are in many languages). A query matches words by prefix, so "carit" finds Caritas.
"""

import re
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import Value

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

from .text import strip_accents

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def tsquery_text(text: str) -> str:
    """User text -> a safe ``to_tsquery`` string of prefix terms joined by AND ("" if none)."""
    words = _WORD.findall(strip_accents(text or "").lower())[:MAX_WORDS]
    return " & ".join(f"{word}:*" for word in words)


class UnaccentedPrefixQuery(SearchQuery):
    """``to_tsquery('simple', unaccent(<prefix terms>))``; use as ``filter(search_vector=...)``.

    A ``SearchQuery`` subclass so Django's ``@@`` lookup takes it as it is.
    """

    def __init__(self, text: str):
        self.text_query = tsquery_text(text)
        super().__init__(self.text_query, search_type="raw", config="simple")

    def as_sql(
        self,
        compiler: "SQLCompiler",
        connection: "BaseDatabaseWrapper",
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> "_AsSqlType":
        sql, params = compiler.compile(Value(self.text_query))
        return f"to_tsquery('simple'::regconfig, unaccent({sql}))", params


# Facet lexemes: one per filter value in every organization's search vector (trigger in
# partners.search_sql). Upper-case prefixes, so no visitor's (lower-cased) word matches one.
FACET_PREFIXES = {
    "partner_type": "T_",
    "level": "L_",
    "country": "C_",
    "region": "R_",
    "activity": "A_",
    "setting": "S_",
}
_SAFE_CODE = re.compile(r"^[A-Za-z0-9_-]+$")


def facet_tsquery(facets: dict[str, list[str]]) -> str:
    """Chosen filter values -> a ``tsquery`` literal: any value of one filter, every filter.

    ``{"partner_type": ["ngo", "media"], "region": ["africa"]}`` gives
    ``('T_ngo' | 'T_media') & ('R_africa')``. Codes come from validated choices; anything
    else is refused here too, since the literal is parsed by PostgreSQL.
    """
    groups = []
    for name, codes in facets.items():
        if not codes:
            continue
        if not all(_SAFE_CODE.match(code) for code in codes):
            raise ValueError(f"not a filter code: {codes!r}")
        prefix = FACET_PREFIXES[name]
        groups.append("(" + " | ".join(f"'{prefix}{code}'" for code in codes) + ")")
    return " & ".join(groups)


class DirectoryQuery(SearchQuery):
    """The directory's words and filters as one ``tsquery``, for one GIN index condition:

    ``to_tsquery('simple', unaccent(<prefix terms>)) && '<facets>'::tsquery``.
    """

    def __init__(self, text: str, facets: dict[str, list[str]]):
        self.text_query = tsquery_text(text)
        self.facet_query = facet_tsquery(facets)
        super().__init__(self.text_query or self.facet_query, search_type="raw", config="simple")

    def as_sql(
        self,
        compiler: "SQLCompiler",
        connection: "BaseDatabaseWrapper",
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> "_AsSqlType":
        parts: list[str] = []
        params: list = []
        if self.text_query:
            sql, text_params = compiler.compile(Value(self.text_query))
            parts.append(f"to_tsquery('simple'::regconfig, unaccent({sql}))")
            params.extend(text_params)
        if self.facet_query:
            sql, facet_params = compiler.compile(Value(self.facet_query))
            parts.append(f"({sql})::tsquery")
            params.extend(facet_params)
        return "(" + " && ".join(parts) + ")", params

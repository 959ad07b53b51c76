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

"""Full-text search of the registry, accents ignored.

The search vector (database trigger, migration 0002) holds ``unaccent`` lexemes of the
name, acronym and description with the ``simple`` configuration (no language stemming:
names are in many languages). A query matches words by prefix, so "carit" finds Caritas.
"""

import re

from django.contrib.postgres.search import SearchQueryField
from django.db.models import Func, Value

from .text import strip_accents

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def tsquery_text(text: str) -> str:
    """User text -> a safe ``to_tsquery`` string of prefix terms joined by AND ("" if none)."""
    words = _WORD.findall(strip_accents(text or "").lower())[:MAX_WORDS]
    return " & ".join(f"{word}:*" for word in words)


class UnaccentedPrefixQuery(Func):
    """``to_tsquery('simple', unaccent(<text>))``; use as ``filter(search_vector=...)``."""

    template = "to_tsquery('simple'::regconfig, unaccent(%(expressions)s))"
    output_field = SearchQueryField()

    def __init__(self, text: str):
        super().__init__(Value(tsquery_text(text)))

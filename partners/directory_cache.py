"""The directory's search results, kept for a minute in the shared cache.

A search with filters at a million organizations costs PostgreSQL 30–60 ms (the GIN posting
lists of common words and filter values are long) and rendering the form and twenty cards
with Django's templates another 10–20 ms; the directory is the portal's most visited page
and the same searches come back again and again. So the rendered results (filter form,
count, cards, pages) are kept in Redis for ``DIRECTORY_CACHE_SECONDS`` (60 by default, 0
turns it off) under a key made of the language, the normalised query string and a
*version*. Every service that can move an organization into, out of or within the
directory (verification steps, profile and identity changes, merges) bumps the version when
its transaction commits, so those show at once; anything else within the minute. Nothing
in the cached part depends on the visitor (the form is a GET form: no CSRF token).

The cache is shared by every web process (nothing is kept in a process), and when Redis
is down each read is a miss: the page is computed as if there were no cache.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

VERSION_KEY = "partners:directory:version"

# The query-string parameters the directory reads; any other (tracking tags...) is ignored
# and does not make another cache entry.
DIRECTORY_PARAMETERS = (
    "q",
    "partner_type",
    "level",
    "region",
    "country",
    "activity",
    "setting",
    "network",
    "sort",
    "page",
)


def directory_changed() -> None:
    """Make every cached page of results stale once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or the cache was emptied): start one
            cache.set(VERSION_KEY, 1, timeout=None)

    transaction.on_commit(bump)


def _cached(kind: str, params: QueryDict, names: tuple[str, ...], compute: Callable[[], Any]):
    seconds = settings.DIRECTORY_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    search = [(name, sorted(params.getlist(name))) for name in names if name in params]
    digest = hashlib.sha256(json.dumps([kind, get_language(), search]).encode()).hexdigest()
    key = f"partners:directory:{cache.get(VERSION_KEY) or 0}:{digest[:40]}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=seconds)
    return found


def cached_directory_html(
    *, params: QueryDict, names: tuple[str, ...], render: Callable[[], str]
) -> SafeString:
    """The results for ``params`` (only ``names`` count, in any order) in the active
    language, from the cache when a fresh copy is there, else ``render()``ed and stored."""
    html = _cached("html", params, names, render)
    return mark_safe(html)  # noqa: S308 - rendered by Django's templates, stored as is


def cached_directory_data(
    *, kind: str, params: QueryDict, names: tuple[str, ...], compute: Callable[[], Any]
) -> Any:
    """The same for data (the API's pages): ``kind`` names what ``compute()`` returns and
    anything else it depends on (the host its links are built with)."""
    return _cached(kind, params, names, compute)

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

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

VERSION_KEY = "partners:directory:version"


def directory_changed() -> None:
    """Make every cached page of results stale once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or the cache was emptied): start one
            cache.set(VERSION_KEY, 1, timeout=None)

    transaction.on_commit(bump)


def cached_directory_html(
    *, params: QueryDict, names: tuple[str, ...], render: Callable[[], str]
) -> SafeString:
    """The results for ``params`` (only ``names`` count, in any order) in the active
    language, from the cache when a fresh copy is there, else ``render()``ed and stored."""
    seconds = settings.DIRECTORY_CACHE_SECONDS
    if seconds <= 0:
        return mark_safe(render())  # noqa: S308 - rendered by Django's templates
    search = [(name, sorted(params.getlist(name))) for name in names if name in params]
    digest = hashlib.sha256(json.dumps([get_language(), search]).encode()).hexdigest()[:40]
    key = f"partners:directory:{cache.get(VERSION_KEY) or 0}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=seconds)
    return mark_safe(html)  # noqa: S308 - rendered by Django's templates, stored as is

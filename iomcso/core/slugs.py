"""One way to give a row a slug no other row of its model has."""

from django.db import models
from django.utils.text import slugify


def unique_slug(
    queryset: models.QuerySet,
    text: str,
    *,
    fallback: str,
    max_length: int,
    exclude_pk: int | None = None,
    field: str = "slug",
) -> str:
    """``text`` slugified, with ``-2``, ``-3``... added until no row of ``queryset`` has it.

    One query reads every slug that could clash. The unique constraint on the field still
    decides between two writes at the same moment.
    """
    base = slugify(text)[:max_length] or fallback
    taken = set(
        queryset.filter(**{f"{field}__startswith": base})
        .exclude(pk=exclude_pk)
        .values_list(field, flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug

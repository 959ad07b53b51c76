"""Cursor pagination: a page costs the same at the end of a million rows as at the start,
and no page counts the whole table."""

from rest_framework.pagination import CursorPagination


class NameCursorPagination(CursorPagination):
    ordering = ("name", "pk")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def cursor_pagination(*ordering: str, page_size: int = 50) -> type[CursorPagination]:
    """A cursor paginator over another ordering (its first field must be the main one)."""
    return type(
        "CursorPagination_" + "_".join(field.lstrip("-") for field in ordering),
        (NameCursorPagination,),
        {"ordering": ordering, "page_size": page_size},
    )

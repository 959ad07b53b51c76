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


class QuerysetOrderCursorPagination(NameCursorPagination):
    """Cursor pages in the order the queryset already has (the directory's ``sort``: by
    name, or newest first), else by name. Each ordering must be served by an index."""

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        ordering = queryset.query.order_by
        if ordering and all(isinstance(field, str) and "__" not in field for field in ordering):
            return tuple(ordering)
        return tuple(self.ordering)

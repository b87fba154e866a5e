"""Keyset pagination for every API list: a page is found by the position of its first row in the list's order, not
by counting the rows before it, and no page counts the whole list. At national scale an API client walking a
coordinator's cases would otherwise make the database count and skip hundreds of thousands of rows per page."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        """The list's own order (its queryset's, else its model's), made total with the primary key."""
        ordering = tuple(str(field) for field in (queryset.query.order_by or queryset.model._meta.ordering))
        if not any(field.lstrip("-") in {"pk", "id"} for field in ordering):
            descending = bool(ordering) and ordering[0].startswith("-")
            ordering += ("-pk" if descending or not ordering else "pk",)
        return ordering

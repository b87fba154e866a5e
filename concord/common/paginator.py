"""A paginator that counts no further than it needs to: a list of a whole country's cases would otherwise count
every one of them on each page view, the slowest part of the page at national scale."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator


class BoundedPaginator(Paginator):
    """Counts at most `limit` rows. Beyond that the pages stop at the limit, `bounded` is true and the page says
    "more than": narrowing the list with its filters is quicker than paging through thousands of cases."""

    def __init__(self, object_list, per_page, *, limit: int = 10_000, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def _counted(self) -> int:
        rows: Any = self.object_list
        if hasattr(rows, "count_up_to"):
            return rows.count_up_to(self.limit + 1)
        # Counting needs no order: without it the database stops at the limit instead of sorting first.
        return rows.order_by()[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:  # type: ignore[override]  # Paginator.count is a cached_property too
        return min(self._counted, self.limit)

    @property
    def bounded(self) -> bool:
        return self._counted > self.limit

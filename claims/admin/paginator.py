"""A changelist paginator that never counts a million rows.

Counting is exact up to EXACT_COUNT_LIMIT rows (a bounded `COUNT` over a `LIMIT`); beyond that PostgreSQL's
planner estimate is used, which is how big result sets are paged without a full `COUNT(*)` on every page.
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 10_000


def planner_row_estimate(queryset) -> int:
    """PostgreSQL's estimate of how many rows `queryset` returns (from EXPLAIN, without running it)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    exact_count_limit = EXACT_COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        bounded = queryset.order_by()[: self.exact_count_limit + 1].count()
        if bounded <= self.exact_count_limit:
            return bounded
        return max(planner_row_estimate(queryset), bounded)

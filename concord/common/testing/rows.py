"""Row counts of every table, to prove that a refused request left nothing behind."""

from __future__ import annotations

from django.db import connection

# Rewritten on every request by design (the idle timeout pushes the session's expiry forward).
_EXCLUDED = {"django_session"}


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in _EXCLUDED:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names
            counts[table] = cursor.fetchone()[0]
    return counts


def assert_nothing_written(before: dict[str, int]) -> None:
    after = row_counts()
    changed = {table: (before.get(table), count) for table, count in after.items() if before.get(table) != count}
    assert not changed, f"a refused request wrote rows: {changed}"

"""Writing many rows fast, for data sets made outside the services (the national data set generator).

Rows are model instances, so every value goes through its field's own preparation: encrypted fields are written as
real Fernet tokens, JSON as JSON, dates in the database's format. PostgreSQL receives them with COPY; other
databases with batched INSERTs. Primary keys are given by the caller (`IdBlock`), so that rows can point at each
other before any of them is written; `reset_sequences` moves the database's sequences past them afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models
from django.utils import timezone


@cache
def _fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(field for field in model._meta.concrete_fields)


# Fields whose Python value PostgreSQL's driver takes as it is: preparing them is the slowest part of a bulk load.
_AS_IS_ON_POSTGRES = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.BooleanField,
    models.CharField,
    models.TextField,
    models.DateTimeField,
    models.DateField,
    models.FloatField,
    models.ForeignKey,
)


@cache
def _as_is(field: models.Field, vendor: str) -> bool:
    return (
        vendor == "postgresql"
        and isinstance(field, _AS_IS_ON_POSTGRES)
        and not getattr(field, "encrypted", False)
        and not (isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add))
    )


def _value(field: models.Field, instance: models.Model, connection: Any, now: Any) -> Any:
    value = getattr(instance, field.attname)
    if value is None and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        # auto_now fields keep the time the caller chose (a backdated row), else now, as save() would.
        value = now
    return field.get_db_prep_save(value, connection)


class BulkWriter:
    """Writes model instances to one database connection, table by table."""

    def __init__(self, using: str = "default") -> None:
        self.connection = connections[using]
        self.written: dict[str, int] = {}

    @property
    def copies(self) -> bool:
        return self.connection.vendor == "postgresql"

    def write(self, model: type[models.Model], instances: Sequence[models.Model]) -> int:
        if not instances:
            return 0
        fields = _fields(model)
        now = timezone.now()
        connection = self.connection
        vendor = connection.vendor
        plan = [(field.attname, None if _as_is(field, vendor) else field) for field in fields]
        rows = [
            tuple(
                getattr(instance, attname) if field is None else _value(field, instance, connection, now)
                for attname, field in plan
            )
            for instance in instances
        ]
        written = self.write_rows(model._meta.db_table, [field.column for field in fields], rows)
        self.written[model._meta.label] = self.written.get(model._meta.label, 0) + written
        return written

    def write_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        """Rows of values already in the database's format, into `table`."""
        if not rows:
            return 0
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.copies:
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                # Table and column names come from models, never from a request.
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        return len(rows)

    def reset_sequences(self, models_: Iterable[type[models.Model]]) -> None:
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models_))
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class IdBlock:
    """Primary keys handed out in order after the largest one in the table, for rows written by BulkWriter."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self._next:
            largest = model._base_manager.aggregate(largest=models.Max("pk"))["largest"] or 0
            self._next[model] = largest + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def models(self) -> list[type[models.Model]]:
        return list(self._next)

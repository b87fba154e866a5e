"""Re-encrypt every encrypted column and stored file under the newest key in FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this command, then
drop the old keys. Tokens are rotated without the plaintext ever leaving cryptography's MultiFernet.rotate, and
each batch is its own transaction, so an interrupted run can simply be started again.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, cast

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from rich.console import Console
from rich.progress import Progress

from concord.audit.choices import AuditAction
from concord.audit.services import audit_record
from concord.common.crypto import encrypted_fields, is_current_token, rotate_token
from concord.common.storage import EncryptedFileSystemStorage


class Command(BaseCommand):
    help = "Re-encrypt all encrypted data under the newest key (FIELD_ENCRYPTION_KEYS[0])."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options) -> None:
        console = Console(file=cast(IO[str], self.stdout))
        targets = [(model, encrypted_fields(model)) for model in apps.get_models()]
        targets = [(model, fields) for model, fields in targets if fields and model._meta.managed]
        rotated_values = rotated_files = 0
        with Progress(console=console, transient=False) as progress:
            for model, fields in targets:
                table = connection.ops.quote_name(model._meta.db_table)
                pk = connection.ops.quote_name(model._meta.pk.column)
                columns = [connection.ops.quote_name(field.column) for field in fields]
                total = model._base_manager.count()
                task = progress.add_task(model._meta.label, total=total or 1)
                last = None
                while True:
                    with transaction.atomic(), connection.cursor() as cursor:
                        where = f"WHERE {pk} > %s " if last is not None else ""
                        cursor.execute(
                            f"SELECT {pk}, {', '.join(columns)} FROM {table} {where}"  # noqa: S608 - names from _meta
                            f"ORDER BY {pk} LIMIT %s",
                            [last, batch_size] if last is not None else [batch_size],
                        )
                        rows = cursor.fetchall()
                        for row in rows:
                            updates = {
                                column: rotate_token(value)
                                for column, value in zip(columns, row[1:], strict=True)
                                if value and not is_current_token(value)
                            }
                            if updates:
                                assignments = ", ".join(f"{column} = %s" for column in updates)
                                cursor.execute(
                                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                                    [*updates.values(), row[0]],
                                )
                                rotated_values += len(updates)
                    if not rows:
                        break
                    last = rows[-1][0]
                    progress.advance(task, len(rows))
            if isinstance(default_storage, EncryptedFileSystemStorage) and Path(settings.MEDIA_ROOT).exists():
                files = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
                task = progress.add_task("files", total=len(files) or 1)
                for path in files:
                    default_storage.rotate(str(path.relative_to(settings.MEDIA_ROOT)))
                    rotated_files += 1
                    progress.advance(task)
        audit_record(action=AuditAction.KEYS_ROTATED, details={"values": rotated_values, "files": rotated_files})
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {rotated_values} values and {rotated_files} files."))

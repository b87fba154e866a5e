"""Checkpoints of the audit chain outside the database.

Each seal is appended as one JSON line to AUDIT_CHECKPOINT_FILE and logged to the `concord.audit.checkpoints`
logger (the console, hence the system journal, unless the operator routes it elsewhere). The operator ships either
off the machine (docs/deployment.md): someone who controls the database, and even the MAC key, cannot then rewrite
or cut the chain without the copies elsewhere disagreeing. `verify_audit` compares the database with the file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from concord.audit.models import AuditSeal

logger = logging.getLogger("concord.audit.checkpoints")


@dataclass(frozen=True)
class Checkpoint:
    number: int
    mac: str
    id_to: int
    count: int
    sealed_at: str


def _path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def line(seal: AuditSeal) -> str:
    return json.dumps(
        {
            "seal": seal.number,
            "mac": seal.mac,
            "id_to": seal.id_to,
            "count": seal.count,
            "sealed_at": seal.sealed_at.isoformat(),
        },
        sort_keys=True,
    )


def write(seal: AuditSeal) -> None:
    text = line(seal)
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(text + "\n")
        file.flush()
        os.fsync(file.fileno())
    logger.info("audit checkpoint %s", text)


def read(path: Path | None = None) -> list[Checkpoint]:
    """The checkpoints in the file, in order; a line that is not a checkpoint is an error, not skipped."""
    path = path or _path()
    if not path.exists():
        return []
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            found.append(
                Checkpoint(int(data["seal"]), data["mac"], int(data["id_to"]), int(data["count"]), data["sealed_at"])
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a checkpoint line") from error
    return found

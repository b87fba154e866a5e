from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from concord.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    problem: str


def audit_chain_problems(*, batch_size: int = 2000) -> Iterator[ChainProblem]:
    """Walk the chain in order and yield every place where it does not hold."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    last_sequence = 0
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last_sequence).order_by("sequence")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.sequence != expected_sequence:
                yield ChainProblem(expected_sequence, "missing")
            if event.previous_hash != previous_hash:
                yield ChainProblem(event.sequence, "link")
            if event.compute_hash() != event.hash:
                yield ChainProblem(event.sequence, "content")
            expected_sequence = event.sequence + 1
            previous_hash = event.hash
            last_sequence = event.sequence
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != expected_sequence - 1 or head.hash != previous_hash):
        yield ChainProblem(head.sequence, "tail")


def audit_event_list() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor", "agency")

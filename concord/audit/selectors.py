from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from concord.audit import checkpoints
from concord.audit.models import GENESIS_MAC, AuditEvent, AuditSeal, SealTally


@dataclass(frozen=True)
class ChainProblem:
    """`kind` is "event" or "seal", `number` the event's id or the seal's number."""

    kind: str
    number: int
    problem: str


def seal_members(seal: AuditSeal) -> QuerySet[AuditEvent]:
    """The events a seal took: a transaction range (PostgreSQL) or an id range (SQLite, and events written before
    seals kept transaction ids)."""
    if seal.txid_to is not None:
        return AuditEvent.objects.filter(txid__gte=seal.txid_from or 0, txid__lt=seal.txid_to)
    return AuditEvent.objects.filter(pk__gt=seal.id_from, pk__lte=seal.id_to)


def audit_chain_problems(
    *, after: AuditSeal | None = None, known: list[checkpoints.Checkpoint] | None = None, batch_size: int = 5000
) -> Iterator[ChainProblem]:
    """Every place where the audit log does not hold, from the seal after `after` (from the start without it):
    events whose content does not match their MAC ("content"), seals whose events were deleted, added or
    reordered ("members"), seals that do not follow the one before ("chain"), seals that disagree with the
    checkpoints kept outside the database or are missing from it ("checkpoint"), and genuine events copied in again
    ("duplicate"). Events not sealed yet are checked against their MACs."""
    known = checkpoints.read() if known is None else known
    previous = after
    seals = AuditSeal.objects.filter(number__gt=after.number) if after else AuditSeal.objects.all()
    last_number = after.number if after else None
    for seal in seals.order_by("number").iterator(chunk_size=200):
        expected_previous = previous.mac if previous else GENESIS_MAC
        if seal.number == 0:
            if seal.mac != GENESIS_MAC or seal.count:
                yield ChainProblem("seal", 0, "chain")
        else:
            if seal.previous_mac != expected_previous or seal.compute_mac() != seal.mac:
                yield ChainProblem("seal", seal.number, "chain")
            if last_number is not None and seal.number != last_number + 1:
                yield ChainProblem("seal", last_number + 1, "chain")
            tally = SealTally()
            yield from _content_problems(seal_members(seal), batch_size, tally)
            if (tally.hexdigest(), tally.count) != (seal.digest, seal.count):
                yield ChainProblem("seal", seal.number, "members")
        previous, last_number = seal, seal.number
    yield from _checkpoint_problems(known, after)
    newest = previous or AuditSeal.objects.order_by("-number").first()
    yield from _content_problems(_unsealed(newest), batch_size)
    yield from _duplicate_problems(_unsealed(after) if after else AuditEvent.objects.all())


def _unsealed(newest: AuditSeal | None) -> QuerySet[AuditEvent]:
    if newest is None:
        return AuditEvent.objects.all()
    if newest.txid_to is not None:
        return AuditEvent.objects.filter(Q(txid__gte=newest.txid_to) | Q(txid__isnull=True, pk__gt=newest.id_to))
    return AuditEvent.objects.filter(pk__gt=newest.id_to)


def _content_problems(
    events: QuerySet[AuditEvent], batch_size: int, tally: SealTally | None = None
) -> Iterator[ChainProblem]:
    for event in events.order_by("pk").iterator(chunk_size=batch_size):
        if event.compute_mac() != event.mac:
            yield ChainProblem("event", event.pk, "content")
        if tally is not None:
            tally.add(event.pk, event.mac)


def _duplicate_problems(events: QuerySet[AuditEvent]) -> Iterator[ChainProblem]:
    """Copies of a genuine event inserted again, its MAC copied with it. A MAC covers the event's time to the
    microsecond with everything else about it, so two events never share one."""
    copies = (
        AuditEvent.objects.filter(mac__in=events.values("mac"))
        .values("mac")
        .annotate(n=Count("pk"), last=Max("pk"))
        .filter(n__gt=1)
    )
    for row in copies.order_by("last"):
        yield ChainProblem("event", row["last"], "duplicate")


def _checkpoint_problems(known: list[checkpoints.Checkpoint], after: AuditSeal | None) -> Iterator[ChainProblem]:
    start = after.number if after else -1
    wanted = [checkpoint for checkpoint in known if checkpoint.number > start]
    stored = dict(
        AuditSeal.objects.filter(number__in=[checkpoint.number for checkpoint in wanted]).values_list("number", "mac")
    )
    for checkpoint in wanted:
        if stored.get(checkpoint.number) != checkpoint.mac:
            yield ChainProblem("seal", checkpoint.number, "checkpoint")


def audit_event_list() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor", "agency")

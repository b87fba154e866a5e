from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from concord.audit import checkpoints, context
from concord.audit.choices import AuditAction, audit_actions
from concord.audit.models import GENESIS_MAC, AuditEvent, AuditSeal, SealTally

# Details are for codes and identifiers. Keys that could carry a person's data are refused outright, so that a
# careless caller fails in tests rather than leaking into the log.
_FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "name",
        "full_name",
        "email",
        "phone",
        "address",
        "birth_date",
        "national_id",
        "narrative",
        "note",
        "password",
    }
)


def audit_record(
    *,
    action: AuditAction | str,
    actor: Any = None,
    agency: Any = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    case_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Runs inside the caller's transaction when there is one, so an action and
    its audit event are written together or not at all. The address comes from the audit context the request
    middleware binds (concord.audit.context)."""
    if str(action) not in audit_actions:
        raise ValueError(f"Unregistered audit action {action!r}: register its choices in the app's ready()")
    details = dict(details or {})
    leaked = _FORBIDDEN_DETAIL_KEYS.intersection(details)
    if leaked:
        raise ValueError(f"Audit details must not carry personal data: {sorted(leaked)}")
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if agency is None and actor is not None:
        agency = getattr(actor, "agency", None)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor,
        agency=agency,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        case_id=case_id,
        ip_address=context.current().ip_address,
        details=details,
    )
    event.mac = event.compute_mac()
    # One INSERT and no lock: concurrent requests append side by side; the seal orders them later.
    event.save(force_insert=True)
    return event


# The transactions of this database that had ended when the statement ran are those below the result: below the
# oldest one of this database still running, or below every transaction ever started when none is. Their events
# are visible to the reads that follow (each takes a newer snapshot), and no event of theirs can appear later.
# Transactions of other databases of the server are left out: a long report elsewhere does not hold sealing back.
# The sealer's own transaction, if it wrote anything, is still running too.
SETTLED_TRANSACTIONS = """
WITH snapshot AS (SELECT pg_current_snapshot() AS current),
running_here AS (
    SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity
    WHERE datname = current_database() AND backend_xid IS NOT NULL
)
SELECT LEAST(
    COALESCE(
        (SELECT MIN(xid::text::bigint) FROM snapshot, pg_snapshot_xip(snapshot.current) AS xid
         WHERE xid::text::bigint % 4294967296 IN (SELECT xid FROM running_here)),
        (SELECT pg_snapshot_xmax(current)::text::bigint FROM snapshot)
    ),
    pg_current_xact_id_if_assigned()::text::bigint
)
"""


def audit_seal(now: datetime.datetime | None = None) -> AuditSeal | None:
    """Seal the events whose transactions have ended into the next link of the chain and write its checkpoint;
    None when there was nothing new. Two sealers at once take turns on the newest seal's row lock."""
    with transaction.atomic():
        postgres = connection.vendor == "postgresql"
        last = AuditSeal.objects.select_for_update().order_by("-number").first()
        if last is None:
            last = _genesis()
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(SETTLED_TRANSACTIONS)
                settled = cursor.fetchone()[0]
            txid_from = last.txid_to or 0
            members = AuditEvent.objects.filter(txid__gte=txid_from, txid__lt=settled)
            seal = AuditSeal(txid_from=txid_from, txid_to=settled, id_from=last.id_to)
        else:
            members = AuditEvent.objects.filter(pk__gt=last.id_to)
            seal = AuditSeal(id_from=last.id_to)
        tally = seal_tally(members)
        if tally.count == 0:
            return None
        seal.number = last.number + 1
        seal.sealed_at = now or timezone.now()
        seal.id_to = max(tally.largest, last.id_to)
        seal.count = tally.count
        seal.digest = tally.hexdigest()
        seal.previous_mac = last.mac
        seal.mac = seal.compute_mac()
        seal.save(force_insert=True)
        transaction.on_commit(lambda: checkpoints.write(seal))
    return seal


def _genesis() -> AuditSeal:
    """The seal every chain starts from: number 0, nothing sealed, a fixed MAC."""
    genesis = AuditSeal(number=0, sealed_at=timezone.now(), digest=GENESIS_MAC, previous_mac=GENESIS_MAC)
    genesis.txid_from = genesis.txid_to = 0 if connection.vendor == "postgresql" else None
    genesis.mac = GENESIS_MAC
    genesis.save(force_insert=True)
    return AuditSeal.objects.select_for_update().get(pk=genesis.pk)


def seal_tally(members: QuerySet[AuditEvent]) -> SealTally:
    tally = SealTally()
    for pk, mac in members.order_by("pk").values_list("pk", "mac").iterator(chunk_size=10_000):
        tally.add(pk, mac)
    return tally


def seal_audit_job(now: datetime.datetime) -> int:
    """The `tick` job: how many events it sealed."""
    seal = audit_seal(now)
    return seal.count if seal else 0

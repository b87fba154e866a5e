from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from concord.audit import context
from concord.audit.choices import AuditAction, audit_actions
from concord.audit.models import AuditChainHead, AuditEvent

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
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=actor,
            agency=agency,
            action=str(action),
            object_type=object_type,
            object_id=str(object_id) if object_id != "" else "",
            case_id=case_id,
            ip_address=context.current().ip_address,
            details=details,
            previous_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from concord.accounts.capabilities import Capability
from concord.audit.choices import AuditAction
from concord.audit.services import audit_record
from concord.territory.models import Territory


@transaction.atomic
def territory_save(*, actor, territory: Territory, changed_fields: list[str]) -> Territory:
    if not actor.has_capability(Capability.MANAGE_TERRITORIES):
        raise PermissionDenied
    territory.save()
    audit_record(
        action=AuditAction.TERRITORY_UPDATED,
        actor=actor,
        target=territory,
        details={"code": territory.code, "fields": sorted(changed_fields)},
    )
    return territory

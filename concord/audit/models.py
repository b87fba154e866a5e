"""The audit log: append-only, each event under a keyed MAC, sealed in batches into a keyed chain.

Appending takes no lock: an event is one INSERT carrying the MAC of its content (AUDIT_MAC_KEY, which the database
does not hold). The `seal_audit` job (run by `tick`) then seals the events whose transactions have ended into an
AuditSeal: a digest of their ids and MACs, chained to the previous seal under the same key. Each seal is also
written as a checkpoint outside the database (concord.audit.checkpoints), for the operator to ship off the machine.
`manage.py verify_audit` finds edited events (MAC), deleted, inserted or reordered ones (seal digest), rewritten
seals (chain MAC) and seals cut from the end (the checkpoints); with --incremental it checks only what is new.

Which events a seal takes: on PostgreSQL, every event records the id of the transaction that wrote it (a trigger
fills `txid`), and a seal takes the events of transactions that had ended when it was made: those between the
previous seal's `txid_to` and the oldest transaction still running. Events of a transaction still open wait for the
next seal, so no event is ever skipped, whatever order concurrent requests commit in. SQLite has one writer at a
time: a seal takes the events after the previous seal's last id.
Events carry identifiers and codes only, never personal data.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.audit.choices import audit_actions

GENESIS_MAC = "0" * 64


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """For the audit log's events and seals: written once, never changed or removed through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    # A code registered in concord.audit.choices.audit_actions (by this app or the app that writes it).
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    mac = models.CharField(max_length=64, editable=False, db_index=True)
    # The writing transaction's id (PostgreSQL, set by a trigger): which seal takes the event.
    txid = models.BigIntegerField(null=True, editable=False, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def sequence(self) -> int:
        """The event's place in the log: ids rise in the order events were written."""
        return self.pk

    @property
    def action_label(self) -> str:
        return audit_actions.label(self.action)

    def canonical_payload(self) -> bytes:
        payload = {
            # In UTC, as the database gives it back, whatever zone the writer's time was in.
            "occurred_at": self.occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "agency": self.agency_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "case": self.case_id,
            "ip": self.ip_address,
            "details": self.details,
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()

    def compute_mac(self) -> str:
        return audit_mac(self.canonical_payload())


def audit_mac(message: bytes) -> str:
    key = settings.AUDIT_MAC_KEY
    if not key:
        raise ImproperlyConfigured("AUDIT_MAC_KEY is empty: set a random key of its own for the audit log.")
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


class SealTally:
    """The digest of a seal's events, their ids and MACs in id order, and how many there are."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.count = self.largest = 0

    def add(self, pk: int, mac: str) -> None:
        self._digest.update(f"{pk}:{mac}\n".encode())
        self.count += 1
        self.largest = pk

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class AuditSeal(models.Model):
    """One batch of events sealed into the chain: which events (a transaction range on PostgreSQL, an id range on
    SQLite), how many, the digest of their ids and MACs, and the MAC that chains it to the seal before."""

    number = models.PositiveBigIntegerField(unique=True, editable=False)
    sealed_at = models.DateTimeField(editable=False)
    txid_from = models.BigIntegerField(null=True, editable=False)
    txid_to = models.BigIntegerField(null=True, editable=False)
    id_from = models.BigIntegerField(default=0, editable=False)  # exclusive
    id_to = models.BigIntegerField(default=0, editable=False)  # inclusive; the largest id sealed so far
    count = models.PositiveBigIntegerField(default=0, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    previous_mac = models.CharField(max_length=64, editable=False)
    mac = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"seal {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit seals cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit seals cannot be deleted.")

    def canonical_payload(self) -> bytes:
        fields = (self.number, self.previous_mac, self.txid_from, self.txid_to, self.id_from, self.id_to)
        return "|".join(str(value) for value in (*fields, self.count, self.digest)).encode()

    def compute_mac(self) -> str:
        return audit_mac(self.canonical_payload())

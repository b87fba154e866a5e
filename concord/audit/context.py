"""Where the current action comes from, for the audit log: set once per request (or command) instead of being
passed as `request=` through every service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class AuditContext:
    """What an audit event records about its origin besides the actor: codes and addresses, no personal data."""

    ip_address: str | None = None
    # "web", "api" or "system" (commands, the periodic tick).
    channel: str = "system"


_NOWHERE = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("concord_audit_context", default=None)


def current() -> AuditContext:
    return _current.get() or _NOWHERE


def from_request(request: HttpRequest) -> AuditContext:
    channel = "api" if request.path.startswith("/api/") else "web"
    return AuditContext(ip_address=request.META.get("REMOTE_ADDR") or None, channel=channel)


@contextmanager
def bound(context: AuditContext) -> Iterator[AuditContext]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)

"""The permission matrix: every endpoint × every persona, with the statuses each may get.

Later apps add rows. A row lists the personas that may use the endpoint; everyone else must be refused (403 for
a feature their role lacks, 404 for an object outside their scope, 302 to the login page when signed out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from concord.common.testing.personas import Cast


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[Cast], str]
    allowed: frozenset[str]
    method: str = "get"
    data: Callable[[Cast], dict] | None = None
    # Statuses that count as "allowed" (a form page answers 200, a POST may redirect).
    ok: frozenset[int] = frozenset({200})
    denied: frozenset[int] = frozenset({403, 404})


def endpoint(name: str, url: Callable[[Cast], str], allowed: set[str] | frozenset[str], **kwargs) -> Endpoint:
    return Endpoint(name=name, url=url, allowed=frozenset(allowed), **kwargs)

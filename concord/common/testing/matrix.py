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


def perform(client, spec: Endpoint, cast: Cast):
    import json

    url = spec.url(cast)
    data = spec.data(cast) if spec.data else {}
    if spec.method == "get":
        return client.get(url)
    if spec.method == "post" and not url.startswith("/api/"):
        return client.post(url, data)
    return client.generic(spec.method.upper(), url, data=json.dumps(data), content_type="application/json")


def check(response, spec: Endpoint, persona: str) -> None:
    if persona in spec.allowed:
        assert response.status_code in spec.ok, f"{persona} refused {spec.name}: {response.status_code}"
    else:
        assert response.status_code in spec.denied, f"{persona} reached {spec.name}: {response.status_code}"


def check_anonymous(response, spec: Endpoint) -> None:
    """Signed out: the API answers 401 with a token challenge (it accepts session cookies and "Authorization:
    Token …"); HTML pages send the browser to the login page."""
    if spec.name.startswith("api"):
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token", spec.name
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], spec.name

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


def case_scoped_models() -> list[type]:
    """Every model that belongs to a case and answers through the shared scoped queryset."""
    from django.apps import apps

    from concord.cases.scoping import CaseScopedQuerySet

    return [model for model in apps.get_models() if isinstance(model._default_manager.all(), CaseScopedQuerySet)]


def check_case_scoped_rows(user) -> int:
    """For every case-scoped model: the rows `visible_to(user, action)` returns are exactly the rows of the cases
    the user may reach for that action, without the sensitive rows of cases whose sensitive sections are hidden.
    Returns how many rows were checked, so that a caller can tell an empty scene from a passing one."""
    from django.db.models import Q

    from concord.cases.models import Case

    checked = 0
    for model in case_scoped_models():
        path = getattr(model, "case_path", "case")
        sensitive_field = getattr(model, "sensitive_field", None)
        for action in ("view", "edit", "sensitive", "summary"):
            cases = set(Case.objects.visible_to(user, action).values_list("pk", flat=True))
            open_cases = set(Case.objects.visible_to(user, "sensitive").values_list("pk", flat=True))
            expected = model._default_manager.filter(**{f"{path}__in": cases})
            if sensitive_field and action != "sensitive":
                expected = expected.filter(Q(**{sensitive_field: False}) | Q(**{f"{path}__in": open_cases}))
            got = set(model._default_manager.visible_to(user, action).values_list("pk", flat=True))
            assert got == set(expected.values_list("pk", flat=True)), (model.__name__, action)
            checked += len(got)
    return checked

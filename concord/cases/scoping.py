"""The one place that decides which case data a user may reach (DESIGN.md, "The choke point").

`Case.objects.visible_to(user, action)` answers for cases; every model that hangs off a case declares
`objects = CaseScopedQuerySet.as_manager()` (with `case_path` when the case is further away, and
`sensitive_field` when some rows are sensitive) and answers through the same rule. Single objects are fetched with
`get_for`, which raises 404 outside the scope (never 403: that would confirm the object exists).

Actions:
- "view": the case and its rows; sensitive rows only where the user may see the sensitive sections.
- "edit": as "view", for users whose role edits cases.
- "sensitive": only cases (and rows) whose sensitive sections the user may see: the owning agency, agencies
  granted them by consent, an open emergency access.
- "summary": a summary of the case, as a monitoring-group member sees it: whoever may view the case, plus what
  modules add through `register_scope` (the groups module: cases on the agenda of the member's group).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from concord.accounts.capabilities import Capability

if TYPE_CHECKING:
    from concord.accounts.models import User

VIEW, EDIT, SENSITIVE, SUMMARY = "view", "edit", "sensitive", "summary"
ACTIONS = frozenset({VIEW, EDIT, SENSITIVE, SUMMARY})

# Extra conditions under which a user may reach a case for an action, added by modules: (user, action) → a
# condition over Case, or None when the module grants nothing.
ScopeExtension = Callable[[Any, str], Any]
_extensions: list[ScopeExtension] = []


def register_scope(extension: ScopeExtension) -> None:
    if extension not in _extensions:
        _extensions.append(extension)


def _case_model():
    return apps.get_model("cases", "Case")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: User, action: str = VIEW) -> CaseQuerySet:
        """Exactly the cases `user` may reach for `action`. Every case-related list goes through here.

        Involved agencies (owner, accepted referral, explicit share) see their cases; coordinators see every case
        in their jurisdiction; an active break-glass grant opens one case for a limited time. Analysts, admins
        and auditors see none."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        membership = user.membership
        if membership is None:
            return self.none()
        capabilities = membership.capabilities
        if action == EDIT and Capability.EDIT_CASES not in capabilities:
            return self.none()
        condition: Any = _reach(user, membership, capabilities)
        if action == SENSITIVE:
            return self.filter(condition).filter(_sensitive(user, membership.agency))
        if action == SUMMARY:
            for extension in _extensions:
                extra = extension(user, action)
                if extra is not None:
                    condition |= extra
        return self.filter(condition)


def _reach(user: User, membership, capabilities) -> Any:
    from concord.accounts.selectors import membership_jurisdiction
    from concord.territory.selectors import territory_descendants_q

    involvement = apps.get_model("cases", "Involvement")
    grant = apps.get_model("cases", "BreakGlassAccess")
    condition: Any = Q(pk__in=[])  # Q | Exists is a Combinable, which filter() accepts
    if Capability.VIEW_INVOLVED_CASES in capabilities:
        involved = involvement.objects.filter(case=OuterRef("pk"), agency=membership.agency, ended_at__isnull=True)
        condition |= Exists(involved)
    if Capability.VIEW_JURISDICTION_CASES in capabilities:
        condition |= territory_descendants_q(membership_jurisdiction(membership), field="territory__")
    condition |= Exists(grant.objects.filter(case=OuterRef("pk"), user=user, expires_at__gt=timezone.now()))
    return condition


def _sensitive(user: User, agency) -> Any:
    """The sensitive sections: for the owning agency, agencies granted them by consent, an open emergency access."""
    involvement = apps.get_model("cases", "Involvement")
    grant = apps.get_model("cases", "BreakGlassAccess")
    granted = involvement.objects.filter(
        case=OuterRef("pk"), agency=agency, ended_at__isnull=True, sensitive_access=True
    )
    emergency = grant.objects.filter(case=OuterRef("pk"), user=user, expires_at__gt=timezone.now())
    return Q(owning_agency=agency) | Exists(granted) | Exists(emergency)


class CaseScopedQuerySet(models.QuerySet):
    """The queryset of every model that belongs to a case. The model says how to reach its case (`case_path`,
    default "case") and which boolean marks a sensitive row (`sensitive_field`, default none)."""

    def visible_to(self, user: User, action: str = VIEW) -> models.QuerySet:
        path = getattr(self.model, "case_path", "case")
        cases = _case_model().objects
        rows = self.filter(**{f"{path}__in": cases.visible_to(user, action)})
        sensitive_field = getattr(self.model, "sensitive_field", None)
        if sensitive_field and action != SENSITIVE:
            rows = rows.filter(Q(**{sensitive_field: False}) | Q(**{f"{path}__in": cases.visible_to(user, SENSITIVE)}))
        return rows


def get_for(source: Any, user: User, pk: Any, action: str = VIEW):
    """One object within the user's scope for `action`, or 404: out of scope, missing and malformed ids answer
    alike. `source` is a case-scoped model or a queryset of one (with its select_related)."""
    queryset: Any = source._default_manager.all() if isinstance(source, type) else source  # type: ignore[attr-defined]
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = queryset.visible_to(user, action).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj

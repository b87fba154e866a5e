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

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from concord.accounts.capabilities import Capability

if TYPE_CHECKING:
    from concord.accounts.models import User

VIEW, EDIT, SENSITIVE, SUMMARY = "view", "edit", "sensitive", "summary"
ACTIONS = frozenset({VIEW, EDIT, SENSITIVE, SUMMARY})
# The order of every case list: newest first, the id breaking ties.
NEWEST_FIRST = ("-opened_at", "-pk")

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
    def visible_to(self, user: User, action: str = VIEW, *, among: Collection[int] | None = None) -> CaseQuerySet:
        """Exactly the cases `user` may reach for `action`. Every case-related list goes through here.

        Involved agencies (owner, accepted referral, explicit share) see their cases; coordinators see every case
        in their jurisdiction; an active break-glass grant opens one case for a limited time. Analysts, admins
        and auditors see none.

        Each way in is its own index lookup, and the case ids they give are combined with UNION ALL: one condition
        that ORs them together would make the database read every case in the country to test each. `among`
        (a page's or one object's case ids) restricts every lookup to those cases, so that checking a few cases
        costs the same for a reader of fifty cases and for one of fifty thousand."""
        return _visible(self, user, action, among, ids_only=False)

    def visible_first(self, user: User, action: str = VIEW, *, limit: int, oldest_first: bool = False) -> list[int]:
        """The ids of the first `limit` cases of this (filtered) queryset that `user` may reach for `action`,
        newest first (or oldest first): exactly `self.visible_to(user, action).order_by(*NEWEST_FIRST)[:limit]`,
        found without reading every case the user may see. Each way in gives its own first `limit` along its
        index and the first of those are the answer, so a page of a coordinator's 20,000 cases costs what a page
        of 200 does."""
        if action not in {VIEW, EDIT}:
            # The sensitive sections and the summary combine their ways in differently; their lists are short.
            first = self.visible_to(user, action).order_by(*_in_order(oldest_first))
            return list(first.values_list("pk", flat=True)[:limit])
        reader = _reader(user, action)
        if reader is None:
            return []
        membership, capabilities = reader
        granted, *ways = _first_by_way_in(self, user, membership, capabilities, oldest_first)
        rows: set[tuple[Any, int]] = set(granted.values_list("opened_at", "pk").distinct()[:limit])
        if not rows and len(ways) == 1:
            # One way in (a caseworker's agency, most often): its order is the answer, no merging, no times read.
            return list(ways[0].values_list("pk", flat=True)[:limit])
        for way in ways:
            rows.update(way.values_list("opened_at", "pk")[:limit])
        return [pk for _opened, pk in sorted(rows, reverse=not oldest_first)[:limit]]


def _in_order(oldest_first: bool, *fields: str) -> tuple[str, ...]:
    """The list order (NEWEST_FIRST, or its reverse) over `fields` standing for opened_at and pk."""
    fields = fields or ("opened_at", "pk")
    return fields if oldest_first else tuple(f"-{field}" for field in fields)


def _restricted(parts: list[models.QuerySet], among: Collection[int] | None) -> list[models.QuerySet]:
    """Each way in, looked up for the cases `among` alone (each part is a list of case ids: `case_id` of a row
    pointing at a case, or the case's own `pk`)."""
    if among is None:
        return parts
    ids = list(among)
    return [part.filter(**{"pk__in" if part.model is _case_model() else "case_id__in": ids}) for part in parts]


def _union(parts: list[models.QuerySet]) -> models.QuerySet:
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def _reach(user: User, membership, capabilities) -> list[models.QuerySet]:
    """The case ids each way in gives: involvement of the user's agency, the coordinator's jurisdiction, the
    user's open emergency accesses."""
    involvement = apps.get_model("cases", "Involvement")
    grant = apps.get_model("cases", "BreakGlassAccess")
    parts = [grant.objects.filter(user=user, expires_at__gt=timezone.now()).order_by().values_list("case_id")]
    if Capability.VIEW_INVOLVED_CASES in capabilities:
        involved = involvement.objects.filter(agency=membership.agency, ended_at__isnull=True)
        parts.append(involved.order_by().values_list("case_id"))
    if Capability.VIEW_JURISDICTION_CASES in capabilities:
        units = _jurisdiction_units(membership)
        parts.append(_case_model().objects.filter(territory_id__in=units).order_by().values_list("pk"))
    return parts


def _jurisdiction_units(membership) -> list[int]:
    """The ids of the territorial units a coordinator covers, read once per request. Passed as values: given a
    subquery, the planner expects a few cases and scans the whole country's; given the ids, it reads the cases
    through the territory index."""
    from concord.accounts.selectors import membership_jurisdiction
    from concord.territory.selectors import territory_descendants_q

    units = getattr(membership, "_jurisdiction_unit_ids", None)
    if units is None:
        territory = apps.get_model("territory", "Territory")
        covered = territory.objects.filter(territory_descendants_q(membership_jurisdiction(membership)))
        units = membership._jurisdiction_unit_ids = list(covered.values_list("pk", flat=True))
    return units


def _first_by_way_in(cases: models.QuerySet, user: User, membership, capabilities, oldest_first: bool):
    """`_reach` again, as `cases` in list order, each read along its own index (the emergency accesses first): the
    agency's involvements by the opening time copied onto them, the jurisdiction's cases by territory and opening
    time. The two must grant the same cases (test_national proves it on generated data)."""
    order = _in_order(oldest_first)
    grants = cases.filter(break_glass_grants__user=user, break_glass_grants__expires_at__gt=timezone.now())
    parts = [grants.order_by(*order)]
    if Capability.VIEW_INVOLVED_CASES in capabilities:
        involved = cases.filter(involvements__agency=membership.agency, involvements__ended_at__isnull=True)
        parts.append(
            involved.order_by(*_in_order(oldest_first, "involvements__case_opened_at", "involvements__case_id"))
        )
    if Capability.VIEW_JURISDICTION_CASES in capabilities:
        parts.append(cases.filter(territory_id__in=_jurisdiction_units(membership)).order_by(*order))
    return parts


def _sensitive(user: User, agency) -> list[models.QuerySet]:
    """The sensitive sections: for the owning agency, agencies granted them by consent, an open emergency access."""
    involvement = apps.get_model("cases", "Involvement")
    grant = apps.get_model("cases", "BreakGlassAccess")
    granted = involvement.objects.filter(agency=agency, ended_at__isnull=True, sensitive_access=True)
    return [
        _case_model().objects.filter(owning_agency=agency).order_by().values_list("pk"),
        granted.order_by().values_list("case_id"),
        grant.objects.filter(user=user, expires_at__gt=timezone.now()).order_by().values_list("case_id"),
    ]


class CaseScopedQuerySet(models.QuerySet):
    """The queryset of every model that belongs to a case. The model says how to reach its case (`case_path`,
    default "case") and which boolean marks a sensitive row (`sensitive_field`, default none)."""

    def visible_to(self, user: User, action: str = VIEW, *, among: Collection[int] | None = None) -> models.QuerySet:
        """As Case.objects.visible_to, for rows; `among` restricts it to the rows of these cases."""
        path = getattr(self.model, "case_path", "case")
        cases = _case_model().objects
        rows = self.filter(**{f"{path}__in": _visible(cases.all(), user, action, among, ids_only=True)})
        sensitive_field = getattr(self.model, "sensitive_field", None)
        if sensitive_field and action != SENSITIVE:
            open_cases = cases.visible_to(user, SENSITIVE, among=among)
            rows = rows.filter(Q(**{sensitive_field: False}) | Q(**{f"{path}__in": open_cases}))
        return rows


def _reader(user: User, action: str) -> tuple[Any, frozenset] | None:
    """The membership and capabilities through which `user` reaches cases for `action`; None when they reach none
    (signed out, deactivated, without a membership, or editing without a role that edits)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    membership = user.membership
    if membership is None:
        return None
    capabilities = membership.capabilities
    if action == EDIT and Capability.EDIT_CASES not in capabilities:
        return None
    return membership, capabilities


def _visible(cases: Any, user: User, action: str, among: Collection[int] | None, *, ids_only: bool) -> Any:
    """Case.objects.visible_to; with `ids_only`, for rows that point at cases, the ids alone: for viewing and
    editing the union of the ways in itself, without reading each case's own row to get its id back."""
    reader = _reader(user, action)
    if reader is None:
        return cases.none()
    membership, capabilities = reader
    cases = cases if among is None else cases.filter(pk__in=list(among))
    if cases.query.where and action in {VIEW, EDIT} and not ids_only:
        # A filtered list (reviews due, a lead worker's cases): the filter goes into each way in, where the way's
        # own index narrows it (the jurisdiction's cases by territory and review date), instead of being tested
        # on every case the reader may see.
        ways = _first_by_way_in(cases, user, membership, capabilities, oldest_first=False)
        return cases.filter(pk__in=_union([way.order_by().values_list("pk") for way in ways]))
    reach = _union(_restricted(_reach(user, membership, capabilities), among))
    if ids_only and action in {VIEW, EDIT}:
        return reach
    if action == SENSITIVE:
        sensitive = _union(_restricted(_sensitive(user, membership.agency), among))
        return cases.filter(pk__in=reach).filter(pk__in=sensitive)
    condition: Any = Q(pk__in=reach)
    if action == SUMMARY:
        for extension in _extensions:
            extra = extension(user, action)
            if extra is not None:
                condition |= extra
    return cases.filter(condition)


def get_for(source: Any, user: User, pk: Any, action: str = VIEW):
    """One object within the user's scope for `action`, or 404: out of scope, missing and malformed ids answer
    alike. `source` is a case-scoped model or a queryset of one (with its select_related)."""
    queryset: Any = source._default_manager.all() if isinstance(source, type) else source  # type: ignore[attr-defined]
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    # The object's case first (one indexed read), then the scope checked for that case alone.
    model = queryset.model
    path = "pk" if model is _case_model() else getattr(model, "case_path", "case")
    case_id = model._default_manager.filter(pk=pk).values_list(path, flat=True).first()
    if case_id is None:
        raise Http404
    obj = queryset.visible_to(user, action, among=[case_id]).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj

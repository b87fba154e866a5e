"""Object rules of the case register, as `rules` predicates: one definition each, used by services, views,
templates ({% has_perm %}) and the API alike. Capabilities come from the role table (accounts.capabilities); the
predicates add the object's conditions. Scope (whether the user may see the case at all) is decided first by
Case.objects.visible_to; these rules never widen it."""

from __future__ import annotations

import rules

from concord.accounts.capabilities import Capability
from concord.common.transactions import operation_memo


@rules.predicate
def is_owning_agency(user, case) -> bool:
    agency = getattr(user, "agency", None)
    return case is not None and agency is not None and agency.pk == case.owning_agency_id


@rules.predicate
def is_owning_supervisor(user, case) -> bool:
    """A supervisor of the agency that owns the case: approves its closure and plan, confirms a lowered risk level,
    reads its access log."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.has_capability(Capability.APPROVE_CASE_DECISIONS) and is_owning_agency(user, case)
    )


@rules.predicate
def may_edit_case(user, case) -> bool:
    """The user may change the case: it is within their scope for editing (involved agency, coordinator of the
    district, or an open emergency access) and their role edits cases."""
    from concord.cases.models import Case

    if case is None or not getattr(user, "is_authenticated", False):
        return False
    # Within one operation (intake: open, add people, record the incident) the answer is looked up once. Only a
    # yes is kept: an operation that takes access away must not be answered from before it did.
    memo = operation_memo()
    key = ("may_edit_case", user.pk, case.pk)
    if memo is not None and memo.get(key):
        return True
    allowed = Case.objects.visible_to(user, "edit", among=[case.pk]).exists()
    if memo is not None and allowed:
        memo[key] = True
    return allowed


@rules.predicate
def may_review_duplicates(user, person) -> bool:
    """A supervisor of the agency that registered the person: sees her possible duplicates, merges and dismisses
    them."""
    agency = getattr(user, "agency", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and person is not None
        and agency is not None
        and user.has_capability(Capability.APPROVE_CASE_DECISIONS)
        and person.registered_by_agency_id == agency.pk
    )


rules.add_perm("cases.edit_case_object", may_edit_case)
rules.add_perm("cases.approve_case", is_owning_supervisor)
rules.add_perm("cases.view_access_log", is_owning_supervisor)
rules.add_perm("cases.set_lead_worker", may_edit_case & is_owning_agency)
rules.add_perm("cases.move_case", may_edit_case & is_owning_agency)
rules.add_perm("people.review_duplicates", may_review_duplicates)

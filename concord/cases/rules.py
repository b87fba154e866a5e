"""Object rules of the case register, as `rules` predicates: one definition each, used by services, views,
templates ({% has_perm %}) and the API alike. Capabilities come from the role table (accounts.capabilities); the
predicates add the object's conditions. Scope (whether the user may see the case at all) is decided first by
Case.objects.visible_to; these rules never widen it."""

from __future__ import annotations

import rules

from concord.accounts.capabilities import Capability


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

    return (
        case is not None
        and bool(getattr(user, "is_authenticated", False))
        and Case.objects.visible_to(user, "edit", among=[case.pk]).exists()
    )


rules.add_perm("cases.edit_case_object", may_edit_case)
rules.add_perm("cases.approve_case", is_owning_supervisor)
rules.add_perm("cases.view_access_log", is_owning_supervisor)
rules.add_perm("cases.set_lead_worker", may_edit_case & is_owning_agency)

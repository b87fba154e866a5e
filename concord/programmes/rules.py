"""Object conditions of the programmes module. A provider's staff work on their own programme's enrolments without
reaching the case; the case's agencies request, choose and withdraw."""

from __future__ import annotations

from typing import Any

import rules

from concord.accounts.capabilities import Capability


@rules.predicate
def is_provider_staff(user: Any, programme: Any) -> bool:
    """A member of staff of the agency that runs the programme, in a role that records casework."""
    if programme is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    membership = user.membership
    return (
        membership is not None
        and membership.agency_id == programme.provider_id
        and Capability.EDIT_CASES in membership.capabilities
    )


@rules.predicate
def may_manage_programmes(user: Any, agency: Any) -> bool:
    """A supervisor of an agency whose kind may run a programme type of the country sets up its programmes."""
    from concord.programmes.selectors import provider_kinds

    if agency is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    membership = user.membership
    return (
        membership is not None
        and membership.agency_id == agency.pk
        and Capability.APPROVE_CASE_DECISIONS in membership.capabilities
        and agency.kind.code in provider_kinds(agency.territory.country_code)
    )

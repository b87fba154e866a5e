"""Object conditions of the programmes module. A provider's staff work on their own programme's enrolments without
reaching the case; the case's agencies request, choose and withdraw; an agency's trainers keep its training plans."""

from __future__ import annotations

from typing import Any

import rules

from concord.accounts.capabilities import Capability


def _acts_for(user: Any, agency_id: int | None, capability: Capability) -> bool:
    """The user acts, now, for this agency in a role that has the capability."""
    if agency_id is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    membership = user.membership
    return membership is not None and membership.agency_id == agency_id and capability in membership.capabilities


@rules.predicate
def is_provider_staff(user: Any, programme: Any) -> bool:
    """A member of staff of the agency that runs the programme, in a role that records casework."""
    return programme is not None and _acts_for(user, programme.provider_id, Capability.EDIT_CASES)


@rules.predicate
def may_manage_programmes(user: Any, agency: Any) -> bool:
    """A supervisor of an agency whose kind may run a programme type of the country sets up its programmes."""
    from concord.programmes.selectors import provider_kinds

    return (
        agency is not None
        and _acts_for(user, agency.pk, Capability.APPROVE_CASE_DECISIONS)
        and agency.kind.code in provider_kinds(agency.territory.country_code)
    )


@rules.predicate
def may_run_trainings(user: Any, agency: Any) -> bool:
    """Staff of an agency who organise its trainings: its plans, sessions and attendance sheets."""
    return agency is not None and _acts_for(user, agency.pk, Capability.RUN_TRAININGS)

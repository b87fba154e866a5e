"""Permission predicates for accounts. Capabilities come from the role table; the predicates add the object
conditions (the same agency, for instance)."""

from __future__ import annotations

import rules

from concord.accounts.capabilities import Capability


def has_capability(capability: Capability) -> rules.Predicate:
    @rules.predicate(name=f"has_{capability.value}")
    def predicate(user) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_capability(capability)

    return predicate


@rules.predicate
def shares_agency(actor, target) -> bool:
    if target is None or actor.agency is None:
        return False
    return target.memberships.filter(agency=actor.agency).exists()


for _capability in Capability:
    rules.add_perm(_capability.value, has_capability(_capability))

rules.add_perm(
    "accounts.manage_user",
    has_capability(Capability.MANAGE_ALL_USERS) | (has_capability(Capability.MANAGE_AGENCY_USERS) & shares_agency),
)

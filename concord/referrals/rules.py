"""Object conditions of referrals, shared by services, views, templates and the API."""

from __future__ import annotations

import rules

from concord.accounts.capabilities import Capability


def _edits(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(Capability.EDIT_CASES))


@rules.predicate
def is_receiving_worker(user, referral) -> bool:
    """A worker of the agency the referral was sent to: accepts, declines, records contact, completes."""
    return _edits(user) and user.agency is not None and user.agency.pk == referral.to_agency_id


@rules.predicate
def may_withdraw_referral(user, referral) -> bool:
    """The worker who sent it, or a supervisor of the sending agency: revokes or reassigns."""
    if not _edits(user) or user.agency is None or user.agency.pk != referral.from_agency_id:
        return False
    return user.pk == referral.sent_by_id or user.has_capability(Capability.APPROVE_CASE_DECISIONS)


@rules.predicate
def may_update_places(user, service) -> bool:
    """The agency's own case staff keep its shelter's free places up to date."""
    return _edits(user) and user.agency is not None and user.agency.pk == service.agency_id

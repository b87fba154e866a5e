"""Who may do what in a monitoring group. The chair and the secretary run it, with the coordinators whose
jurisdiction covers its territory; the named representatives and deputies of its member agencies sit on it."""

from __future__ import annotations

from typing import Any

from concord.accounts.capabilities import Capability
from concord.accounts.selectors import membership_jurisdiction
from concord.groups.models import Group, Meeting, Member


def covers(user: Any, group: Group) -> bool:
    """A coordinator whose jurisdiction covers the group's territory."""
    membership = getattr(user, "membership", None)
    if membership is None or Capability.VIEW_JURISDICTION_CASES not in membership.capabilities:
        return False
    return any(group.territory.path.startswith(unit.path) for unit in membership_jurisdiction(membership))


def may_manage_group(user: Any, group: Group) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk in (group.chair_id, group.secretary_id) or covers(user, group)


def seat_of(user: Any, group: Group) -> Member | None:
    """The member agency the user represents (or deputises for) on the group."""
    return (
        Member.objects.filter(group=group, left_on__isnull=True, agency__is_active=True)
        .filter(representative=user)
        .first()
        or Member.objects.filter(group=group, left_on__isnull=True, deputy=user).first()
    )


def sits_on_group(user: Any, group: Group) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk in (group.chair_id, group.secretary_id) or seat_of(user, group) is not None


def may_read_group(user: Any, group: Group) -> bool:
    return may_manage_group(user, group) or sits_on_group(user, group)


def attends(user: Any, meeting: Meeting) -> bool:
    """Sits on the meeting's group, or attended it as a substitute."""
    return sits_on_group(user, meeting.group) or meeting.attendances.filter(attendee=user).exists()


def may_approve_minutes(user: Any, meeting: Meeting) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk == meeting.group.chair_id

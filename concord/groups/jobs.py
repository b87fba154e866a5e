"""Periodic jobs of the monitoring-group module (run by `manage.py tick`): action owners are reminded before the due
date (the pack's days) and once it has passed; the secretary and the chair are reminded when the minutes are late.
Each reminder has a key, so a second run sends nothing new. A case whose move the groups module did not hear of
(its handler failed) has its open actions passed on here."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from concord.cases.models import Case
from concord.countries.clock import country_local_date
from concord.groups.choices import ActionStatus, GroupsNotification, MeetingStatus
from concord.groups.models import Action, GroupRules, Meeting
from concord.groups.services import action_recipients, case_transfer
from concord.notifications.services import notify

BATCH = 2000


def remind_actions(now: datetime.datetime) -> int:
    created = 0
    reminder_days = {
        rules.kind_id: rules.action_reminder_days for rules in GroupRules.objects.order_by("kind", "effective_from")
    }
    horizon = max((max(days, default=0) for days in reminder_days.values()), default=0)
    # Due dates are days of the group's country; one day either side covers every time zone.
    today = now.date()
    soon = Action.objects.filter(
        status=ActionStatus.OPEN, due_on__lte=today + datetime.timedelta(days=horizon + 1)
    ).select_related("group__territory", "responsible", "case")
    for action in soon.order_by("due_on", "pk")[:BATCH]:
        local_today = country_local_date(action.group.territory.country_code, now)
        days_left = (action.due_on - local_today).days
        if days_left < 0:
            kind, key = GroupsNotification.ACTION_OVERDUE, f"group-action-overdue:{action.pk}"
        elif days_left in reminder_days.get(action.group.kind_id, []):
            kind, key = GroupsNotification.ACTION_DUE, f"group-action-due:{action.pk}:{days_left}"
        else:
            continue
        created += len(notify(recipients=action_recipients(action), kind=kind, case=action.case, key=key))
    return created


def remind_minutes(now: datetime.datetime) -> int:
    """Minutes not out by the end of the day the pack allows: the secretary and the chair, once."""
    created = 0
    late = Meeting.objects.filter(
        Q(status=MeetingStatus.HELD) | Q(status=MeetingStatus.MINUTES_APPROVED, minutes_distributed_at__isnull=True),
        minutes_due_on__lt=now.date() + datetime.timedelta(days=1),
    ).select_related("group__territory", "group__chair", "group__secretary")
    for meeting in late.order_by("minutes_due_on", "pk")[:BATCH]:
        due = meeting.minutes_due_on
        if due is None or country_local_date(meeting.group.territory.country_code, now) <= due:
            continue
        officers = [u for u in (meeting.group.secretary, meeting.group.chair) if u is not None]
        created += len(
            notify(recipients=officers, kind=GroupsNotification.MINUTES_LATE, key=f"group-minutes-late:{meeting.pk}")
        )
    return created


def transfer_moved_cases(now: datetime.datetime) -> int:
    """Open actions still held by a group whose territory no longer covers their case's go to the case's group."""
    stranded = (
        Action.objects.filter(status=ActionStatus.OPEN)
        .exclude(case__territory__path__startswith=F("group__territory__path"))
        .values_list("case_id", flat=True)
        .distinct()
    )
    moved = 0
    for case in Case.objects.filter(pk__in=list(stranded[:BATCH])).select_related("territory"):
        moved += case_transfer(actor=None, case=case)
    return moved

"""The monitoring-group module's work source: the actions groups gave the user's agency, still open, the soonest
due first (MINE: those naming the user; TEAM: the agency's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from concord.accounts.capabilities import Capability
from concord.common.worklist import MINE, WorkItem, WorkPage, WorkSource
from concord.groups.selectors import open_actions_of


def _actions(user, scope: str, limit: int) -> WorkPage:
    actions = open_actions_of(user.agency)
    if scope == MINE:
        actions = actions.filter(responsible=user)
    rows = list(actions.order_by("due_on", "pk")[:limit])
    today = timezone.localdate()
    items = [
        WorkItem(
            title=action.case.number,
            detail=Truncator(action.text).chars(120),
            url=reverse("groups:action_list"),
            due_on=action.due_on,
            overdue=action.due_on < today,
            level=action.case.risk_level,
            level_label=action.case.get_risk_level_display(),
        )
        for action in rows
    ]
    count = len(rows) if len(rows) < limit else actions.count()
    return WorkPage(items=items, count=count, more_url=reverse("groups:action_list"))


SOURCES = (
    WorkSource(
        name="group_actions",
        label=gettext_lazy("Actions from monitoring groups"),
        collect=_actions,
        applies=lambda user: user.has_capability(Capability.EDIT_CASES),
        order=25,
    ),
)

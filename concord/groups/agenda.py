"""The automatic agenda (DESIGN.md, "Monitoring groups"): the cases a meeting should discuss, each with the reasons
the pack's agenda rules give, computed from table state. Rules on facts of the case core (risk level, flagged
incidents) and of this module (overdue actions, families due for review) are read here; rules on another module's
facts (pathway proposals, protection gaps) through the AgendaSource it registers (concord.common.agenda)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concord.cases.choices import CaseStatus, RiskLevel
from concord.cases.models import Case, Incident
from concord.common import agenda as agenda_sources
from concord.countries.clock import country_local_date
from concord.groups.choices import ActionStatus, AgendaReason, MeetingStatus
from concord.groups.models import Action, AgendaItem, Family, Group, Meeting
from concord.territory.selectors import territory_descendants_q


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@dataclass
class Proposal:
    case_id: int
    reasons: list[dict[str, str]] = field(default_factory=list)
    family_id: int | None = None

    def add(self, code: str, detail: str) -> None:
        if code not in {row["code"] for row in self.reasons}:
            self.reasons.append({"code": code, "detail": detail})


def group_cases(group: Group) -> QuerySet[Case]:
    """The open cases of the group's territory."""
    return Case.objects.filter(territory_descendants_q([group.territory], field="territory__")).exclude(
        status=CaseStatus.CLOSED
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The group's last meeting before this one that took place (held, or its minutes approved)."""
    return (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            scheduled_at__lt=meeting.scheduled_at,
            status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED],
        )
        .exclude(pk=meeting.pk)
        .order_by("-scheduled_at")
        .first()
    )


Rule = Callable[[Meeting, QuerySet[Case], datetime.datetime | None, dict[str, Any]], dict[int, str]]


def _new_high_risk(meeting, cases, since, params) -> dict[int, str]:
    """Cases that reached the level since the last meeting (all at the level, before a group's first meeting)
    and have not been on an agenda since their assessment."""
    reached = cases.filter(risk_level__gte=params["min_level"], risk_assessed_at__isnull=False)
    if since is not None:
        reached = reached.filter(risk_assessed_at__gt=since)
    rows = reached.values_list("pk", "risk_level", "risk_assessed_at")
    discussed = _on_agenda_since(meeting, [pk for pk, _level, _at in rows])
    return {
        pk: _("Risk level %(level)s since %(day)s")
        % {"level": RiskLevel(level).label, "day": _day(country_local_date(meeting.group.territory.country_code, at))}
        for pk, level, at in rows
        if not (pk in discussed and discussed[pk] >= at)
    }


def _on_agenda_since(meeting: Meeting, case_ids: list[int]) -> dict[int, datetime.datetime]:
    """When each case was last put on another meeting's agenda."""
    latest: dict[int, datetime.datetime] = {}
    items = AgendaItem.objects.filter(case_id__in=case_ids).exclude(meeting=meeting)
    for case_id, added in items.exclude(meeting__status=MeetingStatus.CANCELLED).values_list("case_id", "added_at"):
        latest[case_id] = max(added, latest.get(case_id, added))
    return latest


def _flagged(flag: str) -> Rule:
    def rule(meeting, cases, since, params) -> dict[int, str]:
        incidents = Incident.objects.filter(case__in=cases, **{flag: True})
        if since is not None:
            incidents = incidents.filter(recorded_at__gt=since)
        counts: dict[int, int] = {}
        for case_id in incidents.values_list("case_id", flat=True):
            counts[case_id] = counts.get(case_id, 0) + 1
        if flag == "is_repeat":
            text = (
                "%(count)d repeat incident since the last meeting",
                "%(count)d repeat incidents since the last meeting",
            )
        else:
            text = "%(count)d incident signalling escalation", "%(count)d incidents signalling escalation"
        return {pk: ngettext(*text, count) % {"count": count} for pk, count in counts.items()}

    return rule


def _overdue_actions(meeting, cases, since, params) -> dict[int, str]:
    day = country_local_date(meeting.group.territory.country_code, meeting.scheduled_at)
    overdue = Action.objects.filter(group_id=meeting.group_id, status=ActionStatus.OPEN, due_on__lt=day)
    counts: dict[int, int] = {}
    for case_id in overdue.values_list("case_id", flat=True):
        counts[case_id] = counts.get(case_id, 0) + 1
    return {
        pk: ngettext("%(count)d action overdue", "%(count)d actions overdue", count) % {"count": count}
        for pk, count in counts.items()
    }


def _family_reviews(meeting: Meeting, params: dict[str, Any]) -> dict[int, tuple[int, str]]:
    day = country_local_date(meeting.group.territory.country_code, meeting.scheduled_at)
    due = Family.objects.filter(
        group_id=meeting.group_id,
        closed_on__isnull=True,
        review_on__lte=day + datetime.timedelta(days=params.get("within_days", 0)),
    )
    found: dict[int, tuple[int, str]] = {}
    for family_id, review_on, case_id in due.values_list("pk", "review_on", "cases"):
        if case_id is not None:
            found.setdefault(case_id, (family_id, _("Review due on %(day)s") % {"day": _day(review_on)}))
    return found


RULES: dict[str, Rule] = {
    AgendaReason.NEW_HIGH_RISK: _new_high_risk,
    AgendaReason.REPEAT: _flagged("is_repeat"),
    AgendaReason.ESCALATION: _flagged("is_escalation"),
    AgendaReason.OVERDUE_ACTIONS: _overdue_actions,
}


def compute(meeting: Meeting) -> list[Proposal]:
    """The cases the pack's rules put on the meeting's agenda, each with every reason that applies, in the order of
    the rules that found them."""
    previous = previous_meeting(meeting)
    since = previous.scheduled_at if previous else None
    cases = group_cases(meeting.group)
    proposals: dict[int, Proposal] = {}
    for row in meeting.rules.agenda:
        code = row["rule"]
        if code == AgendaReason.FAMILY_REVIEW:
            for case_id, (family_id, detail) in _family_reviews(meeting, row).items():
                proposal = proposals.setdefault(case_id, Proposal(case_id))
                proposal.add(code, detail)
                proposal.family_id = proposal.family_id or family_id
            continue
        rule = RULES.get(code)
        if rule is not None:
            found = rule(meeting, cases, since, row)
        else:
            source = agenda_sources.source(code)
            found = source.collect(cases, since) if source is not None else {}
        for case_id, detail in found.items():
            proposals.setdefault(case_id, Proposal(case_id)).add(code, detail)
    # Only open cases of the territory: a source answers about the cases it is given, but a family's may be
    # closed or moved.
    open_ids = set(cases.filter(pk__in=list(proposals)).values_list("pk", flat=True))
    return [proposal for case_id, proposal in proposals.items() if case_id in open_ids]

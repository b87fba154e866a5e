"""Reads of the monitoring-group module: the groups a user may open, a group's meetings, members and what its
composition lacks, a meeting with its agenda, the summaries the members see through the case scope's SUMMARY action,
an agency's open actions, the family register, and the figures the groups report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from concord.accounts.capabilities import Capability
from concord.accounts.models import Agency, User
from concord.accounts.selectors import membership_jurisdiction
from concord.cases.choices import ParticipantRole
from concord.cases.models import Case, Participant
from concord.cases.scoping import SUMMARY
from concord.groups.choices import ActionStatus, AgendaReason, MeetingStatus
from concord.groups.models import Action, AgendaItem, Family, Group, Meeting, Member
from concord.groups.rules import may_read_group
from concord.territory.selectors import territory_descendants_q


def groups_for(user: User) -> QuerySet[Group]:
    """The groups the user runs or sits on, and those a coordinator's jurisdiction covers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Group.objects.none()
    seats = Member.objects.filter(left_on__isnull=True).filter(Q(representative=user) | Q(deputy=user))
    condition = Q(chair=user) | Q(secretary=user) | Q(pk__in=seats.values("group_id"))
    membership = user.membership
    if membership is not None and Capability.VIEW_JURISDICTION_CASES in membership.capabilities:
        condition |= territory_descendants_q(membership_jurisdiction(membership), field="territory__")
    return (
        Group.objects.filter(condition, is_active=True)
        .select_related("kind", "territory", "chair", "secretary")
        .order_by("territory__path")
    )


def group_get_for(user: User, pk: Any) -> Group:
    try:
        group = Group.objects.select_related("kind", "territory", "chair", "secretary").get(pk=int(pk))
    except (TypeError, ValueError, Group.DoesNotExist):
        raise Http404 from None
    if not group.is_active or not may_read_group(user, group):
        raise Http404
    return group


def meeting_get_for(user: User, pk: Any) -> Meeting:
    try:
        meeting = Meeting.objects.select_related("group__kind", "group__territory", "rules").get(pk=int(pk))
    except (TypeError, ValueError, Meeting.DoesNotExist):
        raise Http404 from None
    if not may_read_group(user, meeting.group) and not meeting.attendances.filter(attendee=user).exists():
        raise Http404
    return meeting


def members_of(group: Group) -> list[Member]:
    return list(
        Member.objects.filter(group=group, left_on__isnull=True)
        .select_related("agency__kind", "representative", "deputy")
        .order_by("is_optional", "agency__name_en")
    )


@dataclass(frozen=True)
class Seat:
    agency_kind: str
    required: bool
    members: list[Member]
    missing_representative: bool


def composition(group: Group) -> list[Seat]:
    """The pack's composition against the group: each seat with the agencies that fill it, and which lack one or a
    named representative."""
    members = members_of(group)
    seats = []
    for row in group.kind.member_rows():
        filled = [m for m in members if m.agency.kind.code == row["agency_kind"]]
        seats.append(
            Seat(
                agency_kind=row["agency_kind"],
                required=row["required"],
                members=filled,
                missing_representative=bool(filled) and all(m.representative_id is None for m in filled),
            )
        )
    return seats


def meetings_of(group: Group) -> QuerySet[Meeting]:
    return group.meetings.annotate(item_count=Count("items")).order_by("-scheduled_at")


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The items in the secretary's order, each with `reason_rows`: {code, label, detail} for the page."""
    items = list(
        meeting.items.select_related("case__territory", "family")
        .prefetch_related("actions__owner", "actions__responsible", "contributions__agency")
        .order_by("position", "pk")
    )
    for item in items:
        item.reason_rows = reason_rows(item)  # type: ignore[attr-defined]
    return items


def reason_rows(item: AgendaItem) -> list[dict[str, str]]:
    return [
        {
            "code": row["code"],
            "label": str(AgendaReason(row["code"]).label) if row["code"] in AgendaReason.values else row["code"],
            "detail": row.get("detail", ""),
        }
        for row in item.reasons
    ]


def summary_cases(user: User, item_case_ids: list[int]) -> set[int]:
    """Of these cases, those whose summary the user may read now (the case scope's SUMMARY action)."""
    if not item_case_ids:
        return set()
    return set(Case.objects.visible_to(user, SUMMARY, among=item_case_ids).values_list("pk", flat=True))


def agenda_scope(user: Any, action: str) -> Q | None:
    """The case scope's extension (cases.scoping.register_scope): a case on an agenda of a group the user sits on
    (or attended for), from the time it was put there until the members' window closes."""
    if action != SUMMARY or not getattr(user, "is_authenticated", False):
        return None
    seats = Member.objects.filter(left_on__isnull=True).filter(Q(representative=user) | Q(deputy=user))
    officer = Group.objects.filter(Q(chair=user) | Q(secretary=user))
    items = AgendaItem.objects.filter(summary_until__gt=timezone.now()).filter(
        Q(meeting__group__in=seats.values("group_id"))
        | Q(meeting__group__in=officer.values("pk"))
        | Q(meeting__attendances__attendee=user)
    )
    return Q(pk__in=items.values("case_id"))


def open_actions_of(agency: Agency | None) -> QuerySet[Action]:
    """The actions an agency owns that are still open (its staff who work on cases record them)."""
    if agency is None:
        return Action.objects.none()
    return Action.objects.filter(owner=agency, status=ActionStatus.OPEN).select_related("case", "group__territory")


def outstanding_actions(meeting: Meeting) -> QuerySet[Action]:
    """The group's actions still open, decided at earlier meetings: reviewed first at this one."""
    return (
        Action.objects.filter(group_id=meeting.group_id, status=ActionStatus.OPEN)
        .exclude(item__meeting=meeting)
        .select_related("case", "owner", "responsible", "item__meeting")
        .order_by("due_on", "pk")
    )


def families_of(group: Group, *, include_closed: bool = False) -> QuerySet[Family]:
    families = group.families.select_related("responsible").prefetch_related("cases").order_by("review_on", "pk")
    return families if include_closed else families.filter(closed_on__isnull=True)


def family_get_for(user: User, pk: Any) -> Family:
    try:
        family = Family.objects.select_related("group__kind", "group__territory", "responsible").get(pk=int(pk))
    except (TypeError, ValueError, Family.DoesNotExist):
        raise Http404 from None
    if not may_read_group(user, family.group):
        raise Http404
    return family


# ---- the figures the groups report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFigures:
    group_id: int
    quarter: str
    cases_discussed: int
    repeats: int
    with_children: int
    actions_due: int
    actions_done_in_time: int

    @property
    def repeat_share(self) -> float | None:
        return self.repeats / self.cases_discussed if self.cases_discussed else None

    @property
    def in_time_share(self) -> float | None:
        return self.actions_done_in_time / self.actions_due if self.actions_due else None


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    end = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def recent_figures(group: Group, quarters: int = 4) -> list[GroupFigures]:
    """The group's figures for this quarter and the ones before, newest first."""
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    figures = []
    for _ in range(quarters):
        figures.extend(group_figures(Group.objects.filter(pk=group.pk), year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return figures


def group_figures(groups: QuerySet[Group], year: int, quarter: int) -> list[GroupFigures]:
    """Per group, for a quarter: the distinct cases discussed at meetings held in it, how many of those were on
    the agenda as a repeat, how many have children among the participants, and of the actions due in the quarter
    how many were done by their due date. Counts only (no case is named): the statistics module reuses it."""
    start, end = quarter_bounds(year, quarter)
    held = [MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED]
    figures = []
    for group in groups:
        items = AgendaItem.objects.filter(
            meeting__group=group,
            meeting__status__in=held,
            meeting__scheduled_at__date__gte=start,
            meeting__scheduled_at__date__lt=end,
        )
        case_ids = set(items.values_list("case_id", flat=True))
        repeats = {case_id for case_id, reasons in items.values_list("case_id", "reasons")
                   if any(row.get("code") == AgendaReason.REPEAT for row in reasons)}  # fmt: skip
        children = set(
            Participant.objects.filter(case_id__in=case_ids, role=ParticipantRole.CHILD).values_list(
                "case_id", flat=True
            )
        )
        due = Action.objects.filter(group=group, due_on__gte=start, due_on__lt=end)
        in_time = due.filter(status=ActionStatus.DONE, closed_at__date__lte=F("due_on"))
        figures.append(
            GroupFigures(
                group_id=group.pk,
                quarter=f"{year}-Q{quarter}",
                cases_discussed=len(case_ids),
                repeats=len(repeats),
                with_children=len(children),
                actions_due=due.count(),
                actions_done_in_time=in_time.count(),
            )
        )
    return figures


# ---- pages --------------------------------------------------------------------------------------------------------


def next_meetings(group_ids: list[int]) -> dict[int, Meeting]:
    """Each group's next meeting not yet held."""
    upcoming = Meeting.objects.filter(
        group_id__in=group_ids,
        status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
        scheduled_at__gte=timezone.now() - datetime.timedelta(hours=12),
    ).order_by("group_id", "scheduled_at")
    found: dict[int, Meeting] = {}
    for meeting in upcoming:
        found.setdefault(meeting.group_id, meeting)
    return found


def open_actions_count(user: User) -> int:
    return open_actions_of(user.agency).count()


def action_get_for(user: User, pk: Any) -> Action:
    """An action for its owner agency or the managers of its group (404 for anyone else)."""
    from concord.groups.services import may_close_action

    try:
        action = Action.objects.select_related("group__territory", "owner", "case").get(pk=int(pk))
    except (TypeError, ValueError, Action.DoesNotExist):
        raise Http404 from None
    if not may_close_action(user, action):
        raise Http404
    return action


@dataclass(frozen=True)
class CaseSummary:
    """What a meeting needs of a case: who, the level, the incidents (no narrative), the children, the other
    agencies involved. `sensitive` says whether the reader's agency may also see the sensitive sections."""

    case: Case
    participants: list[Participant]
    incidents: list[Any]
    agencies: list[Agency]
    sensitive: bool


def case_summary(user: User, case: Case) -> CaseSummary:
    """Read through the case scope's SUMMARY action, as every case read is: the rows of this case the user may
    reach for a summary (sensitive rows only where their agency may see the sensitive sections)."""
    from concord.cases.models import Incident, Involvement
    from concord.cases.selectors import case_sensitive_allowed, participant_list

    among = [case.pk]
    participants = participant_list(case).filter(
        pk__in=Participant.objects.visible_to(user, SUMMARY, among=among).values("pk")
    )
    incidents = (
        Incident.objects.visible_to(user, SUMMARY, among=among)
        .filter(case=case)
        .select_related("reporting_agency")
        .order_by("-occurred_at")[:20]
    )
    involved = Involvement.objects.visible_to(user, SUMMARY, among=among).filter(case=case, ended_at__isnull=True)
    agencies = Agency.objects.filter(pk__in=involved.values("agency_id")).order_by("name_en")
    return CaseSummary(
        case=case,
        participants=list(participants),
        incidents=list(incidents),
        agencies=list(agencies),
        sensitive=case_sensitive_allowed(user, case),
    )


def case_history(item: AgendaItem) -> list[AgendaItem]:
    """The case's earlier agenda items at groups (their decisions and actions), newest first."""
    return list(
        AgendaItem.objects.filter(case_id=item.case_id)
        .exclude(pk=item.pk)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__group__kind", "meeting__group__territory")
        .prefetch_related("actions__owner")
        .order_by("-meeting__scheduled_at")[:10]
    )


def household_of(cases: list[Case]) -> list[Any]:
    """The persons of a followed family: every participant of its cases but the alleged perpetrators."""
    from concord.people.models import Person

    return list(
        Person.objects.filter(participations__case__in=cases)
        .exclude(participations__role=ParticipantRole.ALLEGED_PERPETRATOR)
        .distinct()
    )


def calendar_meetings(user: User, first: datetime.date, following: datetime.date) -> list[Meeting]:
    groups = groups_for(user).values("pk")
    return list(
        Meeting.objects.filter(group__in=groups, scheduled_at__date__gte=first, scheduled_at__date__lt=following)
        .select_related("group__kind", "group__territory")
        .order_by("scheduled_at")
    )


def month_weeks(first: datetime.date, meetings: list[Meeting]) -> list[list[tuple[datetime.date, list[Meeting]]]]:
    """The weeks of the month (Monday first), each day with its meetings; days of the months around it included."""
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.scheduled_at).date(), []).append(meeting)
    start = first - datetime.timedelta(days=first.weekday())
    weeks: list[list[tuple[datetime.date, list[Meeting]]]] = []
    day = start
    while day < first or day.month == first.month or day.weekday() != 0:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append((day, by_day.get(day, [])))
        day += datetime.timedelta(days=1)
    return weeks


def staff_by_agency(agency_ids: list[int]) -> dict[int, list[User]]:
    """The active staff of each agency, in one query: the people a member agency may name on the group."""
    from concord.accounts.models import Membership

    found: dict[int, list[User]] = {}
    rows = (
        Membership.objects.filter(agency_id__in=agency_ids, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    for membership in rows:
        found.setdefault(membership.agency_id, []).append(membership.user)
    return found


def has_groups(user: User) -> bool:
    """Whether the navigation offers the groups: to those who run or sit on one, and the coordinators."""
    if not getattr(user, "is_authenticated", False) or user.membership is None:
        return False
    if Capability.VIEW_JURISDICTION_CASES in user.membership.capabilities:
        return True
    return groups_for(user).exists()

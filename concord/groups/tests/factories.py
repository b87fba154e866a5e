"""A monitoring-group scene on the test cast (Testland, tt): a "safety circle" of district A chaired by a member of
staff of the executive, with the coordinator as secretary; the executive (the group-member persona represents it),
the police (the caseworker) and health as required members, the national committee as an optional one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.cases.tests.factories import ensure_country
from concord.common.testing.factories import MembershipFactory, UserFactory
from concord.groups import services
from concord.groups.choices import Presence
from concord.groups.models import Group, GroupKind, GroupRules, Meeting, Member

AGENDA = [
    {"rule": "new_high_risk", "min_level": 3},
    {"rule": "pathway_proposal"},
    {"rule": "repeat"},
    {"rule": "escalation"},
    {"rule": "overdue_actions"},
    {"rule": "protection_gap"},
    {"rule": "family_review", "within_days": 7},
]


@dataclass
class GroupScene:
    kind: GroupKind
    rules: GroupRules
    group: Group
    chair: User
    executive: Member
    police: Member
    health: Member


def build_group(cast, **rules) -> GroupScene:
    country = ensure_country("tt")
    kind = GroupKind.objects.create(
        country=country, code="circle", name_en="Safety circle", names={"az": "Təhlükəsizlik dairəsi"},
        territory_level=cast.district_a.level,
        composition={
            "chair": "local_executive", "secretary": "local_executive",
            "members": [
                {"agency_kind": "local_executive", "required": True}, {"agency_kind": "police", "required": True},
                {"agency_kind": "health", "required": True}, {"agency_kind": "state_committee", "required": False},
            ],
        },
    )  # fmt: skip
    values = {
        "cadence_days": 14, "quorum_percent": 60, "chair_required": True, "summary_window_days": 10,
        "minutes_deadline": {"amount": 3, "unit": "working_days"}, "action_reminder_days": [3, 1], "agenda": AGENDA,
    } | rules  # fmt: skip
    group_rules = GroupRules.objects.create(kind=kind, version="1", effective_from=datetime.date(2020, 1, 1), **values)
    chair: User = UserFactory(email="chair@example.org", full_name="Chair Person")
    MembershipFactory(user=chair, agency=cast.other_agency_a, role=Role.GROUP_MEMBER)
    group = Group.objects.create(
        kind=kind, territory=cast.district_a, language="en", chair=chair, secretary=cast["coordinator"]
    )
    health = Agency.objects.get(code="TT-DA-HEALTH")
    executive = Member.objects.create(group=group, agency=cast.other_agency_a, representative=cast["group_member"])
    police = Member.objects.create(group=group, agency=cast.agency_a, representative=cast["caseworker"])
    health_member = Member.objects.create(group=group, agency=health)
    return GroupScene(kind, group_rules, group, chair, executive, police, health_member)


def plan(cast, scene: GroupScene, *, at: datetime.datetime | None = None, **overrides) -> Meeting:
    return services.meeting_plan(
        actor=cast["coordinator"],
        group=scene.group,
        scheduled_at=at or timezone.now() + datetime.timedelta(days=1),
        place="Executive, room 4",
        **overrides,
    )


def attend_all(cast, scene: GroupScene, meeting: Meeting) -> None:
    services.attendance_record(
        actor=cast["coordinator"],
        meeting=meeting,
        rows=[{"member": m, "presence": Presence.PRESENT} for m in (scene.executive, scene.police, scene.health)],
    )


def set_risk(case, level: int, at: datetime.datetime | None = None) -> None:
    """The case's standing level as the risk module leaves it after an assessment."""
    case.risk_level, case.risk_assessed_at = level, at or timezone.now()
    case.save(update_fields=["risk_level", "risk_assessed_at"])

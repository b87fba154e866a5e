"""The groups module's answer to the trainings' audience "group_members" (concord.common.audiences): each monitoring
group of a territory, with the users who sit on it (representatives and deputies of the current members, the chair
and the secretary)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concord.common.audiences import AudienceSource
from concord.groups.models import Group, Member


def group_people(path: str) -> list[tuple[str, set[int]]]:
    groups = list(
        Group.objects.filter(territory__path__startswith=path)
        .select_related("kind", "territory")
        .order_by("territory__path", "pk")
    )
    people: dict[int, set[int]] = {group.pk: {u for u in (group.chair_id, group.secretary_id) if u} for group in groups}
    members = Member.objects.filter(group__in=groups, left_on__isnull=True).filter(
        Q(representative__isnull=False) | Q(deputy__isnull=False)
    )
    for group_id, representative, deputy in members.values_list("group_id", "representative_id", "deputy_id"):
        people[group_id] |= {u for u in (representative, deputy) if u}
    return [(f"{group.kind.name} — {group.territory.name}", people[group.pk]) for group in groups]


SOURCE = AudienceSource(code="group_members", label=_("Monitoring-group members"), people=group_people)

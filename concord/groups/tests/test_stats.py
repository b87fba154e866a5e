"""The monitoring-group indicators on a data set whose answer is known by hand: a meeting with two cases on its
agenda, one discussed, and two actions assigned, one done."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from concord.cases.tests.factories import open_case
from concord.countries.clock import country_today
from concord.groups import services
from concord.groups.tests.factories import attend_all, build_group, plan
from concord.stats import catalogue
from concord.stats.catalogue import Filters, count

pytestmark = pytest.mark.django_db


def cells(code: str, filters: Filters, by: str = "") -> dict:
    return {key: n for key, n in count(catalogue.indicator(code), filters, by).cells.items() if n}


def test_cases_discussed_and_actions_by_state(cast):
    scene = build_group(cast)
    coordinator = cast["coordinator"]
    meeting = plan(cast, scene, at=timezone.now() - datetime.timedelta(hours=1))
    discussed, postponed = open_case(cast), open_case(cast, given_name="Leyla")
    first = services.agenda_add(actor=coordinator, meeting=meeting, case=discussed)
    services.agenda_add(actor=coordinator, meeting=meeting, case=postponed)
    attend_all(cast, scene, meeting)
    services.meeting_hold(actor=coordinator, meeting=meeting, chaired_by=scene.chair)
    services.item_decide(actor=coordinator, item=first, decision="Police to visit; health to follow up.")
    due = country_today("tt") + datetime.timedelta(days=3)
    visit = services.action_create(actor=coordinator, item=first, owner=cast.agency_a, text="Visit", due_on=due)
    services.action_create(actor=coordinator, item=first, owner=cast.other_agency_a, text="Follow up", due_on=due)
    services.action_close(actor=cast["caseworker"], action=visit, status="done")
    year = Filters(country_code="tt", start=due - datetime.timedelta(days=180), end=due + datetime.timedelta(days=1))
    assert cells("groups-cases-discussed", year) == {(True, None): 1, (False, None): 1}
    assert cells("groups-actions", year) == {("done", None): 1, ("open", None): 1}
    by_owner = cells("groups-actions", year, "agency_kind")
    assert by_owner == {("done", cast.agency_a.kind.code): 1, ("open", cast.other_agency_a.kind.code): 1}
    nothing_yet = Filters(country_code="tt", start=datetime.date(2000, 1, 1), end=datetime.date(2001, 1, 1))
    assert cells("groups-actions", nothing_yet) == {}


def test_repeats_children_and_actions_done_in_time(cast):
    """Issue 13's group figures, nationally: of the two cases discussed, one is there after a repeat incident and has
    a child; of three actions, one done in time, one done after its due date and one open."""
    from concord.cases.services import participant_add
    from concord.groups.models import Action, AgendaItem
    from concord.people.services import person_create

    scene = build_group(cast)
    coordinator = cast["coordinator"]
    meeting = plan(cast, scene, at=timezone.now() - datetime.timedelta(hours=1))
    again, other, postponed = open_case(cast), open_case(cast, given_name="Leyla"), open_case(cast, given_name="Nigar")
    child = person_create(agency=cast["caseworker"].agency, given_name="Murad", family_name="Əliyev", sex="male")
    participant_add(actor=cast["caseworker"], case=again, person=child, role="child")
    first = services.agenda_add(actor=coordinator, meeting=meeting, case=again)
    second = services.agenda_add(actor=coordinator, meeting=meeting, case=other)
    services.agenda_add(actor=coordinator, meeting=meeting, case=postponed)
    AgendaItem.objects.filter(pk=first.pk).update(reasons=[{"code": "repeat", "detail": ""}, {"code": "manual"}])
    attend_all(cast, scene, meeting)
    services.meeting_hold(actor=coordinator, meeting=meeting, chaired_by=scene.chair)
    services.item_decide(actor=coordinator, item=first, decision="Police to visit.")
    services.item_decide(actor=coordinator, item=second, decision="Health to follow up.")
    today = country_today("tt")
    due = today + datetime.timedelta(days=3)
    in_time = services.action_create(actor=coordinator, item=first, owner=cast.agency_a, text="Visit", due_on=due)
    late = services.action_create(actor=coordinator, item=first, owner=cast.agency_a, text="Call", due_on=due)
    services.action_create(actor=coordinator, item=second, owner=cast.other_agency_a, text="Follow up", due_on=due)
    services.action_close(actor=cast["caseworker"], action=in_time, status="done")
    services.action_close(actor=cast["caseworker"], action=late, status="done")
    Action.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=2))
    span = Filters(country_code="tt", start=today - datetime.timedelta(days=180), end=due + datetime.timedelta(days=1))
    assert cells("groups-cases-repeat", span) == {(True, None): 1, (False, None): 1}
    assert cells("groups-cases-children", span) == {(True, None): 1, (False, None): 1}
    assert cells("groups-actions-in-time", span) == {("in_time", None): 1, ("late", None): 1, ("open", None): 1}

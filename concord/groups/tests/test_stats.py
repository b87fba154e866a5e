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

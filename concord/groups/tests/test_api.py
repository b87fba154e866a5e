"""The monitoring-group API: a meeting planned, its agenda proposed and read; decisions and agency information only
for those who accepted the confidentiality statement; refusals that write nothing; the figures of a quarter."""

import datetime

import pytest
from django.utils import timezone

from concord.cases.choices import RiskLevel
from concord.cases.tests.factories import open_case
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.groups import services
from concord.groups.tests.factories import attend_all, build_group, plan, set_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_group(cast)


def test_planning_and_the_proposed_agenda(cast, scene, client_for):
    case = open_case(cast)
    set_risk(case, RiskLevel.HIGH)
    client = client_for("coordinator")
    at = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    planned = client.post(
        "/api/v1/meetings/", {"group": scene.group.pk, "scheduled_at": at}, content_type="application/json"
    )
    assert planned.status_code == 201 and planned.json()["status"] == "planned"
    meeting = planned.json()["id"]
    assert client.post(f"/api/v1/meetings/{meeting}/build-agenda/").status_code == 200
    items = client.get(f"/api/v1/agenda-items/?meeting={meeting}").json()
    assert [item["case_number"] for item in items] == [case.number]
    assert items[0]["reasons"][0]["code"] == "new_high_risk" and items[0]["reasons"][0]["label"]
    assert client.get("/api/v1/agenda-items/").status_code == 400


def test_decisions_wait_for_the_confidentiality_statement(cast, scene, client_for):
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=open_case(cast))
    services.item_decide(actor=cast["coordinator"], item=item, decision="Refer to the shelter")
    member = client_for("group_member")
    assert member.get(f"/api/v1/agenda-items/{item.pk}/").json()["decision"] == ""
    member.post(f"/api/v1/meetings/{meeting.pk}/accept-confidentiality/")
    assert member.get(f"/api/v1/agenda-items/{item.pk}/").json()["decision"] == "Refer to the shelter"


def test_an_action_without_a_due_date_or_of_an_unknown_agency_writes_nothing(cast, scene, client_for):
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=open_case(cast))
    client = client_for("coordinator")
    before = row_counts()
    missing = client.post(
        "/api/v1/group-actions/",
        {"item": item.pk, "owner": cast.agency_a.pk, "text": "Visit"},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/group-actions/",
        {"item": item.pk, "owner": 999999, "text": "Visit", "due_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "due_on" in missing.json()
    assert unknown.status_code == 400 and "owner" in unknown.json()
    assert_nothing_written(before)


def test_the_figures_of_a_quarter(cast, scene, client_for):
    meeting = plan(cast, scene, at=timezone.now())
    services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=open_case(cast))
    attend_all(cast, scene, meeting)
    services.meeting_hold(actor=cast["coordinator"], meeting=meeting, chaired_by=scene.chair)
    figures = client_for("group_member").get(f"/api/v1/groups/{scene.group.pk}/figures/").json()
    assert figures["cases_discussed"] == 1 and figures["repeat_share"] == 0.0
    refused = client_for("group_member").get(f"/api/v1/groups/{scene.group.pk}/figures/?quarter=7")
    assert refused.status_code == 400

"""The monitoring groups of the national data set read back as the services' rows would: each district's group
with its generated agencies as members, every case at HIGH risk on the agenda of a meeting after its assessment
(which sets the date the repeat flag reads), actions owned by agencies of the district and closed only when due."""

import pytest

from concord.cases.tests.test_national import national  # noqa: F401 - the generated country, as a fixture
from concord.groups.choices import ActionStatus, MeetingStatus
from concord.groups.models import Action, AgendaItem, Group, Member

pytestmark = pytest.mark.django_db(transaction=False)


def test_high_risk_cases_are_discussed_after_their_assessment(national):  # noqa: F811
    high = national.filter(risk_level__gte=3)
    assert high.exists()
    items = AgendaItem.objects.filter(case__in=national).select_related("meeting", "case")
    assert set(items.values_list("case_id", flat=True)) == set(high.values_list("pk", flat=True))
    for item in items[:40]:
        assert item.meeting.scheduled_at > item.case.risk_assessed_at
        assert item.case.last_group_referral_on is not None
        assert item.meeting.group.territory_id == item.case.territory_id
    for group in Group.objects.filter(meetings__items__case__in=national).distinct():
        assert Member.objects.filter(group=group).exists()
        # Each member agency the generator seats is represented by its own caseworkers (two where it has two), so
        # that the group has people to train; a member the demo made keeps its own representative.
        for member in Member.objects.filter(group=group).select_related("representative", "deputy"):
            caseworkers = set(member.agency.memberships.filter(role="caseworker").values_list("user_id", flat=True))
            if member.representative is None:
                assert not caseworkers
            elif member.representative.email.endswith("@staff.example.org"):
                assert member.representative_id in caseworkers
                if len(caseworkers) > 1:
                    assert member.deputy_id in caseworkers - {member.representative_id}


def test_generated_actions_belong_to_the_district_and_close_when_due(national):  # noqa: F811
    actions = Action.objects.filter(case__in=national).select_related("item__meeting", "owner", "case")
    assert actions.exists()
    for action in actions[:60]:
        assert action.item.meeting.status == MeetingStatus.MINUTES_APPROVED
        assert action.owner.territory_id == action.case.territory_id
        assert action.due_on >= action.item.meeting.scheduled_at.date()
        if action.status != ActionStatus.OPEN:
            assert action.closed_at is not None

"""The monitoring-group services: the agenda rules one by one, the repeat date, the members' window opening and
closing, quorum and chair, the order of the meeting's record (decisions, minutes), actions and their reminders with a
frozen clock, and refusals that write nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from concord.cases.choices import RiskLevel
from concord.cases.models import Case
from concord.cases.scoping import SUMMARY
from concord.cases.services import case_move
from concord.cases.tests.factories import freeze_now, open_case, record_incident
from concord.common.testing.rows import assert_nothing_written, row_counts
from concord.groups import agenda, jobs, services
from concord.groups.choices import ActionStatus, AgendaReason, MeetingStatus, NotDoneReason, Presence
from concord.groups.models import Group, Meeting
from concord.groups.tests.factories import attend_all, build_group, plan, set_risk
from concord.notifications.models import Notification
from concord.protection.models import Gap
from concord.protection.tests.factories import build_scene, issued_ban
from concord.referrals import pathways
from concord.referrals.choices import ProposalState
from concord.referrals.models import GroupProposal
from concord.referrals.tests.factories import add_pathway

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    return build_group(cast)


@pytest.fixture
def case(cast):
    return open_case(cast)


def reasons(meeting) -> dict[int, list[str]]:
    return {p.case_id: [row["code"] for row in p.reasons] for p in agenda.compute(meeting)}


def held(cast, scene, meeting: Meeting) -> Meeting:
    attend_all(cast, scene, meeting)
    return services.meeting_hold(actor=cast["coordinator"], meeting=meeting, chaired_by=scene.chair)


def test_a_case_at_high_risk_is_proposed_once_with_its_reason(cast, scene, case):
    low = open_case(cast, given_name="Leyla")
    set_risk(case, RiskLevel.HIGH)
    set_risk(low, RiskLevel.MEDIUM)
    meeting = plan(cast, scene)
    assert reasons(meeting) == {case.pk: [AgendaReason.NEW_HIGH_RISK]}
    services.agenda_build(actor=cast["coordinator"], meeting=meeting)
    # Discussed once, the case is not new at the next meeting unless it is assessed again.
    later = plan(cast, scene, at=timezone.now() + datetime.timedelta(days=15))
    assert case.pk not in reasons(later)
    set_risk(case, RiskLevel.EXTREME, at=timezone.now() + datetime.timedelta(minutes=1))
    assert reasons(later) == {case.pk: [AgendaReason.NEW_HIGH_RISK]}


def test_a_case_of_another_district_or_closed_is_not_proposed(cast, scene):
    elsewhere = open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b)
    set_risk(elsewhere, RiskLevel.EXTREME)
    closed = open_case(cast, given_name="Aysel")
    set_risk(closed, RiskLevel.EXTREME)
    Case.objects.filter(pk=closed.pk).update(status="closed")
    assert reasons(plan(cast, scene)) == {}


def test_a_pathway_proposal_is_on_the_agenda_and_taken(cast, scene, case):
    rule = add_pathway("high-risk-group", "assessment_level", action="propose_to_group", conditions={"min_level": 3})
    pathways.apply_rule(rule=rule, case=case, event_key="assessment:1", actor=cast["caseworker"])
    meeting = plan(cast, scene)
    assert reasons(meeting) == {case.pk: [AgendaReason.PATHWAY_PROPOSAL]}
    services.agenda_build(actor=cast["coordinator"], meeting=meeting)
    assert GroupProposal.objects.get(case=case).state == ProposalState.TAKEN
    assert reasons(plan(cast, scene, at=timezone.now() + datetime.timedelta(days=2))) == {}


def test_putting_a_case_on_the_agenda_sets_the_date_the_repeat_flag_reads(cast, scene, case):
    set_risk(case, RiskLevel.HIGH)
    meeting = plan(cast, scene, at=timezone.now())
    assert case.last_group_referral_on is None
    services.agenda_build(actor=cast["coordinator"], meeting=meeting)
    case.refresh_from_db()
    assert case.last_group_referral_on == timezone.localdate()
    held(cast, scene, meeting)
    # An incident after the referral is a repeat (risk module), and the next meeting's agenda says so.
    moment = timezone.now() - datetime.timedelta(minutes=5)
    incident = record_incident(cast, case, occurred_at=moment, reported_at=moment)
    incident.refresh_from_db()
    assert incident.is_repeat
    next_meeting = plan(cast, scene, at=timezone.now() + datetime.timedelta(days=14))
    assert AgendaReason.REPEAT in reasons(next_meeting)[case.pk]


def test_escalation_overdue_actions_and_protection_gaps_are_reasons(cast, scene, case):
    for days in (40, 20, 3):
        record_incident(cast, case, occurred_at=timezone.now() - datetime.timedelta(days=days))
    assert AgendaReason.ESCALATION in reasons(plan(cast, scene))[case.pk]
    gap_case = open_case(cast, given_name="Nigar")
    order = issued_ban(cast, gap_case, build_scene(cast))
    Gap.objects.create(case=gap_case, territory=gap_case.territory, order=order)
    first = plan(cast, scene, at=timezone.now() - datetime.timedelta(hours=1))
    services.agenda_build(actor=cast["coordinator"], meeting=first)
    item = first.items.get(case=gap_case)
    assert item.reason_codes == [AgendaReason.PROTECTION_GAP]
    services.action_create(
        actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Apply for a new order",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )  # fmt: skip
    held(cast, scene, first)
    later = plan(cast, scene, at=timezone.now() + datetime.timedelta(days=14))
    assert set(reasons(later)[gap_case.pk]) == {AgendaReason.PROTECTION_GAP, AgendaReason.OVERDUE_ACTIONS}


def test_a_family_due_for_review_brings_its_cases(cast, scene, case):
    family = services.family_add(
        actor=cast["coordinator"], group=scene.group, cases=[case], persons=[], reason="Three children at home",
        review_on=timezone.localdate() + datetime.timedelta(days=20), responsible=cast.other_agency_a,
    )  # fmt: skip
    meeting = plan(cast, scene)
    assert reasons(meeting) == {}
    services.family_review(
        actor=cast["coordinator"], family=family, review_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    services.agenda_build(actor=cast["coordinator"], meeting=meeting)
    item = meeting.items.get()
    assert item.reason_codes == [AgendaReason.FAMILY_REVIEW] and item.family == family


def test_the_secretary_adds_orders_and_removes_by_hand(cast, scene, case):
    other = open_case(cast, given_name="Leyla")
    elsewhere = open_case(cast, actor_name="caseworker_other_district", territory=cast.district_b)
    meeting = plan(cast, scene)
    first = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case, note="Police asked for it")
    second = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=other)
    before = row_counts()
    with pytest.raises(ValidationError):
        services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=elsewhere)
    assert_nothing_written(before)
    with pytest.raises(PermissionDenied):
        services.agenda_add(actor=cast["caseworker"], meeting=meeting, case=other)
    services.agenda_reorder(actor=cast["coordinator"], meeting=meeting, item_ids=[second.pk, first.pk])
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    assert first.reasons == [{"code": AgendaReason.BY_HAND, "detail": "Police asked for it"}]
    services.agenda_remove(actor=cast["coordinator"], item=first)
    assert list(meeting.items.values_list("case_id", flat=True)) == [other.pk]


def test_members_see_the_summary_while_on_the_agenda_and_for_the_window_after(cast, scene, case, monkeypatch):
    member = cast["group_member"]
    assert not Case.objects.visible_to(member, SUMMARY).filter(pk=case.pk).exists()
    start = timezone.now()
    meeting = plan(cast, scene, at=start + datetime.timedelta(days=1))
    services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    assert Case.objects.visible_to(member, SUMMARY).filter(pk=case.pk).exists()
    # Not a member of the group, not in the window: nothing.
    assert not Case.objects.visible_to(cast["caseworker_other_district"], SUMMARY).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(member, "view").filter(pk=case.pk).exists()
    freeze_now(monkeypatch, start + datetime.timedelta(days=1 + 10))
    assert Case.objects.visible_to(member, SUMMARY).filter(pk=case.pk).exists()
    freeze_now(monkeypatch, start + datetime.timedelta(days=1 + 12))
    assert not Case.objects.visible_to(member, SUMMARY).filter(pk=case.pk).exists()


def test_a_cancelled_meeting_closes_the_window_at_once(cast, scene, case):
    meeting = plan(cast, scene)
    services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    services.meeting_cancel(actor=cast["coordinator"], meeting=meeting)
    assert not Case.objects.visible_to(cast["group_member"], SUMMARY).filter(pk=case.pk).exists()


def test_a_meeting_without_quorum_or_chair_is_not_held(cast, scene):
    meeting = plan(cast, scene, at=timezone.now())
    services.attendance_record(
        actor=cast["coordinator"], meeting=meeting,
        rows=[
            {"member": scene.executive, "presence": Presence.PRESENT},
            {"member": scene.police, "presence": Presence.APOLOGIES},
            {"member": scene.health, "presence": Presence.ABSENT},
        ],
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.meeting_hold(actor=cast["coordinator"], meeting=meeting, chaired_by=scene.chair)
    assert "No quorum: 1 of 3" in str(refused.value)
    attend_all(cast, scene, meeting)
    with pytest.raises(ValidationError, match="no chair"):
        services.meeting_hold(actor=cast["coordinator"], meeting=meeting, chaired_by=None)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    # An attendee may stand in for the chair.
    services.meeting_hold(actor=cast["coordinator"], meeting=meeting, chaired_by=cast["group_member"])
    assert meeting.status == MeetingStatus.HELD and meeting.minutes_due_on is not None


def test_minutes_are_approved_by_the_chair_only_after_the_meeting(cast, scene):
    meeting = plan(cast, scene, at=timezone.now())
    with pytest.raises(ValidationError, match="held"):
        services.minutes_approve(actor=scene.chair, meeting=meeting)
    held(cast, scene, meeting)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=cast["coordinator"], meeting=meeting)
    services.minutes_approve(actor=scene.chair, meeting=meeting)
    services.minutes_distribute(actor=cast["coordinator"], meeting=meeting)
    assert Notification.objects.filter(kind="group_minutes_distributed", recipient=cast["caseworker"]).exists()


def test_an_action_needs_an_owner_and_a_due_date(cast, scene, case):
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    for owner, due, field in (
        (None, timezone.localdate(), "owner"),
        (cast.agency_a, None, "due_on"),
        (cast.agency_a, timezone.localdate() - datetime.timedelta(days=3), "due_on"),
    ):
        before = row_counts()
        with pytest.raises(ValidationError) as refused:
            services.action_create(actor=cast["coordinator"], item=item, owner=owner, text="Visit", due_on=due)
        assert field in refused.value.error_dict
        assert_nothing_written(before)
    with pytest.raises(ValidationError):
        services.action_create(
            actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Visit", due_on=timezone.localdate(),
            responsible=cast["group_member"],
        )  # fmt: skip


def test_action_reminders_before_and_after_the_due_date(cast, scene, case, monkeypatch):
    start = timezone.now()
    meeting = plan(cast, scene, at=start)
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    action = services.action_create(
        actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Home visit",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    owner = cast["caseworker"]  # the police's representative: no one person was named
    assert Notification.objects.filter(recipient=owner, kind="group_action_assigned").count() == 1

    def reminders(kind):
        return Notification.objects.filter(recipient=owner, kind=kind).count()

    freeze_now(monkeypatch, start + datetime.timedelta(days=1))
    jobs.remind_actions(timezone.now())
    assert reminders("group_action_due") == 0
    freeze_now(monkeypatch, start + datetime.timedelta(days=2))
    jobs.remind_actions(timezone.now())
    jobs.remind_actions(timezone.now())
    assert reminders("group_action_due") == 1
    freeze_now(monkeypatch, start + datetime.timedelta(days=6))
    jobs.remind_actions(timezone.now())
    jobs.remind_actions(timezone.now())
    assert reminders("group_action_overdue") == 1
    services.action_close(
        actor=owner, action=action, status=ActionStatus.NOT_DONE, reason=NotDoneReason.CIRCUMSTANCES_CHANGED
    )
    freeze_now(monkeypatch, start + datetime.timedelta(days=8))
    assert jobs.remind_actions(timezone.now()) == 0


def test_an_action_not_done_says_why(cast, scene, case):
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    action = services.action_create(
        actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Visit", due_on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        services.action_close(actor=cast["caseworker"], action=action, status=ActionStatus.NOT_DONE)
    with pytest.raises(PermissionDenied):
        services.action_close(actor=cast["caseworker_other_district"], action=action, status=ActionStatus.DONE)
    services.action_close(actor=cast["caseworker"], action=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_by == cast["caseworker"]


def test_late_minutes_remind_the_secretary_and_the_chair_once(cast, scene, monkeypatch):
    start = timezone.now()
    held(cast, scene, plan(cast, scene, at=start))
    jobs.remind_minutes(timezone.now())
    assert not Notification.objects.filter(kind="group_minutes_late").exists()
    freeze_now(monkeypatch, start + datetime.timedelta(days=8))
    jobs.remind_minutes(timezone.now())
    jobs.remind_minutes(timezone.now())
    late = Notification.objects.filter(kind="group_minutes_late")
    assert sorted(late.values_list("recipient_id", flat=True)) == sorted([scene.chair.pk, cast["coordinator"].pk])


def test_the_confidentiality_statement_comes_before_agency_information(cast, scene, case):
    meeting = plan(cast, scene)
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    member = cast["group_member"]
    with pytest.raises(ValidationError):
        services.contribution_add(actor=member, item=item, text="Known to the executive since 2024")
    services.confidentiality_accept(user=member, meeting=meeting)
    contribution = services.contribution_add(actor=member, item=item, text="Known to the executive since 2024")
    assert contribution.agency == cast.other_agency_a
    with pytest.raises(PermissionDenied):
        services.confidentiality_accept(user=cast["caseworker_other_district"], meeting=meeting)


def test_the_figures_a_group_reports_for_a_quarter(cast, scene, case, monkeypatch):
    from concord.cases.models import Participant
    from concord.groups.selectors import group_figures
    from concord.people.models import Person

    start = timezone.now()
    meeting = plan(cast, scene, at=start)
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    repeat_case = open_case(cast, given_name="Leyla")
    repeat_item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=repeat_case)
    repeat_item.reasons = [{"code": AgendaReason.REPEAT, "detail": ""}]
    repeat_item.save()
    child = Person.objects.create(
        given_name="Child", family_name="Test", birth_year=2018, registered_by_agency=cast.agency_a
    )
    Participant.objects.create(case=case, person=child, role="child")
    today = timezone.localdate()
    in_time = services.action_create(actor=cast["coordinator"], item=item, owner=cast.agency_a, text="A", due_on=today)
    services.action_create(actor=cast["coordinator"], item=item, owner=cast.agency_a, text="B", due_on=today)
    held(cast, scene, meeting)
    services.action_close(actor=cast["caseworker"], action=in_time, status=ActionStatus.DONE)
    quarter = (today.month - 1) // 3 + 1
    (figures,) = group_figures(Group.objects.filter(pk=scene.group.pk), today.year, quarter)
    assert (figures.cases_discussed, figures.repeats, figures.with_children) == (2, 1, 1)
    assert (figures.actions_due, figures.actions_done_in_time) == (2, 1)
    assert figures.repeat_share == 0.5 and figures.in_time_share == 0.5
    (empty,) = group_figures(Group.objects.filter(pk=scene.group.pk), today.year - 1, quarter)
    assert empty.cases_discussed == 0 and empty.repeat_share is None


def test_a_moved_case_takes_its_open_actions_to_the_new_districts_group(
    cast, scene, case, django_capture_on_commit_callbacks
):
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    kept = services.action_create(
        actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Visit", due_on=timezone.localdate()
    )
    done = services.action_create(
        actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Call", due_on=timezone.localdate()
    )
    services.action_close(actor=cast["caseworker"], action=done, status=ActionStatus.DONE)
    other = Group.objects.create(
        kind=scene.kind, territory=cast.district_b, language="en", secretary=cast["coordinator"]
    )
    upcoming = services.meeting_plan(
        actor=cast["coordinator"], group=other, scheduled_at=timezone.now() + datetime.timedelta(days=3), place="B"
    )
    # The owning agency records the move; the groups module hears of it through the case event.
    with django_capture_on_commit_callbacks(execute=True):
        case_move(actor=cast["caseworker"], case=case, territory=cast.district_b)
    case.refresh_from_db()
    assert services.group_of(case) == other
    kept.refresh_from_db()
    done.refresh_from_db()
    assert kept.group == other and done.group == scene.group
    assert {item.case_id: item.reason_codes for item in upcoming.items.all()} == {case.pk: [AgendaReason.MOVED_IN]}
    assert Notification.objects.filter(recipient=cast["coordinator"], kind="group_case_moved_in").count() == 1
    # A case no group followed, below the level the group hears, moves without a word to the group.
    quiet = open_case(cast)
    with django_capture_on_commit_callbacks(execute=True):
        case_move(actor=cast["caseworker"], case=quiet, territory=cast.district_b)
    assert not upcoming.items.filter(case=quiet).exists()
    assert Notification.objects.filter(kind="group_case_moved_in").count() == 1


def test_a_high_risk_case_moving_in_is_heard_by_the_new_group(cast, scene, case, django_capture_on_commit_callbacks):
    set_risk(case, RiskLevel.HIGH)
    other = Group.objects.create(kind=scene.kind, territory=cast.district_b, language="en", chair=scene.group.chair)
    with django_capture_on_commit_callbacks(execute=True):
        case_move(actor=cast["caseworker"], case=case, territory=cast.district_b)
    # No meeting is planned yet: the chair is told, and the agenda rule is the secretary's to apply by hand.
    assert Notification.objects.filter(recipient=other.chair, kind="group_case_moved_in").count() == 1


def test_the_tick_passes_on_the_actions_of_a_move_the_handler_missed(cast, scene, case, monkeypatch):
    from concord.cases import extension

    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=cast["coordinator"], meeting=meeting, case=case)
    action = services.action_create(
        actor=cast["coordinator"], item=item, owner=cast.agency_a, text="Visit", due_on=timezone.localdate()
    )
    other = Group.objects.create(kind=scene.kind, territory=cast.district_b, language="en")
    monkeypatch.setitem(extension._handlers, extension.CaseEvent.CASE_MOVED, [])
    case_move(actor=cast["caseworker"], case=case, territory=cast.district_b)
    action.refresh_from_db()
    assert action.group == scene.group
    assert jobs.transfer_moved_cases(timezone.now()) == 1
    action.refresh_from_db()
    assert action.group == other
    assert jobs.transfer_moved_cases(timezone.now()) == 0

"""The monitoring-group module's part of the demo (registered in GroupsConfig.ready()): a demo chair in the demo
district's agency the composition names for the chair, and, once the demo cases exist, the district's group run by
the demo coordinator as secretary with a representative named for each member agency where a demo user works
there; a meeting held two weeks ago (decisions, an action now overdue, minutes approved and sent), the next one in
five days with its agenda proposed, and a family the group follows."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.cases.choices import CaseStatus
from concord.cases.models import Case
from concord.countries.models import Country
from concord.groups import services
from concord.groups.choices import Presence
from concord.groups.models import Action, AgendaItem, Group, Meeting, Member

HELD_DAYS_AGO = 14


def _demo_group(country: str) -> Group | None:
    country_obj = Country.objects.filter(code=country).first()
    if country_obj is None or not country_obj.demo_district:
        return None
    return (
        Group.objects.filter(territory__code=country_obj.demo_district, kind__is_active=True, is_active=True)
        .select_related("kind", "territory")
        .first()
    )


def chair_users(country: str) -> list[tuple[str, Agency, str, str]]:
    group = _demo_group(country)
    if group is None:
        return []
    kind = group.kind.composition.get("chair")
    agency = Agency.objects.filter(kind__code=kind, territory=group.territory, is_active=True).order_by("code").first()
    if agency is None:
        return []
    return [(Role.GROUP_MEMBER, agency, f"chair.{country}@example.org", "Demo Chair")]


def _representative(member: Member, taken: set[int]) -> User | None:
    order = [Role.GROUP_MEMBER, Role.CASEWORKER, Role.SUPERVISOR]
    staff = User.objects.filter(
        memberships__agency=member.agency, memberships__is_active=True, is_active=True, is_demo_account=True
    ).exclude(pk__in=taken)
    for role in order:
        found = staff.filter(memberships__role=role).order_by("email").first()
        if found is not None:
            return found
    return None


@transaction.atomic
def seed_group(country: str, seed: int) -> None:
    group = _demo_group(country)
    chair = User.objects.filter(email=f"chair.{country}@example.org").first()
    secretary = User.objects.filter(email=f"coordinator.{country}@example.org").first()
    if group is None or chair is None or secretary is None or group.meetings.exists():
        return
    services.group_set_officers(actor=secretary, group=group, chair=chair, secretary=secretary, language=group.language)
    taken = {secretary.pk}
    for member in Member.objects.filter(group=group, left_on__isnull=True).select_related("agency__kind"):
        chairs_agency = chair.agency is not None and chair.agency.pk == member.agency_id
        representative = chair if chairs_agency else _representative(member, taken)
        if representative is not None:
            taken.add(representative.pk)
            services.member_save(
                actor=secretary, group=group, agency=member.agency, representative=representative, deputy=None
            )
    _held_meeting(group, chair, secretary)
    upcoming = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=5)
    meeting = services.meeting_plan(actor=secretary, group=group, scheduled_at=upcoming, place="Executive, room 4")
    services.agenda_build(actor=secretary, meeting=meeting)
    followed = (
        Case.objects.filter(territory=group.territory, participants__role="child")
        .exclude(status=CaseStatus.CLOSED)
        .distinct()
        .order_by("pk")
    )
    first = followed.first()
    if first is not None:
        services.family_add(
            actor=secretary, group=group, cases=[first], persons=[], reason="Three children at home; father on bail.",
            review_on=timezone.localdate() + datetime.timedelta(days=3), responsible=group_member_agency(group),
        )  # fmt: skip


def group_member_agency(group: Group) -> Agency:
    member = Member.objects.filter(group=group, left_on__isnull=True).select_related("agency").order_by("pk").first()
    assert member is not None
    return member.agency


def _held_meeting(group: Group, chair: User, secretary: User) -> None:
    """A meeting two weeks ago: its agenda proposed, everyone present, the first cases decided with an action each
    (the police's overdue now), held, minutes approved by the chair and sent."""
    now = timezone.now()
    meeting = services.meeting_plan(actor=secretary, group=group, scheduled_at=now, place="Executive, room 4")
    services.agenda_build(actor=secretary, meeting=meeting)
    members = list(Member.objects.filter(group=group, left_on__isnull=True).select_related("agency__kind"))
    services.attendance_record(
        actor=secretary,
        meeting=meeting,
        rows=[{"member": m, "presence": Presence.PRESENT, "attendee": m.representative} for m in members],
    )
    police = next((m.agency for m in members if m.agency.kind.code == "police"), members[0].agency)
    health = next((m.agency for m in members if m.agency.kind.code == "health"), members[-1].agency)
    # The meeting's own day, in the group's country: the server's date may be another.
    today = services.meeting_day(meeting)
    overdue = []
    for index, item in enumerate(meeting.items.order_by("position")[:3]):
        services.item_decide(actor=secretary, item=item, decision="Safety plan reviewed; agencies to act as below.")
        if index == 0:
            action = services.action_create(
                actor=secretary, item=item, owner=police, due_on=today,
                text="Visit the address and check the barring order is kept.",
            )  # fmt: skip
            overdue.append(action.pk)
        else:
            services.action_create(
                actor=secretary, item=item, owner=health, due_on=today + datetime.timedelta(days=10),
                text="Offer a follow-up appointment at the polyclinic.",
            )  # fmt: skip
    services.meeting_hold(actor=secretary, meeting=meeting, chaired_by=chair)
    services.minutes_approve(actor=chair, meeting=meeting)
    services.minutes_distribute(actor=secretary, meeting=meeting)
    # Moved back to the day it took place: the first action's due date passed since.
    then = now - datetime.timedelta(days=HELD_DAYS_AGO)
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_at=then, held_at=then, minutes_approved_at=then)
    window = services.summary_until(Meeting.objects.get(pk=meeting.pk))
    AgendaItem.objects.filter(meeting=meeting).update(added_at=then, summary_until=window)
    Action.objects.filter(pk__in=overdue).update(due_on=today - datetime.timedelta(days=2))
    Case.objects.filter(agenda_items__meeting=meeting).update(last_group_referral_on=then.date())

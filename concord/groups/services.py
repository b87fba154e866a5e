"""Writes of the monitoring-group module. Each is one transaction (`@service`), checks who acts and every id it is
given again, refuses bad input with a translated ValidationError, and records an audit event (a case's timeline
entry where a case is concerned); personal text goes only into encrypted fields."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.capabilities import Capability
from concord.accounts.models import Agency, User
from concord.audit.services import audit_record
from concord.cases.extension import case_log
from concord.cases.models import Case
from concord.cases.scoping import SUMMARY
from concord.common import agenda as agenda_sources
from concord.common.transactions import service
from concord.countries.calendar import period_end, working_calendar
from concord.countries.clock import country_local_date, country_today, zone_of
from concord.groups import agenda
from concord.groups.choices import (
    BEFORE_MEETING,
    ActionStatus,
    AgendaReason,
    FamilyOutcome,
    GroupsAuditAction,
    GroupsNotification,
    GroupsTimelineKind,
    MeetingKind,
    MeetingStatus,
    NotDoneReason,
    Presence,
)
from concord.groups.models import (
    Acceptance,
    Action,
    AgendaItem,
    Attendance,
    Contribution,
    Family,
    Group,
    GroupRules,
    Meeting,
    Member,
)
from concord.groups.rules import attends, may_approve_minutes, may_manage_group, seat_of
from concord.notifications.services import notify
from concord.territory.selectors import territory_prefixes

TEXT_MAX_CHARS = 4000


def _text(value: str, *, field: str, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > TEXT_MAX_CHARS:
        raise ValidationError({field: _("Keep it under %(count)d characters.") % {"count": TEXT_MAX_CHARS}})
    return value


def ensure_manages(actor: User, group: Group) -> None:
    if not may_manage_group(actor, group):
        raise PermissionDenied


def _country(group: Group) -> str:
    return group.territory.country_code


def rules_on(group: Group, day: datetime.date) -> GroupRules | None:
    return GroupRules.objects.filter(kind_id=group.kind_id, effective_from__lte=day).order_by("-effective_from").first()


def meeting_day(meeting: Meeting) -> datetime.date:
    return country_local_date(_country(meeting.group), meeting.scheduled_at)


def summary_until(meeting: Meeting) -> datetime.datetime:
    """The end of the members' window: the pack's days after the meeting's day, to the end of that day."""
    last_day = meeting_day(meeting) + datetime.timedelta(days=meeting.rules.summary_window_days)
    zone = zone_of(_country(meeting.group))
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    return midnight.astimezone(datetime.UTC)


def _audit(actor: User | None, action: str, target: Any, **details: Any) -> None:
    audit_record(action=action, actor=actor, target=target, details=details)


# ---- the group --------------------------------------------------------------------------------------------------


@service
def group_set_officers(
    *, actor: User, group: Group, chair: User | None, secretary: User | None, language: str
) -> Group:
    """The chair and the secretary, from the agency kinds the composition names for them, and the minutes'
    language."""
    ensure_manages(actor, group)
    from django.conf import settings

    composition = group.kind.composition
    for seat, user in (("chair", chair), ("secretary", secretary)):
        if user is None:
            continue
        agency = user.agency
        related = agency is not None and (
            group.territory.path.startswith(agency.territory.path)
            or agency.territory.path.startswith(group.territory.path)
        )
        if not user.is_active or agency is None or agency.kind.code != composition.get(seat) or not related:
            raise ValidationError({seat: _("Choose someone of the agency the composition names for this seat.")})
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Choose one of the interface languages.")})
    group.chair, group.secretary, group.language = chair, secretary, language
    group.save(update_fields=["chair", "secretary", "language"])
    _audit(actor, GroupsAuditAction.GROUP_CHANGED, group, change="officers")
    return group


@service
def member_save(
    *, actor: User, group: Group, agency: Agency, representative: User | None, deputy: User | None
) -> Member:
    """Adds a member agency, or names its representative and deputy: users of that agency."""
    ensure_manages(actor, group)
    if agency.territory.country_code != _country(group) or not agency.is_active:
        raise ValidationError({"agency": _("Choose an active agency of the group's country.")})
    for field, user in (("representative", representative), ("deputy", deputy)):
        if user is not None and (not user.is_active or user.agency is None or user.agency.pk != agency.pk):
            raise ValidationError({field: _("Choose a member of staff of this agency.")})
    if representative is not None and deputy is not None and representative.pk == deputy.pk:
        raise ValidationError({"deputy": _("The deputy must be someone other than the representative.")})
    member = Member.objects.filter(group=group, agency=agency, left_on__isnull=True).first()
    if member is None:
        kinds = {row["agency_kind"]: row for row in group.kind.member_rows()}
        row = kinds.get(agency.kind.code)
        member = Member(group=group, agency=agency, is_optional=row is None or not row["required"])
    member.representative, member.deputy = representative, deputy
    member.save()
    _audit(actor, GroupsAuditAction.GROUP_CHANGED, group, change="member", agency=agency.pk)
    return member


@service
def member_leave(*, actor: User, member: Member) -> Member:
    ensure_manages(actor, member.group)
    if member.left_on is None:
        member.left_on = country_today(_country(member.group))
        member.save(update_fields=["left_on"])
        _audit(actor, GroupsAuditAction.GROUP_CHANGED, member.group, change="member_left", agency=member.agency_id)
    return member


# ---- meetings ---------------------------------------------------------------------------------------------------


@service
def meeting_plan(
    *, actor: User, group: Group, scheduled_at: datetime.datetime, place: str = "", kind: str = MeetingKind.REGULAR
) -> Meeting:
    ensure_manages(actor, group)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose a kind of meeting.")})
    rules = rules_on(group, country_local_date(_country(group), scheduled_at))
    if rules is None:
        raise ValidationError({"scheduled_at": _("The country pack has no rules for this group on that day.")})
    if scheduled_at < timezone.now() - datetime.timedelta(days=1):
        raise ValidationError({"scheduled_at": _("A meeting is planned for today or later.")})
    meeting = Meeting.objects.create(
        group=group,
        kind=kind,
        scheduled_at=scheduled_at,
        place=_text(place, field="place")[:200],
        rules=rules,
        created_by=actor,
        created_at=timezone.now(),
    )
    _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="planned", kind=kind)
    return meeting


def next_regular_date(group: Group) -> datetime.date | None:
    """The pack's cadence after the group's last regular meeting; None before its first."""
    last = (
        Meeting.objects.filter(group=group, kind=MeetingKind.REGULAR)
        .exclude(status=MeetingStatus.CANCELLED)
        .aggregate(last=Max("scheduled_at"))["last"]
    )
    if last is None:
        return None
    rules = rules_on(group, country_local_date(_country(group), last))
    return country_local_date(_country(group), last) + datetime.timedelta(days=rules.cadence_days if rules else 30)


def _ensure_before(meeting: Meeting) -> None:
    if meeting.status not in BEFORE_MEETING:
        raise ValidationError(_("The meeting has taken place: its agenda is no longer changed."))


@service
def meeting_reschedule(*, actor: User, meeting: Meeting, scheduled_at: datetime.datetime, place: str) -> Meeting:
    ensure_manages(actor, meeting.group)
    _ensure_before(meeting)
    meeting.scheduled_at, meeting.place = scheduled_at, _text(place, field="place")[:200]
    meeting.save(update_fields=["scheduled_at", "place"])
    meeting.items.update(summary_until=summary_until(meeting))
    _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="rescheduled")
    return meeting


@service
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """A cancelled meeting's cases close to the members at once; they go on the next meeting's agenda again."""
    ensure_manages(actor, meeting.group)
    _ensure_before(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    meeting.items.update(summary_until=timezone.now())
    _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="cancelled")
    return meeting


# ---- the agenda -------------------------------------------------------------------------------------------------


def _put_on_agenda(
    actor: User, meeting: Meeting, case: Case, reasons: list[dict[str, str]], family_id: int | None
) -> AgendaItem:
    position = (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        position=position,
        reasons=reasons,
        added_by=actor,
        added_at=timezone.now(),
        summary_until=summary_until(meeting),
        family_id=family_id,
    )
    # The repeat flag counts from the last time the case was referred to a group (DOMAIN.md §1.6).
    case.last_group_referral_on = country_local_date(_country(meeting.group), timezone.now())
    case.save(update_fields=["last_group_referral_on"])
    case_log(
        case=case,
        actor=actor,
        kind=GroupsTimelineKind.PUT_ON_AGENDA,
        target=item,
        action=GroupsAuditAction.AGENDA_CHANGED,
        meeting=meeting.pk,
        reasons=[row["code"] for row in reasons],
    )
    return item


@service
def agenda_build(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """Puts on the agenda the cases the pack's rules find; a case already there gets the reasons it lacked. Every
    module whose proposal was taken is told."""
    ensure_manages(actor, meeting.group)
    _ensure_before(meeting)
    existing = {item.case_id: item for item in meeting.items.all()}
    proposals = agenda.compute(meeting)
    cases = Case.objects.in_bulk([p.case_id for p in proposals if p.case_id not in existing])
    added = []
    for proposal in proposals:
        item = existing.get(proposal.case_id)
        if item is None:
            added.append(_put_on_agenda(actor, meeting, cases[proposal.case_id], proposal.reasons, proposal.family_id))
            continue
        known = set(item.reason_codes)
        fresh = [row for row in proposal.reasons if row["code"] not in known]
        if fresh:
            item.reasons = item.reasons + fresh
            item.family_id = item.family_id or proposal.family_id
            item.save(update_fields=["reasons", "family"])
    _tell_sources(proposals, actor)
    return added


def _tell_sources(proposals: Iterable[agenda.Proposal], actor: User) -> None:
    by_source: dict[str, list[int]] = {}
    for proposal in proposals:
        for row in proposal.reasons:
            by_source.setdefault(row["code"], []).append(proposal.case_id)
    for code, case_ids in by_source.items():
        source = agenda_sources.source(code)
        if source is not None:
            source.taken(case_ids, actor)


@service
def agenda_add(*, actor: User, meeting: Meeting, case: Case, note: str = "") -> AgendaItem:
    """The secretary's own addition: a case of the group's territory the secretary may see."""
    ensure_manages(actor, meeting.group)
    _ensure_before(meeting)
    in_territory = agenda.group_cases(meeting.group).filter(pk=case.pk)
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists() or not in_territory.exists():
        raise ValidationError({"case": _("Choose an open case of the group's territory.")})
    if meeting.items.filter(case=case).exists():
        raise ValidationError({"case": _("The case is on this agenda already.")})
    detail = _text(note, field="note")
    return _put_on_agenda(actor, meeting, case, [{"code": AgendaReason.BY_HAND, "detail": detail}], None)


@service
def agenda_remove(*, actor: User, item: AgendaItem) -> None:
    ensure_manages(actor, item.meeting.group)
    _ensure_before(item.meeting)
    if item.actions.exists():
        raise ValidationError(_("The group gave actions on this case: it stays on the agenda."))
    case_log(
        case=item.case,
        actor=actor,
        kind=GroupsTimelineKind.TAKEN_OFF_AGENDA,
        target=item.meeting,
        action=GroupsAuditAction.AGENDA_CHANGED,
        meeting=item.meeting_id,
    )
    item.delete()


@service
def agenda_reorder(*, actor: User, meeting: Meeting, item_ids: list[int]) -> None:
    ensure_manages(actor, meeting.group)
    _ensure_before(meeting)
    items = {item.pk: item for item in meeting.items.all()}
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("Give the order of every item of this agenda."))
    for position, pk in enumerate(item_ids, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    _audit(actor, GroupsAuditAction.AGENDA_CHANGED, meeting, change="reordered")


def participants(group: Group) -> list[User]:
    """Who sits on the group: chair, secretary, and the member agencies' representatives and deputies."""
    users = {u.pk: u for u in (group.chair, group.secretary) if u is not None}
    members = Member.objects.filter(group=group, left_on__isnull=True).select_related("representative", "deputy")
    for member in members:
        for user in (member.representative, member.deputy):
            if user is not None:
                users[user.pk] = user
    return list(users.values())


@service
def agenda_send(*, actor: User, meeting: Meeting) -> Meeting:
    ensure_manages(actor, meeting.group)
    _ensure_before(meeting)
    if not meeting.items.exists():
        raise ValidationError(_("The agenda is empty: add the cases to discuss first."))
    meeting.status, meeting.agenda_sent_at = MeetingStatus.AGENDA_SENT, timezone.now()
    meeting.save(update_fields=["status", "agenda_sent_at"])
    notify(
        recipients=participants(meeting.group),
        kind=GroupsNotification.AGENDA_SENT,
        key=f"group-agenda:{meeting.pk}:{meeting.agenda_sent_at:%Y%m%d%H%M}",
    )
    _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="agenda_sent")
    return meeting


# ---- at the meeting ---------------------------------------------------------------------------------------------


@service
def attendance_record(*, actor: User, meeting: Meeting, rows: list[dict[str, Any]]) -> list[Attendance]:
    """rows: [{member, presence, attendee (a user of the member agency) or substitute_name}], one per member agency
    of the group."""
    ensure_manages(actor, meeting.group)
    if meeting.status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED):
        raise ValidationError(_("The minutes are approved: the attendance is no longer changed."))
    members = {m.pk: m for m in Member.objects.filter(group=meeting.group).select_related("agency")}
    saved = []
    for row in rows:
        member = members.get(getattr(row["member"], "pk", row["member"]))
        if member is None:
            raise ValidationError(_("Record the attendance of the group's member agencies only."))
        presence = row.get("presence")
        if presence not in Presence.values:
            raise ValidationError({"presence": _("Choose present, apologies or absent.")})
        attendee = row.get("attendee")
        if attendee is not None and (attendee.agency is None or attendee.agency.pk != member.agency_id):
            raise ValidationError({"attendee": _("The attendee must be a member of staff of that agency.")})
        substitute = _text(row.get("substitute_name", ""), field="substitute_name")[:200]
        if presence != Presence.PRESENT:
            attendee, substitute = None, ""
        elif attendee is None and not substitute:
            attendee = member.representative
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={"presence": presence, "attendee": attendee, "substitute_name": substitute},
        )
        saved.append(attendance)
    _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="attendance")
    return saved


@service
def confidentiality_accept(*, user: User, meeting: Meeting) -> Acceptance:
    if not (attends(user, meeting) or may_manage_group(user, meeting.group)):
        raise PermissionDenied
    acceptance, created = Acceptance.objects.get_or_create(meeting=meeting, user=user)
    if created:
        _audit(user, GroupsAuditAction.CONFIDENTIALITY_ACCEPTED, meeting)
    return acceptance


def has_accepted(user: User, meeting: Meeting) -> bool:
    return Acceptance.objects.filter(meeting=meeting, user=user).exists()


@service
def contribution_add(*, actor: User, item: AgendaItem, text: str) -> Contribution:
    """An agency's information on a case of the agenda, before or at the meeting, by whoever sits for it."""
    meeting = item.meeting
    if meeting.status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED):
        raise ValidationError(_("The minutes are approved: nothing more is added to this meeting."))
    agency = actor.agency
    if agency is None or not (seat_of(actor, meeting.group) or may_manage_group(actor, meeting.group)):
        raise PermissionDenied
    if not Case.objects.visible_to(actor, SUMMARY, among=[item.case_id]).exists():
        raise PermissionDenied
    if not has_accepted(actor, meeting):
        raise ValidationError(_("Accept the confidentiality statement first."))
    contribution = Contribution.objects.create(
        item=item,
        agency=agency,
        author=actor,
        text=_text(text, field="text", required=_("Write what your agency knows.")),
        created_at=timezone.now(),
    )
    case_log(
        case=item.case,
        actor=actor,
        kind=GroupsTimelineKind.DISCUSSED,
        target=contribution,
        action=GroupsAuditAction.CONTRIBUTION_ADDED,
        meeting=meeting.pk,
    )
    return contribution


def _ensure_recording(meeting: Meeting) -> None:
    """Decisions and actions are recorded from the meeting's start until its minutes are approved."""
    if meeting.status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED):
        raise ValidationError(_("The minutes are approved: the record of the meeting is no longer changed."))
    if meeting.scheduled_at > timezone.now() + datetime.timedelta(hours=1):
        raise ValidationError(_("The meeting has not started yet."))


@service
def item_decide(*, actor: User, item: AgendaItem, decision: str) -> AgendaItem:
    ensure_manages(actor, item.meeting.group)
    _ensure_recording(item.meeting)
    item.decision = _text(decision, field="decision", required=_("Write the group's decision."))
    item.discussed = True
    item.save(update_fields=["decision", "discussed"])
    case_log(
        case=item.case,
        actor=actor,
        kind=GroupsTimelineKind.DISCUSSED,
        target=item,
        action=GroupsAuditAction.DECISION_RECORDED,
        meeting=item.meeting_id,
    )
    return item


@service
def action_create(
    *,
    actor: User,
    item: AgendaItem,
    owner: Agency | None,
    text: str,
    due_on: datetime.date | None,
    responsible: User | None = None,
) -> Action:
    meeting = item.meeting
    ensure_manages(actor, meeting.group)
    _ensure_recording(meeting)
    if owner is None or not owner.is_active or owner.territory.country_code != _country(meeting.group):
        raise ValidationError({"owner": _("Choose the agency that is to act.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date the action is due.")})
    if due_on < meeting_day(meeting):
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    if responsible is not None and (responsible.agency is None or responsible.agency.pk != owner.pk):
        raise ValidationError({"responsible": _("The responsible person must work for the owner agency.")})
    action = Action.objects.create(
        item=item,
        case=item.case,
        group=meeting.group,
        owner=owner,
        responsible=responsible,
        text=_text(text, field="text", required=_("Say what is to be done.")),
        due_on=due_on,
        created_at=timezone.now(),
    )
    case_log(
        case=item.case,
        actor=actor,
        kind=GroupsTimelineKind.DISCUSSED,
        target=action,
        action=GroupsAuditAction.ACTION_CHANGED,
        change="assigned",
        owner=owner.pk,
    )
    notify(recipients=action_recipients(action), kind=GroupsNotification.ACTION_ASSIGNED, case=item.case)
    return action


def action_recipients(action: Action) -> list[User]:
    """The responsible person, else the owner agency's representative and deputy on the group."""
    if action.responsible is not None and action.responsible.is_active:
        return [action.responsible]
    member = Member.objects.filter(group=action.group, agency=action.owner, left_on__isnull=True).first()
    found = [u for u in (member.representative, member.deputy) if u is not None] if member else []
    return found or ([action.group.secretary] if action.group.secretary else [])


def may_close_action(user: User, action: Action) -> bool:
    """Staff of the owner agency who work on cases, or those who run the group."""
    own = user.agency is not None and user.agency.pk == action.owner_id and user.has_capability(Capability.EDIT_CASES)
    return own or may_manage_group(user, action.group)


@service
def action_close(
    *, actor: User, action: Action, status: str, reason: str = "", note: str = "", meeting: Meeting | None = None
) -> Action:
    """Done, or not done and why (circumstances changed, or the agency did not act): by the owner agency, or at the
    next meeting by its secretary (`meeting`: the meeting that reviewed it)."""
    if not may_close_action(actor, action):
        raise PermissionDenied
    if action.status != ActionStatus.OPEN:
        raise ValidationError(_("The action is closed already."))
    if status not in (ActionStatus.DONE, ActionStatus.NOT_DONE):
        raise ValidationError({"status": _("Choose done or not done.")})
    if status == ActionStatus.NOT_DONE and reason not in NotDoneReason.values:
        raise ValidationError({"reason": _("Say why it was not done.")})
    if meeting is not None and meeting.group_id != action.group_id:
        raise ValidationError(_("Review the action at a meeting of its own group."))
    action.status = status
    action.not_done_reason = reason if status == ActionStatus.NOT_DONE else ""
    action.note = _text(note, field="note")
    action.closed_at, action.closed_by, action.reviewed_at = timezone.now(), actor, meeting
    action.save(update_fields=["status", "not_done_reason", "note", "closed_at", "closed_by", "reviewed_at"])
    case_log(
        case=action.case,
        actor=actor,
        kind=GroupsTimelineKind.ACTION_CLOSED,
        target=action,
        action=GroupsAuditAction.ACTION_CHANGED,
        change=status,
        reason=action.not_done_reason,
    )
    return action


def quorum_problems(meeting: Meeting, chaired_by: User | None) -> list[str]:
    """What the pack's quorum rule finds missing; empty when the meeting may be recorded as held."""
    problems = []
    rules = meeting.rules
    required = Member.objects.filter(group=meeting.group, left_on__isnull=True, is_optional=False)
    present = meeting.attendances.filter(member__in=required, presence=Presence.PRESENT).count()
    total = required.count()
    needed = math.ceil(total * rules.quorum_percent / 100)
    if total and present < needed:
        problems.append(
            _("No quorum: %(present)d of %(total)d member agencies present, %(needed)d needed.")
            % {"present": present, "total": total, "needed": needed}
        )
    if rules.chair_required and chaired_by is None:
        problems.append(_("The meeting has no chair."))
    return problems


@service
def meeting_hold(*, actor: User, meeting: Meeting, chaired_by: User | None) -> Meeting:
    """Records that the meeting took place: under the pack's quorum rule, and chaired by the group's chair or by an
    attendee standing in."""
    ensure_manages(actor, meeting.group)
    if meeting.status not in BEFORE_MEETING:
        raise ValidationError(_("The meeting is recorded already."))
    if meeting.scheduled_at > timezone.now() + datetime.timedelta(hours=1):
        raise ValidationError(_("The meeting has not started yet."))
    stands_in = chaired_by is not None and chaired_by.pk != meeting.group.chair_id
    if stands_in and not meeting.attendances.filter(attendee=chaired_by, presence=Presence.PRESENT).exists():
        raise ValidationError({"chaired_by": _("The chair is the group's chair or an attendee standing in.")})
    problems = quorum_problems(meeting, chaired_by)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    country = _country(meeting.group)
    due = period_end(now, meeting.rules.minutes_deadline, working_calendar(country), zone_of(country))
    meeting.status, meeting.held_at = MeetingStatus.HELD, now
    # The minutes are due by the end of the last day the pack allows.
    meeting.minutes_due_on = country_local_date(country, due - datetime.timedelta(seconds=1))
    meeting.save(update_fields=["status", "held_at", "minutes_due_on"])
    _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="held", chaired_by=getattr(chaired_by, "pk", None))
    return meeting


@service
def minutes_approve(*, actor: User, meeting: Meeting) -> Meeting:
    if not may_approve_minutes(actor, meeting):
        raise PermissionDenied
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Minutes are approved once the meeting is recorded as held."))
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.minutes_approved_at, meeting.minutes_approved_by = timezone.now(), actor
    meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_by"])
    _audit(actor, GroupsAuditAction.MINUTES_APPROVED, meeting)
    return meeting


@service
def minutes_distribute(*, actor: User, meeting: Meeting) -> Meeting:
    """Tells every member the approved minutes are there to download (the download itself is audited)."""
    ensure_manages(actor, meeting.group)
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(_("The chair approves the minutes before they go out."))
    if meeting.minutes_distributed_at is None:
        meeting.minutes_distributed_at = timezone.now()
        meeting.save(update_fields=["minutes_distributed_at"])
        notify(
            recipients=participants(meeting.group),
            kind=GroupsNotification.MINUTES_DISTRIBUTED,
            key=f"group-minutes:{meeting.pk}",
        )
        _audit(actor, GroupsAuditAction.MEETING_CHANGED, meeting, change="minutes_distributed")
    return meeting


# ---- the at-risk family register --------------------------------------------------------------------------------


@service
def family_add(
    *,
    actor: User,
    group: Group,
    cases: list[Case],
    persons: list[Any],
    reason: str,
    review_on: datetime.date | None,
    responsible: Agency | None,
) -> Family:
    ensure_manages(actor, group)
    if not cases:
        raise ValidationError({"cases": _("Link at least one case.")})
    ids = [case.pk for case in cases]
    reachable = agenda.group_cases(group).filter(pk__in=ids).filter(pk__in=Case.objects.visible_to(actor, among=ids))
    if reachable.count() != len(set(ids)):
        raise ValidationError({"cases": _("Choose open cases of the group's territory.")})
    from concord.cases.models import Participant

    allowed = set(Participant.objects.filter(case_id__in=ids).values_list("person_id", flat=True))
    if any(person.pk not in allowed for person in persons):
        raise ValidationError({"persons": _("Choose persons of the linked cases.")})
    if review_on is None or review_on < country_today(_country(group)):
        raise ValidationError({"review_on": _("Give a review date from today on.")})
    if responsible is None or responsible.territory.country_code != _country(group):
        raise ValidationError({"responsible": _("Choose the responsible agency.")})
    family = Family.objects.create(
        group=group,
        reason=_text(reason, field="reason", required=_("Say why the group follows this family.")),
        review_on=review_on,
        responsible=responsible,
        added_by=actor,
        added_on=country_today(_country(group)),
    )
    family.cases.set(cases)
    family.persons.set(persons)
    _audit(actor, GroupsAuditAction.FAMILY_CHANGED, family, change="added")
    return family


@service
def family_review(*, actor: User, family: Family, review_on: datetime.date | None, note: str = "") -> Family:
    ensure_manages(actor, family.group)
    if family.closed_on is not None:
        raise ValidationError(_("The family is no longer followed."))
    if review_on is None or review_on <= country_today(_country(family.group)):
        raise ValidationError({"review_on": _("Give the next review date, after today.")})
    family.review_on = review_on
    family.save(update_fields=["review_on"])
    _audit(actor, GroupsAuditAction.FAMILY_CHANGED, family, change="reviewed")
    return family


@service
def family_close(*, actor: User, family: Family, outcome: str, note: str = "") -> Family:
    ensure_manages(actor, family.group)
    if family.closed_on is not None:
        raise ValidationError(_("The family is no longer followed."))
    if outcome not in FamilyOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    family.closed_on, family.outcome = country_today(_country(family.group)), outcome
    family.outcome_note = _text(note, field="note")
    family.save(update_fields=["closed_on", "outcome", "outcome_note"])
    _audit(actor, GroupsAuditAction.FAMILY_CHANGED, family, change="closed", outcome=outcome)
    return family


# ---- a survivor who moves ---------------------------------------------------------------------------------------


def group_of(case: Case) -> Group | None:
    """The active group whose territory covers the case's, the nearest one first."""
    covering = Group.objects.filter(
        is_active=True, kind__is_active=True, territory__path__in=territory_prefixes(case.territory)
    )
    return covering.order_by("-territory__level").first()


@service
def case_transfer(*, actor: User | None, case: Case) -> int:
    """After the survivor moved (the case's territory changed): her open actions pass to the group of the new
    district. A case a group was following, or one at the level the group hears, goes on that group's next agenda
    (MARAC practice: the receiving group hears a transferred case) and its chair and secretary are told, even
    when no meeting is planned yet. Returns how many actions moved."""
    group = group_of(case)
    if group is None:
        return 0
    moving = Action.objects.filter(case=case, status=ActionStatus.OPEN).exclude(group=group)
    count = moving.update(group=group)
    if count:
        case_log(
            case=case,
            actor=actor,
            kind=GroupsTimelineKind.TRANSFERRED,
            target=group,
            action=GroupsAuditAction.CASE_TRANSFERRED,
            group=group.pk,
            actions=count,
        )
    if not (count or case.last_group_referral_on or _at_heard_level(group, case)):
        return count
    meeting = group.meetings.filter(status__in=BEFORE_MEETING).order_by("scheduled_at").first()
    if meeting is not None and actor is not None and not meeting.items.filter(case=case).exists():
        _put_on_agenda(actor, meeting, case, [{"code": AgendaReason.MOVED_IN, "detail": ""}], None)
    notify(
        recipients=[user for user in (group.chair, group.secretary) if user is not None],
        kind=GroupsNotification.CASE_MOVED_IN,
        case=case,
        key=f"group-moved-in:{group.pk}:{case.pk}:{country_today(_country(group)):%Y%m%d}",
    )
    return count


def _at_heard_level(group: Group, case: Case) -> bool:
    """Whether the case's risk reaches the level of the group's rule for new high-risk cases."""
    rules = rules_on(group, country_today(_country(group)))
    levels = [row["min_level"] for row in (rules.agenda if rules else []) if row["rule"] == AgendaReason.NEW_HIGH_RISK]
    return bool(levels) and case.risk_level is not None and case.risk_level >= min(levels)


def on_case_moved(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    case = Case.objects.select_related("territory").filter(pk=case_id).first()
    if case is not None:
        actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
        case_transfer(actor=actor, case=case)

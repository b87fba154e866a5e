"""The monitoring-group module's part of the national data set (concord.cases.national): each district's group with
the generated agencies as members (two of each agency's caseworkers sitting for it), a regular meeting every cadence
of the pack's rules, and every case that reached HIGH risk on the agenda of the first meeting after its assessment
(with a decision and one or two actions, done, not done or still open as their age makes likely); now and then a
family the group follows."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from concord.cases.choices import RiskLevel
from concord.cases.national import Chunk, GeneratedCase
from concord.groups.choices import ActionStatus, AgendaReason, MeetingStatus, NotDoneReason
from concord.groups.models import Action, AgendaItem, Family, Group, GroupKind, GroupRules, Meeting, Member

FAMILY_SHARE = 0.05
NOT_DONE_SHARE = 0.15
DAY = datetime.timedelta(days=1)


class GroupSection:
    models: tuple[type[models.Model], ...] = (AgendaItem, Action, Family, Family.cases.through)

    def __init__(self) -> None:
        self.run: object = None
        self.groups: dict[int, Group] = {}
        self.rules: list[GroupRules] = []
        self.meetings: dict[tuple[int, int], Meeting] = {}

    def _prepare(self, chunk: Chunk) -> None:
        self.run, self.groups, self.meetings = chunk.run, {}, {}
        country = chunk.run.country
        kind = GroupKind.objects.filter(country=country, is_active=True).order_by("code").first()
        self.rules = list(GroupRules.objects.filter(kind=kind).order_by("effective_from")) if kind else []
        if kind is None or not self.rules:
            return
        for district in chunk.run.districts:
            group, _created = Group.objects.get_or_create(
                kind=kind, territory=district.territory, defaults={"language": "ru"}
            )
            for agency in district.holders:
                # Each member agency sits with two of its caseworkers, so that the trainings' coverage of the
                # groups' members has people to count.
                seated = district.caseworkers.get(agency.pk, [])
                Member.objects.get_or_create(
                    group=group,
                    agency=agency,
                    left_on=None,
                    defaults={
                        "representative_id": seated[0] if seated else None,
                        "deputy_id": seated[1] if len(seated) > 1 else None,
                    },
                )
            self.groups[district.territory.pk] = group

    def _rules_on(self, day: datetime.date) -> GroupRules:
        found = [rules for rules in self.rules if rules.effective_from <= day]
        return found[-1] if found else self.rules[0]

    def _meeting(self, group: Group, after: datetime.datetime) -> Meeting:
        """The group's regular meeting of the cadence period after `after` (made on first use)."""
        cadence = self.rules[-1].cadence_days
        epoch = datetime.datetime(2000, 1, 3, 10, tzinfo=datetime.UTC)
        index = int((after - epoch) / datetime.timedelta(days=cadence)) + 1
        key = (group.pk, index)
        meeting = self.meetings.get(key)
        if meeting is None:
            at = epoch + datetime.timedelta(days=cadence * index)
            now = timezone.now()
            held = at < now
            meeting = Meeting.objects.create(
                group=group,
                scheduled_at=at,
                place="",
                status=MeetingStatus.MINUTES_APPROVED if held else MeetingStatus.PLANNED,
                rules=self._rules_on(at.date()),
                held_at=at if held else None,
                agenda_sent_at=at - 3 * DAY,
                minutes_due_on=(at + 3 * DAY).date() if held else None,
                minutes_approved_at=at + 2 * DAY if held else None,
                minutes_distributed_at=at + 2 * DAY if held else None,
                created_at=at - 7 * DAY,
            )
            self.meetings[key] = meeting
        return meeting

    def build(self, chunk: Chunk) -> None:
        if chunk.run is not self.run:
            self._prepare(chunk)
        if not self.groups:
            return
        for generated in chunk.cases:
            case = generated.case
            if case.risk_level is None or case.risk_level < RiskLevel.HIGH or case.risk_assessed_at is None:
                continue
            group = self.groups.get(generated.district.territory.pk)
            if group is None:
                continue
            self._discuss(chunk, generated, group)

    def _discuss(self, chunk: Chunk, generated: GeneratedCase, group: Group) -> None:
        rng, case = chunk.rng, generated.case
        assert case.risk_assessed_at is not None
        meeting = self._meeting(group, case.risk_assessed_at)
        window = meeting.scheduled_at + datetime.timedelta(days=meeting.rules.summary_window_days + 1)
        reasons = [{"code": AgendaReason.NEW_HIGH_RISK, "detail": ""}]
        if rng.random() < 0.6:
            reasons.append({"code": AgendaReason.PATHWAY_PROPOSAL, "detail": ""})
        held = meeting.status == MeetingStatus.MINUTES_APPROVED
        item = chunk.add(
            AgendaItem(
                meeting=meeting,
                case_id=case.pk,
                position=rng.randint(1, 30),
                reasons=reasons,
                added_at=meeting.scheduled_at - 7 * DAY,
                summary_until=window,
                decision="Safety plan reviewed; agencies to act." if held else "",
                discussed=held,
            )
        )
        case.last_group_referral_on = (meeting.scheduled_at - 7 * DAY).date()
        if held:
            for _ in range(rng.choice((1, 1, 2))):
                self._action(chunk, generated, group, meeting, item)
        if rng.random() < FAMILY_SHARE:
            family = chunk.add(
                Family(
                    group=group,
                    reason="Children at home; repeated incidents.",
                    added_on=meeting.scheduled_at.date(),
                    review_on=meeting.scheduled_at.date() + datetime.timedelta(days=rng.choice((30, 60, 90))),
                    responsible=rng.choice(generated.district.holders),
                )
            )
            chunk.add(Family.cases.through(family_id=family.pk, case_id=case.pk))

    def _action(self, chunk: Chunk, generated: GeneratedCase, group: Group, meeting: Meeting, item) -> None:
        rng = chunk.rng
        due = meeting.scheduled_at.date() + datetime.timedelta(days=rng.randint(7, 30))
        today = timezone.localdate()
        status, reason, closed = ActionStatus.OPEN, "", None
        if due < today - datetime.timedelta(days=14) or (due < today and rng.random() < 0.7):
            status = ActionStatus.NOT_DONE if rng.random() < NOT_DONE_SHARE else ActionStatus.DONE
            reason = rng.choice(NotDoneReason.values) if status == ActionStatus.NOT_DONE else ""
            closed = datetime.datetime.combine(due, datetime.time(12), tzinfo=datetime.UTC) - rng.randint(0, 5) * DAY
        chunk.add(
            Action(
                item_id=item.pk,
                case_id=generated.case.pk,
                group=group,
                owner=rng.choice(generated.district.holders),
                text="Visit and review the safety plan.",
                due_on=due,
                status=status,
                not_done_reason=reason,
                closed_at=closed,
                created_at=meeting.scheduled_at,
            )
        )

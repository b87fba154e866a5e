"""The programmes module's part of the national data set (concord.cases.national): a programme of the country's
first programme type in every district that sends someone to it, and for about one case in twenty-five with an
alleged perpetrator an enrolment required after one of its incidents — by an order's condition, a court, a referral
or his own agreement — with the first contact due under the type's rules in force that day (the same arithmetic as
the services), enrolled or declined, weekly sessions with their attendance, and completed, dropped out or excluded
as an enrolment of its age would be."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache

from django.db import models

from concord.accounts.models import Agency, AgencyKind
from concord.cases.national import Chunk, GeneratedCase
from concord.countries.clock import country_local_date
from concord.programmes.choices import (
    Audience,
    Basis,
    EnrolmentStatus,
    LeavingReason,
    Presence,
    ProgrammesAuditAction,
    ProgrammesTimelineKind,
)
from concord.programmes.models import (
    Attendance,
    Enrolment,
    Programme,
    ProgrammeRules,
    ProgrammeSession,
    ProgrammeType,
    Trainee,
    TrainingPlan,
    TrainingSession,
)
from concord.programmes.services import first_contact_due

ENROLMENT_SHARE = 0.04
BASES = ((Basis.PROTECTION_ORDER, 4), (Basis.COURT_ORDER, 3), (Basis.REFERRAL, 2), (Basis.VOLUNTARY, 1))
DECLINED_SHARE = 0.05
WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)
PRESENCE = ((Presence.PRESENT, 85), (Presence.EXCUSED, 7), (Presence.ABSENT, 8))


class ProgrammesSection:
    models: tuple[type[models.Model], ...] = (Programme, Enrolment, ProgrammeSession, Attendance)

    def __init__(self) -> None:
        self.run: object = None
        self.country_code = ""
        self.programmes: dict[int, Programme] = {}

    def build(self, chunk: Chunk) -> None:
        if chunk.run is not self.run:
            self.run, self.country_code, self.programmes = chunk.run, chunk.run.country.code, {}
            self._type.cache_clear()
        found = self._type()
        if found is None:
            return
        programme_type, versions, kind = found
        for generated in chunk.cases:
            if generated.incidents and generated.perpetrators and chunk.rng.random() < ENROLMENT_SHARE:
                self._enrolment(chunk, generated, programme_type, versions, kind)

    @cache  # noqa: B019 - one section per run; cleared when the country changes
    def _type(self) -> tuple[ProgrammeType, list[ProgrammeRules], AgencyKind] | None:
        programme_type = ProgrammeType.objects.filter(country__code=self.country_code, is_active=True).first()
        if programme_type is None:
            return None
        kind = AgencyKind.objects.filter(country_code=self.country_code, code__in=programme_type.provider_kinds).first()
        versions = list(programme_type.versions.order_by("effective_from"))
        return (programme_type, versions, kind) if kind is not None and versions else None

    def _programme(self, chunk: Chunk, generated: GeneratedCase, programme_type, kind, rules) -> Programme:
        territory = generated.district.territory
        if territory.pk not in self.programmes:
            provider: Agency = chunk.run.agency(kind, territory)  # type: ignore[attr-defined]
            programme = Programme.objects.filter(provider=provider, programme_type=programme_type).first()
            if programme is None:
                programme = chunk.add(
                    Programme(
                        programme_type_id=programme_type.pk, provider_id=provider.pk,
                        name=f"{programme_type.name_en} — {territory.name_en}", sessions=rules.sessions,
                        hours=rules.hours, capacity=40, created_by_id=generated.lead_id, created_at=chunk.now,
                    )
                )  # fmt: skip
            self.programmes[territory.pk] = programme
        return self.programmes[territory.pk]

    def _enrolment(self, chunk: Chunk, generated: GeneratedCase, programme_type, versions, kind) -> None:
        rng, case, now = chunk.rng, generated.case, chunk.now
        incident = rng.choice(generated.incidents)
        required_at = min(incident.recorded_at + datetime.timedelta(days=rng.randint(3, 40)), now - DAY)
        day = country_local_date(self.country_code, required_at)
        in_force = [v for v in versions if v.effective_from <= day]
        if not in_force:
            return
        rules = in_force[-1]
        programme = self._programme(chunk, generated, programme_type, kind, rules)
        basis = rng.choices([b for b, _w in BASES], weights=[w for _b, w in BASES])[0]
        due = first_contact_due(rules, required_at, self.country_code)
        enrolment = chunk.add(
            Enrolment(
                case_id=case.pk, participant_id=generated.perpetrators[0].pk, territory_id=case.territory_id,
                programme_type_id=programme_type.pk, rules_version=rules.version, programme_id=programme.pk,
                basis=basis, imposed_by="generated" if basis == Basis.PROTECTION_ORDER else "",
                reference="Generated decision" if basis == Basis.COURT_ORDER else "", required_at=required_at,
                first_contact_due_at=due, requested_by_id=generated.lead_id,
                requesting_agency_id=case.owning_agency_id, status=EnrolmentStatus.REQUESTED,
                status_changed_at=required_at,
            )
        )  # fmt: skip
        chunk.log(
            generated, ProgrammesTimelineKind.REQUESTED, required_at, target=enrolment,
            action=ProgrammesAuditAction.ENROLMENT_CHANGED, programme_type=programme_type.code, basis=basis,
        )  # fmt: skip
        contact = required_at + (due - required_at) * rng.uniform(0.2, 1.3)
        if contact > now:
            return
        if rng.random() < DECLINED_SHARE:
            self._end(chunk, generated, enrolment, EnrolmentStatus.DECLINED, contact, LeavingReason.NOT_ELIGIBLE)
            return
        enrolment.status, enrolment.enrolled_at, enrolment.first_contact_at = EnrolmentStatus.ENROLLED, contact, contact
        enrolment.status_changed_at, enrolment.decided_by_id = contact, generated.lead_id
        chunk.log(
            generated, ProgrammesTimelineKind.ENROLLED, contact, target=enrolment,
            action=ProgrammesAuditAction.ENROLMENT_CHANGED, programme_type=programme_type.code,
        )  # fmt: skip
        self._attend(chunk, generated, programme, enrolment, rules, contact)

    def _attend(self, chunk, generated, programme, enrolment, rules, contact) -> None:
        """Weekly sessions from the week after the first contact; he leaves (one in three) or completes once the
        rules' sessions are attended, unless the week comes after today."""
        rng, now = chunk.rng, chunk.now
        leaves_after = rng.randint(1, rules.sessions) if rng.random() < 0.33 else None
        present = 0
        held_at = contact + WEEK
        for week in range(rules.sessions + rules.absences + 2):
            if held_at > now:
                return
            if leaves_after is not None and week >= leaves_after:
                excluded = rng.random() < 0.15
                status = EnrolmentStatus.EXCLUDED if excluded else EnrolmentStatus.DROPPED_OUT
                reason = LeavingReason.RULES_BROKEN if excluded else LeavingReason.STOPPED_ATTENDING
                self._end(chunk, generated, enrolment, status, held_at - DAY * 3, reason)
                return
            presence = rng.choices([p for p, _w in PRESENCE], weights=[w for _p, w in PRESENCE])[0]
            session = chunk.add(
                ProgrammeSession(
                    programme_id=programme.pk, held_at=held_at, hours=Decimal(2), topic="",
                    recorded_by_id=generated.lead_id, recorded_at=held_at,
                )
            )  # fmt: skip
            chunk.add(
                Attendance(
                    session_id=session.pk, enrolment_id=enrolment.pk, case_id=enrolment.case_id, presence=presence
                )
            )
            present += presence == Presence.PRESENT
            if present >= rules.sessions:
                self._end(chunk, generated, enrolment, EnrolmentStatus.COMPLETED, held_at + DAY, "")
                return
            held_at += WEEK

    def _end(self, chunk, generated, enrolment, status, at, reason) -> None:
        at = min(at, chunk.now)
        enrolment.status, enrolment.status_changed_at, enrolment.ended_at = status, at, at
        enrolment.end_reason, enrolment.decided_by_id = reason, generated.lead_id
        kind = {
            EnrolmentStatus.COMPLETED: ProgrammesTimelineKind.COMPLETED,
            EnrolmentStatus.DECLINED: ProgrammesTimelineKind.DECLINED,
        }.get(status, ProgrammesTimelineKind.LEFT)
        chunk.log(
            generated, kind, at, target=enrolment, action=ProgrammesAuditAction.ENROLMENT_CHANGED, status=status,
        )  # fmt: skip


TRAINEES_PER_SESSION = (12, 30)
STAFF_SHARE = 0.4
AUDIENCES = (Audience.GROUP_MEMBERS, Audience.POLICE, Audience.ADMIN_UNIT_STAFF)
TOPICS = ["The law and its amendments", "Identifying risk factors", "Case management, referral and monitoring"]


class TrainingsSection:
    """Each district's training plans of the generated years (one a year, for an audience in turn), two sessions a
    year held by the district's coordinating agency, and their attendance sheets: some of the district's staff and
    people from outside, with test scores. Written once per district, the first time one of its cases is built."""

    models: tuple[type[models.Model], ...] = (TrainingPlan, TrainingSession, Trainee)

    def __init__(self) -> None:
        self.run: object = None
        self.done: set[int] = set()

    def build(self, chunk: Chunk) -> None:
        if chunk.run is not self.run:
            self.run, self.done = (
                chunk.run,
                set(TrainingPlan.objects.filter(owner__code__startswith="G").values_list("territory_id", flat=True)),
            )
        for generated in chunk.cases:
            district = generated.district
            if district.territory.pk not in self.done:
                self.done.add(district.territory.pk)
                self._district(chunk, generated)

    def _district(self, chunk: Chunk, generated: GeneratedCase) -> None:
        rng, now, territory = chunk.rng, chunk.now, generated.district.territory
        owner_id = generated.case.owning_agency_id
        staff = [user for users in generated.district.caseworkers.values() for user in users]
        first_year = chunk.run.start.year  # type: ignore[attr-defined]
        for offset, year in enumerate(range(first_year, now.year + 1)):
            audience = AUDIENCES[offset % len(AUDIENCES)]
            plan = chunk.add(
                TrainingPlan(
                    owner_id=owner_id, territory_id=territory.pk, year=year, audience=audience,
                    title=f"{Audience(audience).label} {year}", topics=TOPICS, target_people=40, target_sessions=2,
                    created_by_id=generated.lead_id, created_at=datetime.datetime(year, 1, 10, tzinfo=datetime.UTC),
                )
            )  # fmt: skip
            for month in (3, 10):
                held = datetime.datetime(year, month, rng.randint(1, 28), 9, tzinfo=datetime.UTC)
                if held > now:
                    continue
                session = chunk.add(
                    TrainingSession(
                        plan_id=plan.pk, starts_at=held, hours=Decimal(4), trainer="Generated trainer",
                        place=territory.name_en, topics=TOPICS[: rng.randint(1, 3)], recorded_by_id=generated.lead_id,
                        recorded_at=held,
                    )
                )  # fmt: skip
                self._sheet(chunk, session, staff)

    def _sheet(self, chunk: Chunk, session: TrainingSession, staff: list[int]) -> None:
        rng = chunk.rng
        people = rng.randint(*TRAINEES_PER_SESSION)
        chosen = rng.sample(staff, min(len(staff), int(people * STAFF_SHARE)))
        for index in range(people):
            before = rng.randint(30, 70)
            chunk.add(
                Trainee(
                    session_id=session.pk, user_id=chosen[index] if index < len(chosen) else None,
                    name=f"Participant {index + 1}", agency_kind="", organisation="", role="",
                    sex=rng.choice(["female", "female", "male"]), attended=rng.random() < 0.95,
                    pre_score=Decimal(before), post_score=Decimal(min(100, before + rng.randint(-5, 35))),
                )
            )  # fmt: skip

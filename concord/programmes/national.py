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
    Basis,
    EnrolmentStatus,
    LeavingReason,
    Presence,
    ProgrammesAuditAction,
    ProgrammesTimelineKind,
)
from concord.programmes.models import Attendance, Enrolment, Programme, ProgrammeRules, ProgrammeSession, ProgrammeType
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

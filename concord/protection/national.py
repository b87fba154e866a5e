"""The protection module's part of the national data set (concord.cases.national): for about one case in five a
protection order applied for after one of its incidents, under the version of the law in force that day (the same
arithmetic as the services), decided, breached, extended in time or ended as an order of its age would be; a gap where
it ended while the case's risk is high; and for about one case in four the proceedings that followed an incident."""

from __future__ import annotations

import datetime
from functools import cache

from django.db import models

from concord.accounts.models import Agency, AgencyKind
from concord.cases.choices import CaseStatus, RiskLevel
from concord.cases.national import Chunk, GeneratedCase
from concord.countries.clock import country_local_date
from concord.protection.choices import (
    NEXT_STAGES,
    STAGES_WITH_REASON,
    STAGES_WITH_SANCTION,
    Body,
    OrderStatus,
    ProceedingKind,
    ProtectionAuditAction,
    ProtectionTimelineKind,
    Stage,
)
from concord.protection.models import Breach, Gap, MeasureType, MeasureVersion, Order, Proceeding, Step
from concord.protection.services import deadline_after, qualifications_on

ORDER_SHARE = 0.2
PROCEEDING_SHARE = 0.25
BREACH_SHARE = 0.15
REFUSED_SHARE = 0.1
REVOKED_SHARE = 0.05
DAY = datetime.timedelta(days=1)


class ProtectionSection:
    models: tuple[type[models.Model], ...] = (Order, Order.protected.through, Breach, Gap, Proceeding, Step)

    def __init__(self) -> None:
        self.run: object = None
        self.country_code = ""
        self.issuers: dict[tuple[int, str], Agency] = {}

    def build(self, chunk: Chunk) -> None:
        if chunk.run is not self.run:
            self.run, self.country_code, self.issuers = chunk.run, chunk.run.country.code, {}
            self._measures.cache_clear()
            self._versions.cache_clear()
        for generated in chunk.cases:
            if not generated.incidents or not generated.perpetrators:
                continue
            if chunk.rng.random() < ORDER_SHARE:
                self._order(chunk, generated)
            if chunk.rng.random() < PROCEEDING_SHARE:
                self._proceeding(chunk, generated)

    @cache  # noqa: B019 - one section per run; cleared when the country changes
    def _measures(self) -> list[MeasureType]:
        return list(MeasureType.objects.filter(country__code=self.country_code, is_active=True).order_by("order"))

    @cache  # noqa: B019
    def _versions(self, measure_id: int) -> list[MeasureVersion]:
        return list(MeasureVersion.objects.filter(measure_id=measure_id).order_by("effective_from"))

    def _issuer(self, generated: GeneratedCase, kind_code: str) -> Agency:
        territory = generated.district.territory
        key = (territory.pk, kind_code)
        if key not in self.issuers:
            kind = AgencyKind.objects.get(country_code=self.country_code, code=kind_code)
            self.issuers[key] = self.run.agency(kind, territory)  # type: ignore[attr-defined]
        return self.issuers[key]

    def _order(self, chunk: Chunk, generated: GeneratedCase) -> None:
        rng, case, now = chunk.rng, generated.case, chunk.now
        measures = self._measures()
        if not measures:
            return
        measure = rng.choice(measures)
        incident = rng.choice(generated.incidents)
        applied_at = min(max(incident.recorded_at, case.opened_at) + datetime.timedelta(hours=rng.randint(1, 48)), now)
        day = country_local_date(self.country_code, applied_at)
        in_force = [v for v in self._versions(measure.pk) if v.effective_from <= day]
        if not in_force:
            return
        version = in_force[-1]
        deadlines = {
            name: deadline_after(applied_at, version.deadlines[name], self.country_code)
            if version.deadlines.get(name)
            else None
            for name in ("decision", "hearing")
        }
        order = Order(
            case_id=case.pk, territory_id=case.territory_id, measure_id=measure.pk, rules_version=version.version,
            applicant_kind=measure.applicants[0], respondent_id=generated.perpetrators[0].pk,
            issuer_id=self._issuer(generated, measure.issuer_kind).pk, applied_at=applied_at,
            recorded_by_id=generated.lead_id, agency_id=case.owning_agency_id, status=OrderStatus.APPLIED,
            status_changed_at=applied_at, decision_due_at=deadlines["decision"], hearing_due_at=deadlines["hearing"],
        )  # fmt: skip
        span = (deadlines["decision"] or applied_at + DAY) - applied_at
        decided_at = applied_at + span * rng.uniform(0.1, 1.2)
        chunk.add(order)
        chunk.add(Order.protected.through(order_id=order.pk, participant_id=generated.survivor.pk))
        chunk.log(
            generated, ProtectionTimelineKind.ORDER_APPLIED, applied_at, target=order,
            action=ProtectionAuditAction.ORDER_APPLIED, measure=measure.code, version=version.version,
        )  # fmt: skip
        if decided_at > now:
            return
        order.decided_at, order.decided_by_id, order.status_changed_at = decided_at, generated.lead_id, decided_at
        if rng.random() < REFUSED_SHARE:
            order.status, order.refusal_text = OrderStatus.REFUSED, "Generated: the grounds were not shown."
        else:
            self._issue(chunk, generated, order, version, measure.code)
        ended = order.status in (OrderStatus.REFUSED, OrderStatus.EXPIRED, OrderStatus.REVOKED)
        if ended and (case.risk_level or 0) >= RiskLevel.HIGH and case.status != CaseStatus.CLOSED:
            at = order.ends_at or decided_at
            chunk.add(Gap(case_id=case.pk, territory_id=case.territory_id, order_id=order.pk, opened_at=at))

    def _issue(
        self, chunk: Chunk, generated: GeneratedCase, order: Order, version: MeasureVersion, measure_code: str
    ) -> None:
        rng, now = chunk.rng, chunk.now
        assert order.decided_at is not None
        duration = version.duration
        amount = rng.randint(duration["min"], duration["max"])
        order.starts_at = order.decided_at
        order.ends_at = deadline_after(order.starts_at, {"amount": amount, "unit": duration["unit"]}, self.country_code)
        order.conditions = [
            {"code": row["code"]} | ({"number": row["min"]} if "min" in row else {}) for row in version.conditions[:2]
        ]
        if version.deadlines.get("notification"):
            order.notification_due_at = deadline_after(
                order.decided_at, version.deadlines["notification"], self.country_code
            )
        order.status = OrderStatus.IN_FORCE if order.ends_at > now else OrderStatus.EXPIRED
        if order.ends_at <= now:
            order.status_changed_at = order.ends_at
        elif rng.random() < REVOKED_SHARE:
            order.status, order.status_changed_at = OrderStatus.REVOKED, now - (now - order.starts_at) / 2
            order.ends_at, order.ended_text = order.status_changed_at, "Generated: revoked by the issuer."
        chunk.log(
            generated, ProtectionTimelineKind.ORDER_ISSUED, order.decided_at, target=order,
            action=ProtectionAuditAction.ORDER_DECIDED, measure=measure_code, issued=True,
        )  # fmt: skip
        if rng.random() < BREACH_SHARE:
            occurred = order.starts_at + (min(order.ends_at, now) - order.starts_at) * rng.uniform(0.1, 0.9)
            breach = chunk.add(
                Breach(
                    order_id=order.pk, case_id=order.case_id, occurred_at=occurred, reported_by_kind="survivor",
                    conditions=[order.conditions[0]["code"]], response="warning", recorded_by_id=generated.lead_id,
                    agency_id=order.agency_id, recorded_at=occurred,
                )
            )  # fmt: skip
            chunk.log(
                generated, ProtectionTimelineKind.BREACH_RECORDED, occurred, target=breach,
                action=ProtectionAuditAction.BREACH_RECORDED, order=order.pk, response="warning",
            )  # fmt: skip

    def _proceeding(self, chunk: Chunk, generated: GeneratedCase) -> None:
        rng, case, now = chunk.rng, generated.case, chunk.now
        incident = rng.choice(generated.incidents)
        act_day = country_local_date(self.country_code, incident.occurred_at)
        articles = list(qualifications_on(self.country_code, act_day))
        if not articles:
            return
        qualification = rng.choice(articles)
        on = country_local_date(self.country_code, max(incident.recorded_at, incident.occurred_at))
        proceeding = chunk.add(
            Proceeding(
                case_id=case.pk, incident_id=incident.pk, territory_id=case.territory_id, kind=qualification.kind,
                body=Body.POLICE, qualification_id=qualification.pk, stage=Stage.REPORT_REGISTERED, stage_on=on,
                recorded_by_id=generated.lead_id, agency_id=case.owning_agency_id, created_at=incident.recorded_at,
            )
        )  # fmt: skip
        stage: str = Stage.REPORT_REGISTERED
        today = country_local_date(self.country_code, now)
        while True:
            chunk.add(
                Step(
                    proceeding_id=proceeding.pk, stage=stage, on=on, body=proceeding.body,
                    recorded_by_id=generated.lead_id,
                    end_reason="insufficient_evidence" if stage in STAGES_WITH_REASON else "",
                    sanction=("fine" if qualification.kind == ProceedingKind.ADMINISTRATIVE else "suspended")
                    if stage in STAGES_WITH_SANCTION else "",
                )
            )  # fmt: skip
            proceeding.stage, proceeding.stage_on = stage, on
            following = NEXT_STAGES.get(stage, ())
            later = on + datetime.timedelta(days=rng.randint(5, 90))
            if not following or later > today:
                break
            stage, on = rng.choice(following), later
            if stage in (Stage.CHARGED, Stage.REFERRED_TO_COURT):
                proceeding.body = Body.PROSECUTOR
            elif stage in (Stage.CONVICTION, Stage.ACQUITTAL):
                proceeding.body = Body.COURT

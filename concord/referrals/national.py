"""The referrals module's part of the national data set (concord.cases.national): the services of each district's
agencies, and for about two cases in five a referral to another agency of the district, sent when an incident was
recorded, with the deadlines of the pack in force (the same arithmetic as the services) and the state a referral of
that age would have reached: the old ones answered, completed, declined or expired, the recent ones waiting."""

from __future__ import annotations

import datetime
from functools import cache

from django.db import models

from concord.cases.choices import InvolvementBasis
from concord.cases.models import Involvement
from concord.cases.national import Chunk, GeneratedCase
from concord.countries.calendar import working_calendar
from concord.countries.clock import country_local_date, country_zone
from concord.referrals.choices import (
    ContactOutcome,
    ReferralAuditAction,
    ReferralState,
    ReferralTimelineKind,
    Urgency,
)
from concord.referrals.deadlines import referral_deadlines
from concord.referrals.models import AgencyService, ContactAttempt, Referral, ReferralRules, ServiceType, deadline_row
from concord.referrals.selectors import rules_on

REFERRED_SHARE = 0.4
# The service each kind of case-holding agency offers its district in the generated country.
KIND_SERVICES = {
    "police": "police_protection",
    "social_protection": "psychosocial_support",
    "social_services": "psychosocial_support",
    "crisis_centre": "crisis_counselling",
    "health": "health_first_line",
    "ngo": "legal_aid",
    "family_support_centre": "psychosocial_support",
}
REASON = "Generated: referred for support after the incident."
JUSTIFICATION = "Generated: an immediate risk to her life was assessed; the referral could not wait for consent."


class ReferralSection:
    # The services of the districts' agencies are written as they are first needed, not in the chunks.
    models: tuple[type[models.Model], ...] = (Referral, ContactAttempt)

    def __init__(self) -> None:
        self.run: object = None
        self.country_code = ""
        self.services: dict[int, list[AgencyService]] = {}

    def build(self, chunk: Chunk) -> None:
        if chunk.run is not self.run:
            self.run, self.country_code, self.services = chunk.run, chunk.run.country.code, {}
            self._rules.cache_clear()
        rows: list = chunk.rows.get(Involvement, [])
        involved = {(row.case_id, row.agency_id) for row in rows if row.ended_at is None}
        for generated in chunk.cases:
            if chunk.rng.random() < REFERRED_SHARE:
                self._referral(chunk, generated, involved)

    @cache  # noqa: B019 - one section per run; cleared when the country changes
    def _rules(self, day: datetime.date) -> ReferralRules | None:
        return rules_on(self.country_code, day)

    def _district_services(self, generated: GeneratedCase) -> list[AgencyService]:
        territory = generated.district.territory
        if territory.pk not in self.services:
            types = {t.code: t for t in ServiceType.objects.filter(country__code=self.country_code, is_active=True)}
            offered = []
            for agency in generated.district.holders:
                service_type = types.get(KIND_SERVICES.get(agency.kind.code, ""))
                if service_type is None:
                    continue
                service, created = AgencyService.objects.get_or_create(agency=agency, service_type=service_type)
                if created:
                    service.areas.set([territory])
                offered.append(service)
            self.services[territory.pk] = offered
        return self.services[territory.pk]

    def _referral(self, chunk: Chunk, generated: GeneratedCase, involved: set[tuple[int, int]]) -> None:
        rng, case, now = chunk.rng, generated.case, chunk.now
        candidates = [s for s in self._district_services(generated) if s.agency_id != case.owning_agency_id]
        if not candidates or not generated.incidents:
            return
        service = rng.choice(candidates)
        incident = rng.choice(generated.incidents)
        sent_at = min(max(incident.recorded_at, case.opened_at), now)
        rules = self._rules(country_local_date(self.country_code, sent_at))
        urgency = rng.choices(list(Urgency.values), weights=[10, 40, 50])[0]
        row = deadline_row(rules, service.service_type.code, urgency) if rules else None
        if rules is None or row is None:
            return
        zone = country_zone(self.country_code)
        assert zone is not None
        due = referral_deadlines(sent_at, row, working_calendar(self.country_code), zone)
        referral = Referral(
            case_id=case.pk,
            territory_id=case.territory_id,
            service_id=service.pk,
            service_type_id=service.service_type_id,
            to_agency_id=service.agency_id,
            from_agency_id=case.owning_agency_id,
            sent_by_id=generated.lead_id,
            sent_at=sent_at,
            urgency=urgency,
            reason=REASON,
            shared_sections=["summary"],
            legal_exception="imminent_risk",
            justification=JUSTIFICATION,
            rules_version=rules.version,
            acknowledge_due_at=due.acknowledge,
            first_contact_due_at=due.first_contact,
            expires_at=due.expire,
            state_changed_at=sent_at,
        )
        receivers = generated.district.caseworkers.get(service.agency_id) or [generated.lead_id]
        receiver = rng.choice(receivers)
        self._fate(chunk, referral, receiver, now)
        chunk.add(referral)
        keeps_access = referral.state in (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.COMPLETED)
        if keeps_access and (case.pk, service.agency_id) not in involved:
            involved.add((case.pk, service.agency_id))
            referral.involvement_id = chunk.add(
                Involvement(
                    case_id=case.pk,
                    agency_id=service.agency_id,
                    basis=InvolvementBasis.REFERRAL,
                    legal_exception="imminent_risk",
                    justification=JUSTIFICATION,
                    granted_by_id=generated.lead_id,
                    started_at=sent_at,
                    case_opened_at=case.opened_at,
                )
            ).pk
        chunk.log(
            generated,
            ReferralTimelineKind.REFERRAL_SENT,
            sent_at,
            target=referral,
            action=ReferralAuditAction.REFERRAL_SENT,
            service=service.service_type.code,
            urgency=urgency,
            legal_exception="imminent_risk",
        )
        if referral.first_contact_at is not None:
            chunk.add(
                ContactAttempt(
                    referral_id=referral.pk,
                    attempted_at=referral.first_contact_at,
                    channel="phone",
                    outcome=ContactOutcome.REACHED,
                    recorded_by_id=receiver,
                    recorded_at=referral.first_contact_at,
                )
            )

    @staticmethod
    def _fate(chunk: Chunk, referral: Referral, receiver: int, now: datetime.datetime) -> None:
        """The state a referral of its age would be in: waiting ones only where the answer is not overdue by more
        than a few days, so that the queues hold what a working district's would."""
        rng = chunk.rng
        answered_at = referral.sent_at + (referral.acknowledge_due_at - referral.sent_at) * rng.uniform(0.05, 1.3)
        if answered_at > now:
            referral.state, referral.due_at = ReferralState.SENT, referral.acknowledge_due_at
            return
        if referral.expires_at < now and rng.random() < 0.08:
            referral.state, referral.state_changed_at = ReferralState.EXPIRED, referral.expires_at
            return
        referral.answered_by_id, referral.answered_at = receiver, answered_at
        if rng.random() < 0.1:
            referral.state, referral.state_changed_at = ReferralState.DECLINED, answered_at
            referral.decline_reason, referral.decline_text = "no_capacity", "Generated: no capacity."
            return
        contact_at = answered_at + (referral.first_contact_due_at - referral.sent_at) * rng.uniform(0.05, 1.2)
        referral.state, referral.state_changed_at = ReferralState.ACCEPTED, answered_at
        if contact_at > now:
            referral.due_at = referral.first_contact_due_at
            return
        referral.first_contact_at = contact_at
        finished = contact_at + datetime.timedelta(days=rng.randint(3, 240))
        if finished < now:
            referral.state, referral.state_changed_at = ReferralState.COMPLETED, finished
            referral.outcome, referral.completed_at = "service_provided", finished

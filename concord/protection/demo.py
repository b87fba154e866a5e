"""What the protection module adds to each demo case of `make run`: for some cases an order applied for after the
case opened, decided by the issuer of the district, a few breached, and proceedings after the first incident;
written through the services and dated as the events would have been."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from concord.accounts.models import User
from concord.cases.choices import ParticipantRole
from concord.cases.models import Case, Participant
from concord.countries.clock import country_local_date
from concord.protection import selectors, services

ORDER_SHARE = 0.45
BREACH_SHARE = 0.35
PROCEEDING_SHARE = 0.4


def seed_orders(rng: random.Random, actor: User, case: Case, alleged: Participant, opened: datetime.datetime) -> None:
    code = case.territory.country_code
    now = timezone.now()
    measures = list(selectors.measure_types(code))
    if measures and rng.random() < ORDER_SHARE:
        measure = rng.choice(measures)
        issuers = selectors.issuers_for(code).filter(kind__code=measure.issuer_kind)
        issuer = issuers.filter(territory=case.territory).first() or issuers.first()
        applied_at = min(opened + datetime.timedelta(hours=rng.randint(2, 30)), now - datetime.timedelta(hours=2))
        if issuer is not None and services.version_on(measure, country_local_date(code, applied_at)) is not None:
            _order(rng, actor, case, alleged, measure, issuer, applied_at, now)
    incident = case.incidents.order_by("occurred_at").first()
    qualifications = (
        list(services.qualifications_on(code, country_local_date(code, incident.occurred_at))) if incident else []
    )
    if incident is not None and qualifications and rng.random() < PROCEEDING_SHARE:
        qualification = rng.choice(qualifications)
        registered = country_local_date(code, max(incident.recorded_at, incident.occurred_at))
        proceeding = services.proceeding_open(
            actor=actor, incident=incident, kind=qualification.kind, body="police", qualification=qualification,
            registered_on=registered,
        )  # fmt: skip
        later = registered + datetime.timedelta(days=rng.randint(3, 40))
        if later <= country_local_date(code, now):
            stage = "investigation_opened" if qualification.kind == "criminal" else "referred_to_court"
            services.proceeding_advance(actor=actor, proceeding=proceeding, stage=stage, on=later, body="police")


def _order(rng, actor, case, alleged, measure, issuer, applied_at, now) -> None:
    code = case.territory.country_code
    survivor = case.participants.get(role=ParticipantRole.SURVIVOR)
    order = services.order_apply(
        actor=actor, case=case, measure=measure, applicant_kind=measure.applicants[0], respondent=alleged,
        protected=[survivor], issuer=issuer, applied_at=applied_at,
    )  # fmt: skip
    version = services.version_of(order)
    span = (order.decision_due_at or applied_at + datetime.timedelta(hours=24)) - applied_at
    decided_at = min(applied_at + span * rng.uniform(0.2, 0.9), now)
    if rng.random() < 0.1:
        services.order_decide(
            actor=actor,
            order=order,
            issued=False,
            decided_at=decided_at,
            refusal_text="Demo: the grounds were not shown.",
        )
        return
    duration = version.duration
    ends_on = None
    if duration["min"] != duration["max"]:
        longest = services.deadline_after(decided_at, {"amount": duration["max"], "unit": duration["unit"]}, code)
        ends_on = country_local_date(code, longest - datetime.timedelta(seconds=1))
    first = version.conditions[0]
    conditions = [{"code": first["code"]} | ({"number": first["min"]} if "min" in first else {})]
    services.order_decide(
        actor=actor, order=order, issued=True, decided_at=decided_at, ends_on=ends_on, conditions=conditions
    )
    if order.starts_at and order.ends_at and order.starts_at < now and rng.random() < BREACH_SHARE:
        occurred = order.starts_at + (min(order.ends_at, now) - order.starts_at) / 2
        services.breach_record(
            actor=actor, order=order, occurred_at=occurred, reported_by_kind="survivor",
            conditions=[first["code"]], response="warning", description="Demo: he came to her door at night.",
        )  # fmt: skip

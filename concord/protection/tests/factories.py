"""A protection scene on the test cast (Testland, tt): a police ban decided by the police (agency A) that an
application for an injunction extends, with a change of the law on 2026-01-01, and an injunction issued by the
executive (the other agency of district A); articles of the codes before and after a criminalisation date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.test import TestCase
from django.utils import timezone

from concord.cases.choices import ParticipantRole
from concord.cases.models import Case, Participant
from concord.cases.tests.factories import ensure_country
from concord.protection import services
from concord.protection.models import MeasureType, MeasureVersion, Order, Qualification

BAN_CONDITIONS = [{"code": "no_contact"}, {"code": "stay_away", "min": 50, "max": 100}, {"code": "leave_home"}]
REMINDERS = [{"amount": 3, "unit": "days"}, {"amount": 1, "unit": "days"}]


@dataclass
class Scene:
    ban: MeasureType
    injunction: MeasureType
    immediate: MeasureType
    battery_administrative: Qualification
    battery_criminal: Qualification


def build_scene(cast) -> Scene:
    country = ensure_country("tt")
    ban = MeasureType.objects.create(
        country=country, code="police_ban", name_en="Police barring order", names={"sq": "Urdhër policie"},
        issuer_kind="police", applicants=["ex_officio", "survivor"],
    )  # fmt: skip
    for version, start, hours, days in (
        ("2020", datetime.date(2020, 1, 1), 12, 10),
        ("2026", datetime.date(2026, 1, 1), 24, 14),
    ):
        MeasureVersion.objects.create(
            measure=ban, version=version, effective_from=start,
            deadlines={"decision": {"amount": hours, "unit": "hours"}},
            duration={"unit": "days", "min": days, "max": days},
            automatic_extension={"on_application_of": "injunction", "until": {"amount": 28, "unit": "days"}},
            conditions=BAN_CONDITIONS, reminders=REMINDERS,
        )  # fmt: skip
    injunction = MeasureType.objects.create(
        country=country, code="injunction", name_en="Protection injunction", issuer_kind="local_executive",
        applicants=["survivor", "legal_representative", "social_services"],
    )  # fmt: skip
    MeasureVersion.objects.create(
        measure=injunction, version="2020", effective_from=datetime.date(2020, 1, 1),
        deadlines={
            "decision": {"amount": 2, "unit": "working_days"},
            "hearing": {"amount": 15, "unit": "days"},
            "notification": {"amount": 24, "unit": "hours"},
        },
        duration={"unit": "months", "min": 1, "max": 6},
        extension={"times": 2, "duration": {"unit": "months", "min": 1, "max": 6}},
        renewable=True,
        conditions=[{"code": "no_contact"}, {"code": "no_pursuit"}, {"code": "report_to_police", "min": 1, "max": 4}],
        reminders=[{"amount": 7, "unit": "days"}],
    )  # fmt: skip
    immediate = MeasureType.objects.create(
        country=country, code="immediate_protection_order", name_en="Immediate protection order",
        names={
            "sq": "Urdhër mbrojtjeje i menjëhershëm",
            "az": "Təcili mühafizə orderi",
            "ru": "Немедленный охранный ордер",
        },
        issuer_kind="local_executive", applicants=["survivor", "police"],
    )  # fmt: skip
    MeasureVersion.objects.create(
        measure=immediate, version="2006", effective_from=datetime.date(2007, 6, 1),
        deadlines={"decision": {"amount": 48, "unit": "hours"}, "notification": {"amount": 24, "unit": "hours"}},
        duration={"unit": "days", "min": 1, "max": 20},
        conditions=[{"code": "no_contact"}, {"code": "stay_away", "min": 50, "max": 1000}], reminders=REMINDERS,
    )  # fmt: skip
    administrative = Qualification.objects.create(
        country=country, code="TT-AO-10", kind="administrative", article="AO Art. 10", name_en="Battery",
        effective_from=datetime.date(2015, 1, 1), effective_to=datetime.date(2025, 12, 31),
    )  # fmt: skip
    criminal = Qualification.objects.create(
        country=country, code="TT-CC-20", kind="criminal", article="CC Art. 20", name_en="Battery",
        effective_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    return Scene(
        ban=ban,
        injunction=injunction,
        immediate=immediate,
        battery_administrative=administrative,
        battery_criminal=criminal,
    )


def survivor_of(case: Case) -> Participant:
    return case.participants.get(role=ParticipantRole.SURVIVOR)


def respondent_of(case: Case) -> Participant:
    return case.participants.get(role=ParticipantRole.ALLEGED_PERPETRATOR)


def apply(cast, case: Case, measure: MeasureType, *, actor_name: str = "caseworker", **overrides) -> Order:
    issuer = cast.agency_a if measure.issuer_kind == "police" else cast.other_agency_a
    values = {
        "applicant_kind": measure.applicants[0],
        "respondent": respondent_of(case),
        "protected": [survivor_of(case)],
        "issuer": issuer,
        "applied_at": timezone.now() - datetime.timedelta(hours=2),
    } | overrides
    return services.order_apply(actor=cast[actor_name], case=case, measure=measure, **values)


def issue(cast, order: Order, *, actor_name: str = "caseworker", **overrides) -> Order:
    """The order issued an hour after its application, with its first condition (events run as after commit)."""
    first = services.version_of(order).conditions[0]
    values = {
        "issued": True,
        "decided_at": order.applied_at + datetime.timedelta(hours=1),
        "conditions": [{"code": first["code"]} | ({"number": first["min"]} if "min" in first else {})],
    } | overrides
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.order_decide(actor=cast[actor_name], order=order, **values)


def issued_ban(cast, case: Case, scene: Scene, **overrides) -> Order:
    return issue(cast, apply(cast, case, scene.ban, **overrides))

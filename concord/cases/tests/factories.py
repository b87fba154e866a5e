from __future__ import annotations

import datetime

from django.test import TestCase
from django.utils import timezone

from concord.cases import services
from concord.cases.choices import Injury, ParticipantRole, PlaceType, Relationship, ViolenceAct, Weapon
from concord.cases.models import Case, ConsentAgeBand
from concord.countries.models import Country
from concord.people.services import person_create
from concord.risk.tests.factories import add_risk_rules


def ensure_country(code: str = "tt") -> Country:
    country, created = Country.objects.get_or_create(
        code=code,
        defaults={
            "name": "Testland",
            "name_en": "Testland",
            "languages": ["en"],
            "default_language": "en",
            "time_zone": "Asia/Baku",
            "case_number_format": "{territory}-{year}-{number:06d}",
        },
    )
    if created:
        add_risk_rules(country, effective_from=datetime.date(2020, 1, 1), version="TT-RISK-1")
        for from_age, to_age, requirement in [
            (0, 6, "caregiver"),
            (7, 13, "caregiver_and_assent"),
            (14, 17, "child_and_caregiver"),
            (18, None, "self"),
        ]:
            ConsentAgeBand.objects.create(
                country=country,
                effective_from=datetime.date(2000, 1, 1),
                from_age=from_age,
                to_age=to_age,
                requirement=requirement,
            )
    return country


def open_case(
    cast, *, actor_name: str = "caseworker", territory=None, birth_date=datetime.date(1990, 5, 4), **person
) -> Case:
    """A case in district A owned by the actor's agency, with a survivor and one alleged perpetrator."""
    ensure_country()
    actor = cast[actor_name]
    survivor = person_create(
        agency=actor.agency,
        given_name=person.pop("given_name", "Aysel"),
        family_name=person.pop("family_name", "Məmmədova"),
        birth_date=birth_date,
        sex="female",
        **person,
    )
    case = services.case_open(actor=actor, survivor=survivor, territory=territory or cast.district_a)
    perpetrator = person_create(agency=actor.agency, given_name="Elvin", family_name="Məmmədov", sex="male")
    services.participant_add(
        actor=actor,
        case=case,
        person=perpetrator,
        role=ParticipantRole.ALLEGED_PERPETRATOR,
        relationship=Relationship.SPOUSE,
    )
    return case


def record_incident(cast, case: Case, *, actor_name: str = "caseworker", **overrides):
    """An incident of the case, committed as far as the test's transaction allows: the handlers of the
    'incident recorded' event (risk flags, reassessment due) run as they would after a real commit."""
    now = timezone.now()
    values = {
        "occurred_at": now - datetime.timedelta(days=2),
        "reported_at": now - datetime.timedelta(days=1),
        "place_type": PlaceType.SHARED_HOME,
        "territory": case.territory,
        "acts": [ViolenceAct.HITTING, ViolenceAct.THREATS],
        "reporting_agency": case.owning_agency,
        "injury": Injury.MINOR,
        "weapon": Weapon.NONE,
        "perpetrators": case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR),
        "narrative": "He pushed her against the wall in the kitchen.",
    } | overrides
    with TestCase.captureOnCommitCallbacks(execute=True):
        incident = services.incident_record(actor=cast[actor_name], case=case, **values)
    incident.refresh_from_db()
    return incident

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import TestCase
from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.cases import services
from concord.cases.choices import Injury, ParticipantRole, PlaceType, Relationship, ViolenceAct, Weapon
from concord.cases.models import Case, ConsentAgeBand
from concord.common.testing.factories import (
    AgencyFactory,
    AgencyKindFactory,
    MembershipFactory,
    TerritoryFactory,
    UserFactory,
)
from concord.countries.models import Country
from concord.people.services import person_create
from concord.risk.tests.factories import add_risk_rules
from concord.territory.models import Territory


def ensure_country(code: str = "tt") -> Country:
    country, created = Country.objects.get_or_create(
        code=code,
        defaults={
            "name_en": "Testland",
            "languages": ["en", "az", "ru", "sq"],  # every interface language, so tests may switch to any
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
    cast,
    *,
    actor_name: str = "caseworker",
    actor=None,
    territory=None,
    birth_date=datetime.date(1990, 5, 4),
    opened_at: datetime.datetime | None = None,
    **person,
) -> Case:
    """A case in district A owned by the actor's agency, with a survivor and one alleged perpetrator. `actor`, a
    user rather than a persona's name, opens one in another country (see other_country)."""
    actor = actor or cast[actor_name]
    ensure_country(actor.agency.territory.country_code)
    survivor = person_create(
        agency=actor.agency,
        given_name=person.pop("given_name", "Aysel"),
        family_name=person.pop("family_name", "Məmmədova"),
        birth_date=birth_date,
        sex="female",
        **person,
    )
    case = services.case_open(
        actor=actor, survivor=survivor, territory=territory or cast.district_a, opened_at=opened_at
    )
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


# ---- the country's clock ------------------------------------------------------------------------------------------


def set_time_zone(code: str, zone: str) -> Country:
    """The country (created as ensure_country does, when missing) in `zone`; saving it reloads the cached zones."""
    country = ensure_country(code)
    country.time_zone = zone
    country.save()
    return country


@dataclass
class OtherCountry:
    """A second country in the same deployment: a district, a police agency there and its caseworker."""

    code: str
    district: Territory
    agency: Agency
    caseworker: User


def other_country(code: str = "uu", zone: str = "America/Bogota") -> OtherCountry:
    upper = code.upper()
    national = TerritoryFactory(code=upper, level=0, country_code=code, name_en=f"Country {upper}")
    region = TerritoryFactory(code=f"{upper}-R1", parent=national, country_code=code, name_en="Region")
    district = TerritoryFactory(code=f"{upper}-D1", parent=region, country_code=code, name_en="District")
    kind = AgencyKindFactory(country_code=code, code="police")
    agency = AgencyFactory(code=f"{upper}-D1-POLICE", kind=kind, territory=district, name_en=f"Police {upper}")
    caseworker = UserFactory(email=f"caseworker@{code}.example.org", full_name=f"Caseworker {upper}")
    MembershipFactory(user=caseworker, agency=agency, role=Role.CASEWORKER)
    TOTP.activate(caseworker, generate_totp_secret())  # as production requires of a caseworker
    set_time_zone(code, zone)
    return OtherCountry(code=code, district=district, agency=agency, caseworker=caseworker)


def freeze_now(monkeypatch, moment: datetime.datetime) -> None:
    """Make timezone.now() (and with it localdate(), Country.today() and the clock) answer `moment`; the code reads
    the time through django.utils.timezone, never datetime.now()."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def reviews_due_today_in_two_countries(cast, monkeypatch) -> tuple[Case, Case]:
    """A case of Testland (Auckland) and one of a second country (Bogota), each with its review due "today" where
    it is, at 03:00 UTC on 4 March 2026: 16:00 on 4 March in Auckland, 22:00 on 3 March in Bogota (07:00 on
    4 March on the server, in Baku)."""
    set_time_zone("tt", "Pacific/Auckland")
    bogota = other_country("uu", "America/Bogota")
    here = open_case(cast)
    there = open_case(cast, actor=bogota.caseworker, territory=bogota.district)
    freeze_now(monkeypatch, datetime.datetime(2026, 3, 4, 3, 0, tzinfo=datetime.UTC))
    Case.objects.filter(pk=here.pk).update(next_risk_review_on=datetime.date(2026, 3, 4))
    Case.objects.filter(pk=there.pk).update(next_risk_review_on=datetime.date(2026, 3, 3))
    return here, there

"""Realistic, deterministic demo cases for a country pack's demo district, written through the same services as
the interface (so they are encrypted, audited and on the timeline exactly like real ones)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, AgencyKind, User
from concord.cases import services
from concord.cases.choices import (
    ConsentMethod,
    Injury,
    ParticipantRole,
    PlaceType,
    Relationship,
    ViolenceAct,
    Weapon,
)
from concord.cases.models import Case, Incident, Note, Participant, TimelineEntry
from concord.common.transactions import service
from concord.countries.clock import country_today
from concord.countries.models import Country
from concord.people.fake_names import CountryNames, country_person_names
from concord.people.models import Person
from concord.people.services import person_create, person_keys
from concord.territory.models import Territory

# Rough shares of relationships and acts seen in DV caseloads: most cases are intimate-partner violence.
RELATIONSHIPS: list[tuple[str, int]] = [
    (Relationship.SPOUSE, 50),
    (Relationship.FORMER_SPOUSE, 12),
    (Relationship.PARTNER, 8),
    (Relationship.FORMER_PARTNER, 5),
    (Relationship.PARENT_IN_LAW, 8),
    (Relationship.SIBLING, 5),
    (Relationship.PARENT, 4),
    (Relationship.CHILD, 5),
    (Relationship.OTHER_RELATIVE, 3),
]
ACT_SETS: list[tuple[Iterable[str], int]] = [
    ([ViolenceAct.HITTING, ViolenceAct.THREATS], 30),
    ([ViolenceAct.HUMILIATION, ViolenceAct.ISOLATION], 15),
    ([ViolenceAct.HITTING, ViolenceAct.STRANGULATION, ViolenceAct.THREATS], 8),
    ([ViolenceAct.DENIAL_OF_RESOURCES, ViolenceAct.HUMILIATION], 10),
    ([ViolenceAct.STALKING, ViolenceAct.THREATS], 8),
    ([ViolenceAct.PENETRATION, ViolenceAct.HITTING], 4),
    ([ViolenceAct.SEXUAL_TOUCHING], 3),
    ([ViolenceAct.WEAPON_ATTACK, ViolenceAct.THREATS], 4),
    ([ViolenceAct.HITTING], 12),
    ([ViolenceAct.FORCED_MARRIAGE, ViolenceAct.ISOLATION], 2),
    ([ViolenceAct.DESTRUCTION, ViolenceAct.THREATS], 4),
]
PLACES: list[tuple[str, int]] = [
    (PlaceType.SHARED_HOME, 60),
    (PlaceType.SURVIVOR_HOME, 15),
    (PlaceType.RELATIVES_HOME, 8),
    (PlaceType.STREET, 8),
    (PlaceType.WORKPLACE, 3),
    (PlaceType.ONLINE, 3),
    (PlaceType.OTHER, 3),
]
NOTES = [
    "First contact by phone at the agreed safe time; she prefers visits at her sister's.",
    "Accompanied her to the polyclinic for documentation of injuries.",
    "Discussed a safety plan: spare keys, documents and phone charger kept with a neighbour.",
    "Children enrolled in the after-school programme of the support centre.",
    "Legal aid appointment arranged for next week.",
    "Home visit postponed: he was at home.",
]


T = TypeVar("T")

# What modules add to each demo case (risk: assessments), registered in their AppConfig.ready():
# seeder(rng, actor, case, alleged_perpetrator, opened_at).
CaseSeeder = Callable[[random.Random, User, Case, Participant, datetime.datetime], None]
_case_seeders: list[CaseSeeder] = []


def register_case_seeder(seeder: CaseSeeder) -> None:
    if seeder not in _case_seeders:
        _case_seeders.append(seeder)


# What modules set up once the demo cases exist (groups: the demo district's group with a meeting held and one to
# come, whose agenda the cases fill), registered in their AppConfig.ready(): finisher(country code, seed).
DemoFinisher = Callable[[str, int], None]
_finishers: list[DemoFinisher] = []


def register_demo_finisher(finisher: DemoFinisher) -> None:
    if finisher not in _finishers:
        _finishers.append(finisher)


def finish_demo(country: str, seed: int) -> None:
    for finisher in _finishers:
        finisher(country, seed)


def pick_weighted(rng: random.Random, weighted: list[tuple[T, int]]) -> T:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def date_of_birth(rng: random.Random, today: datetime.date, age_from: int, age_to: int) -> datetime.date:
    """A birth date for someone aged `age_from` to `age_to` `today` (whole years, so an adult is never 17)."""
    age = rng.randint(age_from, age_to)
    birthday = today.replace(year=today.year - age - 1, day=min(today.day, 28)) + datetime.timedelta(days=1)
    return birthday + datetime.timedelta(days=rng.randint(0, 360))


@service  # one operation: its services join one transaction, with one savepoint
def _seed_one(
    rng: random.Random, naming: CountryNames, actor: User, district: Territory, kinds: list[AgencyKind], number: int
) -> Case:
    agency = actor.agency
    assert agency is not None, "demo caseworkers always have an agency"
    names = country_person_names(naming, "female", rng)
    today = country_today(district.country_code)
    survivor = person_create(
        agency=actor.agency,
        sex="female",
        birth_date=date_of_birth(rng, today, 18, 66),
        phone=f"+000 {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        national_id=f"DEMO{number:07d}",
        address=f"{rng.randint(1, 120)} Demo Street, flat {rng.randint(1, 80)}",
        leave_no_messages=rng.random() < 0.3,
        disability=rng.choice(["none", "none", "none", "unknown", "physical"]),
        citizenship="national",
        **names,
    )
    opened = timezone.now() - datetime.timedelta(days=rng.randint(0, 720), hours=rng.randint(0, 23))
    case = services.case_open(actor=actor, survivor=survivor, territory=district, opened_at=opened)
    relationship = pick_weighted(rng, RELATIONSHIPS)
    perpetrator_names = country_person_names(naming, "male", rng)
    perpetrator = person_create(
        agency=actor.agency, sex="male", birth_year=today.year - rng.randint(20, 70), **perpetrator_names
    )
    alleged = services.participant_add(
        actor=actor, case=case, person=perpetrator, role=ParticipantRole.ALLEGED_PERPETRATOR, relationship=relationship
    )
    for _ in range(rng.choices([0, 1, 2, 3], weights=[35, 30, 25, 10])[0]):
        sex = rng.choice(["female", "male"])
        child = person_create(
            agency=actor.agency,
            sex=sex,
            birth_date=date_of_birth(rng, today, 0, 17),
            given_name=country_person_names(naming, sex, rng)["given_name"],
        )
        services.participant_add(
            actor=actor,
            case=case,
            person=child,
            role=ParticipantRole.CHILD,
            relationship=Relationship.CHILD,
            lives_with_survivor=True,
        )
    for index in range(rng.choices([1, 2, 3, 4], weights=[55, 25, 12, 8])[0]):
        occurred = opened - datetime.timedelta(days=rng.randint(0, 60) + 30 * index, hours=rng.randint(0, 23))
        reported = min(opened, occurred + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 5, 14, 40])))
        incident = services.incident_record(
            actor=actor,
            case=case,
            occurred_at=occurred,
            reported_at=reported,
            place_type=pick_weighted(rng, PLACES),
            territory=district,
            acts=pick_weighted(rng, ACT_SETS),
            reporting_agency=agency,
            injury=rng.choice(list(Injury.values)),
            weapon=rng.choice([Weapon.NONE] * 6 + [Weapon.KNIFE, Weapon.BLUNT, Weapon.UNKNOWN]),
            children_present=rng.random() < 0.4,
            children_witnessed=rng.random() < 0.25,
            perpetrators=[alleged],
            narrative="Demo narrative: invented for the demonstration system.",
        )
        # Entered when it was reported, not when the demo was made (a later assessment then covers it).
        Incident.objects.filter(pk=incident.pk).update(recorded_at=reported)
    for seeder in _case_seeders:
        seeder(rng, actor, case, alleged, opened)
    survivor_participant = case.participants.get(role=ParticipantRole.SURVIVOR)
    services.consent_record(
        actor=actor,
        case=case,
        participant=survivor_participant,
        purpose="services",
        method=ConsentMethod.WRITTEN,
        recipient_agency=actor.agency,
    )
    if kinds and rng.random() < 0.7:
        services.consent_record(
            actor=actor,
            case=case,
            participant=survivor_participant,
            purpose="information_sharing",
            method=ConsentMethod.VERBAL,
            recipient_kind=rng.choice(kinds),
            includes_sensitive=rng.random() < 0.5,
        )
    for _ in range(rng.randint(0, 3)):
        note = services.note_add(actor=actor, case=case, text=rng.choice(NOTES), is_sensitive=rng.random() < 0.2)
        written = opened + (timezone.now() - opened) * rng.random()
        Note.objects.filter(pk=note.pk).update(created_at=written)
    _date_timeline(case, opened)
    # Backdate: the demo should look like two years of work, not one afternoon.
    Case.objects.filter(pk=case.pk).update(status=rng.choice(["open", "active", "active", "closed"]))
    return case


def _date_timeline(case: Case, opened: datetime.datetime) -> None:
    """The timeline of a demo case at the times its events would have had: the services wrote the seeding time.
    (Modules date their own entries, e.g. risk assessments at their assessment time.)"""
    times = {
        "incident_recorded": dict(Incident.objects.filter(case=case).values_list("pk", "recorded_at")),
        "note_added": dict(Note.objects.filter(case=case).values_list("pk", "created_at")),
    }
    entries = list(TimelineEntry.objects.filter(case=case, kind__in=[*times, *OPENING_KINDS]))
    for entry in entries:
        entry.occurred_at = times.get(entry.kind, {}).get(entry.object_id) or opened
    TimelineEntry.objects.bulk_update(entries, ["occurred_at"])


# What a worker records at the first meeting, dated with the case's opening.
OPENING_KINDS = ("case_opened", "participant_added", "consent_recorded", "case_shared")


def seed_cases(
    *,
    country: str,
    district: Territory,
    count: int,
    seed: int,
    naming: CountryNames,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create `count` cases owned by the demo caseworkers' agency, their persons named by `naming` (the pack's
    demo.yaml, concord.cases.demo_pack); returns how many were created."""
    rng = random.Random(seed)
    actor = (
        User.objects.filter(
            memberships__role=Role.CASEWORKER, memberships__agency__territory=district, is_demo_account=True
        )
        .order_by("pk")
        .first()
    )
    if actor is None:
        raise ValueError("Run seed_demo without --cases first: there is no demo caseworker in the district.")
    kinds = list(
        AgencyKind.objects.filter(
            country_code=country,
            code__in=Agency.objects.filter(territory__path__startswith=district.path).values("kind__code"),
        ).exclude(agencies__memberships__user=actor)
    )
    # "--cases N" means N demo cases in the district: running `make run` again adds none.
    start = Case.objects.filter(territory=district).count()
    for _ in range(start):
        rng.random()  # keep later cases independent of how many already exist
    missing = max(0, count - start)
    for number in range(missing):
        _seed_one(rng, naming, actor, district, kinds, start + number + 1)
        if progress:
            progress(1)
    return missing


def seed_people_across_cases(country: str, seed: int) -> None:
    """One man who is the alleged perpetrator in two of the district's cases, and a woman registered a second
    time in passport capitals (as another desk would), so that the person pages, the case's "known from other
    cases" and the supervisor's possible duplicates have something to show."""
    from concord.cases.jobs import find_possible_duplicates
    from concord.common.names import fold

    district_code = Country.objects.get(code=country).demo_district
    cases = list(Case.objects.filter(territory__code=district_code).order_by("pk")[:3])
    if len(cases) < 3:
        return
    first, _second, third = cases
    actor = (
        User.objects.filter(
            memberships__role=Role.CASEWORKER, memberships__agency=first.owning_agency, is_demo_account=True
        )
        .order_by("pk")
        .first()
    )
    if actor is None:
        return
    man = first.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).order_by("pk").first()
    if man is not None and not third.participants.filter(person=man.person).exists():
        services.participant_add(
            actor=actor,
            case=third,
            person=man.person,
            role=ParticipantRole.ALLEGED_PERPETRATOR,
            relationship=Relationship.FORMER_PARTNER,
        )
    woman = first.participants.get(role=ParticipantRole.SURVIVOR).person
    again = {
        "given_name": fold(woman.given_name).upper(),
        "family_name": fold(woman.family_name).upper(),
        "birth_date": woman.birth_date,
    }
    probe = Person(**again)
    person_keys(probe)
    if not Person.objects.filter(registered_by_agency=actor.agency, name_key=probe.name_key).exists():
        twin = person_create(agency=actor.agency, sex="female", **again)
        services.case_open(actor=actor, survivor=twin, territory=first.territory)
    find_possible_duplicates(timezone.now())

"""The national data set: a whole country's caseload, written fast and valid, for load tests and benchmarks.

`manage.py generate_national` fills every district of a loaded country pack with agencies and staff, and then
writes cases chunk by chunk in the order they were opened: survivors, alleged perpetrators and children (real
ciphertext and blind-index keys, so exact search finds them), incidents classified as the service classifies them,
consents, shares, notes and each row's timeline entry. Modules add their rows through `register_national_section`
(risk: assessments, with the case's standing level). The audit events of the last `audit_days` (every change on a
timeline and the case views of those days) are written at the end in time order, with their MACs, and sealed, so
`verify_audit` passes.

Rows are model instances written with COPY (concord.common.bulk), not through the services: the services take
about 180 queries a case, which would make a national data set a day's work. What the services would check is
made true by construction instead, and the tests check the result through the services' own readers.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, AgencyKind, Membership, User
from concord.audit.services import audit_seal
from concord.cases import classification
from concord.cases.choices import (
    CaseAuditAction,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    Injury,
    InvolvementBasis,
    ParticipantRole,
    Relationship,
    TimelineKind,
    Weapon,
)
from concord.cases.demo import ACT_SETS, NOTES, PLACES, RELATIONSHIPS, date_of_birth, pick_weighted
from concord.cases.demo_pack import demo_of
from concord.cases.models import (
    Case,
    CaseNumberSequence,
    Consent,
    Incident,
    Involvement,
    Note,
    Participant,
    TimelineEntry,
)
from concord.common.bulk import BulkWriter, IdBlock
from concord.countries.clock import country_local_date
from concord.countries.models import Country
from concord.people.fake_names import country_person_names
from concord.people.models import Person, PersonMatchToken
from concord.people.services import match_tokens, person_keys
from concord.territory.models import Territory

CASE_HOLDING_KINDS = ("social_protection", "social_services", "crisis_centre", "health", "ngo")
NARRATIVES = (
    "Generated narrative: invented for the national test data set.",
    "Generated narrative: she called the hotline after an argument turned violent.",
    "Generated narrative: a neighbour alerted the police.",
)
STAGING_TABLE = "concord_national_audit_staging"
CHUNK = 2000


class NationalSection(Protocol):
    """A module's part of the national data set (risk: assessments). `models` are the tables it writes. A section
    whose rows are derived from everything written (statistics) may also define `finish(run)`, called once at the
    end."""

    models: tuple[type[models.Model], ...]

    def build(self, chunk: Chunk) -> None: ...


_sections: list[NationalSection] = []


def register_national_section(section: NationalSection) -> None:
    if all(type(existing) is not type(section) for existing in _sections):
        _sections.append(section)


@dataclass(frozen=True)
class Sizes:
    cases: int
    persons: int
    incidents: int
    staff: int
    years: int = 5
    audit_days: int = 365
    views_per_case: float = 4.0
    seed: int = 1

    @property
    def incidents_per_case(self) -> float:
        return self.incidents / max(1, self.cases)


@dataclass
class District:
    territory: Territory
    weight: float
    holders: list[Agency] = field(default_factory=list)
    caseworkers: dict[int, list[int]] = field(default_factory=dict)  # agency id -> user ids
    perpetrators: list[int] = field(default_factory=list)  # recent perpetrators' person ids, for repeat ones


@dataclass
class GeneratedCase:
    case: Case
    district: District
    lead_id: int
    survivor: Participant
    survivor_birth: datetime.date | None
    perpetrators: list[Participant]
    incidents: list[Incident]


class Chunk:
    """The rows of a run of cases, kept in memory until written: modules add theirs in `build`."""

    def __init__(self, run: NationalRun) -> None:
        self.run = run
        self.rng = run.rng
        self.now = run.now
        self.cases: list[GeneratedCase] = []
        self.rows: dict[type[models.Model], list[models.Model]] = {}
        self.audit: list[tuple] = []

    def add(self, instance: models.Model, *, pk: bool = True) -> Any:
        model = type(instance)
        if pk:
            instance.pk = self.run.ids.take(model)
        self.rows.setdefault(model, []).append(instance)
        return instance

    def log(
        self,
        generated: GeneratedCase,
        kind: str,
        at: datetime.datetime,
        *,
        target: models.Model | None = None,
        action: str = CaseAuditAction.CASE_CHANGED,
        by_system: bool = False,
        **details: Any,
    ) -> None:
        """A timeline entry by the case's lead worker for the owning agency (or by the system), and its audit event
        when it falls in the audited days (as services.case_log)."""
        case = generated.case
        target = target if target is not None else case
        actor_id, agency_id = (None, None) if by_system else (generated.lead_id, case.owning_agency_id)
        self.add(
            TimelineEntry(
                case_id=case.pk,
                occurred_at=at,
                kind=kind,
                actor_id=actor_id,
                agency_id=agency_id,
                object_id=target.pk,
                details=details,
            )
        )
        self.stage(at, actor_id, agency_id, action, target, case.pk, {"change": str(kind)} | details)

    def stage(self, at, actor_id, agency_id, action, target, case_id, details) -> None:
        if at >= self.run.audit_from:
            self.audit.append(
                (at, actor_id, agency_id, str(action), target._meta.label_lower, str(target.pk), case_id, details)
            )


class NationalRun:
    def __init__(self, country: Country, sizes: Sizes, *, password: str):
        self.country = country
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)  # noqa: S311 - invented data, repeatable by seed
        self.now = timezone.now()
        self.start = self.now - datetime.timedelta(days=365 * sizes.years)
        self.audit_from = self.now - datetime.timedelta(days=sizes.audit_days)
        self.password = password
        self.writer = BulkWriter()
        self.ids = IdBlock()
        self.districts: list[District] = []
        self.cumulative: list[float] = []
        self.sequences: dict[tuple[int, int], int] = {}
        self.staged = 0
        self.names = demo_of(country.code).names
        self.name_pool: dict[str, list[dict[str, str]]] = {}

    # ---- places and people who work there ------------------------------------------------------------------

    def prepare(self) -> None:
        districts = list(
            Territory.objects.filter(country_code=self.country.code, level=2, is_active=True).order_by("path")
        )
        if not districts:
            raise ValueError(f"Country {self.country.code!r} has no districts: load its pack first.")
        kinds = {kind.code: kind for kind in AgencyKind.objects.filter(country_code=self.country.code)}
        roles = demo_of(self.country.code).roles
        holder_kinds = _kinds_present(kinds, [*roles.get(Role.CASEWORKER, ()), *CASE_HOLDING_KINDS])[:3]
        coordinator_kinds = _kinds_present(kinds, roles.get(Role.COORDINATOR, ())) or holder_kinds[:1]
        if not holder_kinds:
            raise ValueError("The pack has none of the agency kinds that hold cases.")
        weights = [self.rng.lognormvariate(0, 0.9) for _ in districts]
        total = sum(weights)
        staff_per_weight = self.sizes.staff / total
        for sex in ("female", "male"):
            self.name_pool[sex] = [country_person_names(self.names, sex, self.rng) for _ in range(3000)]
        hashed = make_password(self.password)
        for territory, weight in zip(districts, weights, strict=True):
            district = District(territory=territory, weight=weight)
            agencies = [self.agency(kinds[code], territory) for code in holder_kinds]
            coordinating = self.agency(kinds[coordinator_kinds[0]], territory)
            district.holders = agencies
            staff = max(len(agencies) * 2 + 1, round(weight * staff_per_weight))
            self._staff(district, coordinating, staff, hashed)
            self.districts.append(district)
        self.cumulative = list(itertools.accumulate(weights))
        for sequence in CaseNumberSequence.objects.filter(territory__country_code=self.country.code):
            self.sequences[(sequence.territory_id, sequence.year)] = sequence.last_number

    def agency(self, kind: AgencyKind, territory: Territory) -> Agency:
        """The generated agency of a kind in a district (made on first use; sections ask for the ones they need)."""
        names = {
            language: f"{kind.names.get(language, kind.name_en)} — {territory.names.get(language, territory.name_en)}"
            for language in set(kind.names) & set(territory.names)
        }
        agency, _created = Agency.objects.get_or_create(
            code=f"G{territory.pk}-{kind.pk}",
            defaults={
                "kind": kind,
                "territory": territory,
                "name_en": f"{kind.name_en} — {territory.name_en}",
                "names": names,
            },
        )
        return agency

    def _staff(self, district: District, coordinating: Agency, count: int, hashed: str) -> None:
        """Caseworkers and a supervisor in each case-holding agency, a coordinator for the district. Existing
        generated staff are kept: a second run adds cases, not people."""
        existing = Membership.objects.filter(agency__in=[*district.holders, coordinating])
        if existing.exists():
            for agency_id, user_id, role in existing.values_list("agency_id", "user_id", "role"):
                if role == Role.CASEWORKER:
                    district.caseworkers.setdefault(agency_id, []).append(user_id)
            return
        plan: list[tuple[Agency, str]] = [(coordinating, Role.COORDINATOR)]
        for index in range(count - 1):
            agency = district.holders[index % len(district.holders)]
            first = index < len(district.holders)
            plan.append((agency, Role.SUPERVISOR if first else Role.CASEWORKER))
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{role}.{agency.code.lower()}.{number}@staff.example.org",
                    full_name=_full_name(self.rng.choice(self.name_pool[self.rng.choice(["female", "male"])])),
                    password=hashed,
                    is_demo_account=True,
                )
                for number, (agency, role) in enumerate(plan)
            ]
        )
        memberships = Membership.objects.bulk_create(
            [Membership(user=user, agency=agency, role=role) for user, (agency, role) in zip(users, plan, strict=True)]
        )
        memberships[0].jurisdiction.set([district.territory])
        for user, (agency, role) in zip(users, plan, strict=True):
            if role == Role.CASEWORKER:
                district.caseworkers.setdefault(agency.pk, []).append(user.pk)

    # ---- cases ----------------------------------------------------------------------------------------------

    def cases(self) -> Iterator[int]:
        """Write the cases chunk by chunk, each in its own transaction; yields how many each chunk wrote."""
        total = self.sizes.cases
        span = (self.now - self.start).total_seconds()
        persons_left = self.sizes.persons
        for first in range(0, total, CHUNK):
            count = min(CHUNK, total - first)
            chunk = Chunk(self)
            for index in range(first, first + count):
                # Cases are opened evenly over the years, in order, so ids and numbers rise with time.
                opened = self.start + datetime.timedelta(seconds=span * (index + self.rng.random()) / total)
                opened = min(opened, self.now - datetime.timedelta(minutes=1))
                cases_left = total - index
                persons_left -= self._case(chunk, opened, persons_left / cases_left)
            for section in _sections:
                section.build(chunk)
            self._views(chunk)
            with transaction.atomic():
                for model, rows in chunk.rows.items():
                    self.writer.write(model, rows)
                self._stage(chunk.audit)
                # With the cases that took the numbers: an interrupted run leaves numbering consistent.
                self._save_sequences(chunk)
            yield count

    def _district(self) -> District:
        point = self.rng.random() * self.cumulative[-1]
        return self.districts[min(len(self.districts) - 1, bisect.bisect_left(self.cumulative, point))]

    def _number(self, territory: Territory, opened: datetime.datetime) -> str:
        year = country_local_date(territory.country_code, opened).year
        key = (territory.pk, year)
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return self.country.case_number_format.format(territory=territory.code, year=year, number=self.sequences[key])

    def _person(
        self,
        chunk: Chunk,
        sex: str,
        agency: Agency,
        district: District,
        at,
        *,
        identified: bool = False,
        child: bool = False,
        **values: Any,
    ) -> Person:
        names = self.rng.choice(self.name_pool[sex])
        if child:  # registered by her given name in her mother's case
            names = names | {"family_name": "", "patronymic": ""}
        person = Person(
            sex=sex,
            residence_territory_id=district.territory.pk,
            registered_by_agency_id=agency.pk,
            created_at=at,
            # Registered before the nightly search for duplicates ran: it looks only at people registered since.
            duplicates_checked_at=at,
            **names,
            **values,
        )
        chunk.add(person)
        if identified:
            # Unique by construction: the person's own id, in a form no real register uses.
            person.national_id = f"G{self.country.code.upper()}{person.pk:011d}"
        if person.birth_date:
            person.birth_year = person.birth_date.year
        person_keys(person)
        for token in match_tokens(person):
            chunk.add(PersonMatchToken(person_id=person.pk, token=token))
        return person

    def _case(self, chunk: Chunk, opened: datetime.datetime, persons_per_case: float) -> int:
        """One case with its people and incidents; returns how many new persons it registered."""
        rng = self.rng
        district = self._district()
        owner = district.holders[0] if rng.random() < 0.6 else rng.choice(district.holders)
        workers = district.caseworkers.get(owner.pk) or [user for ids in district.caseworkers.values() for user in ids]
        lead_id = rng.choice(workers)
        age = (self.now - opened).days
        status, closed_at = self._status(age, opened)
        case = chunk.add(
            Case(
                number=self._number(district.territory, opened),
                territory_id=district.territory.pk,
                owning_agency_id=owner.pk,
                lead_worker_id=lead_id,
                status=status,
                opened_at=opened,
                closed_at=closed_at,
                updated_at=closed_at or opened,
            )
        )
        today = country_local_date(self.country.code, opened)
        birth = date_of_birth(rng, today, 18, 66)
        survivor_person = self._person(
            chunk,
            "female" if rng.random() < 0.92 else "male",
            owner,
            district,
            opened,
            birth_date=birth,
            identified=True,
            phone=f"+000 {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            address=f"{rng.randint(1, 120)} Generated Street, flat {rng.randint(1, 80)}",
            leave_no_messages=rng.random() < 0.3,
            citizenship="national",
        )
        new_persons = 1
        survivor = chunk.add(
            Participant(case_id=case.pk, person_id=survivor_person.pk, role=ParticipantRole.SURVIVOR, added_at=opened)
        )
        generated = GeneratedCase(case, district, lead_id, survivor, birth, [], [])
        chunk.cases.append(generated)
        chunk.add(
            Involvement(
                case_id=case.pk,
                agency_id=owner.pk,
                basis=InvolvementBasis.OWNER,
                sensitive_access=True,
                granted_by_id=lead_id,
                started_at=opened,
                case_opened_at=opened,
            )
        )
        chunk.log(
            generated,
            TimelineKind.CASE_OPENED,
            opened,
            action=CaseAuditAction.CASE_OPENED,
            territory=district.territory.code,
        )
        self._added(chunk, generated, survivor, opened)
        # Serial perpetrators: when the country has fewer persons than two a case, some are already known.
        relationship = pick_weighted(rng, RELATIONSHIPS)
        if persons_per_case < 2 and district.perpetrators and rng.random() < (2 - persons_per_case):
            perpetrator_id = rng.choice(district.perpetrators)
        else:
            perpetrator_id = self._person(
                chunk, "male", owner, district, opened, birth_year=today.year - rng.randint(20, 70)
            ).pk
            new_persons += 1
            district.perpetrators.append(perpetrator_id)
            del district.perpetrators[:-200]
        alleged = chunk.add(
            Participant(
                case_id=case.pk,
                person_id=perpetrator_id,
                role=ParticipantRole.ALLEGED_PERPETRATOR,
                relationship=relationship,
                added_at=opened,
            )
        )
        generated.perpetrators.append(alleged)
        self._added(chunk, generated, alleged, opened)
        for _ in range(_poisson(rng, max(0.0, persons_per_case - 2))):
            sex = rng.choice(["female", "male"])
            child_person = self._person(
                chunk, sex, owner, district, opened, child=True, birth_date=date_of_birth(rng, today, 0, 17)
            )
            new_persons += 1
            child = chunk.add(
                Participant(
                    case_id=case.pk,
                    person_id=child_person.pk,
                    role=ParticipantRole.CHILD,
                    relationship=Relationship.CHILD,
                    lives_with_survivor=True,
                    added_at=opened,
                )
            )
            self._added(chunk, generated, child, opened)
        self._incidents(chunk, generated, owner, opened)
        self._consents_and_shares(chunk, generated, owner, opened)
        self._notes(chunk, generated, owner, opened, closed_at)
        return new_persons

    def _added(self, chunk: Chunk, generated: GeneratedCase, participant: Participant, at) -> None:
        chunk.log(
            generated,
            TimelineKind.PARTICIPANT_ADDED,
            at,
            target=participant,
            role=participant.role,
        )

    def _status(self, age: int, opened: datetime.datetime) -> tuple[str, datetime.datetime | None]:
        rng = self.rng
        closed_share = 0.0 if age < 90 else (0.4 if age < 365 else 0.85)
        if rng.random() < closed_share:
            closed = opened + datetime.timedelta(days=rng.randint(30, min(age, 400)))
            return CaseStatus.CLOSED, min(closed, self.now)
        return (CaseStatus.OPEN if age < 14 else CaseStatus.ACTIVE), None

    def _incidents(self, chunk: Chunk, generated: GeneratedCase, owner: Agency, opened) -> None:
        rng = self.rng
        for index in range(max(1, _poisson(rng, self.sizes.incidents_per_case - 1) + 1)):
            occurred = opened - datetime.timedelta(days=rng.randint(0, 60) + 30 * index, hours=rng.randint(0, 23))
            reported = min(opened, occurred + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 5, 14, 40])))
            acts = sorted(set(pick_weighted(rng, ACT_SETS)))
            core_type = classification.gbvims_type(acts)
            occurred_on = country_local_date(self.country.code, occurred)
            witnessed = rng.random() < 0.25
            incident = chunk.add(
                Incident(
                    case_id=generated.case.pk,
                    occurred_at=occurred,
                    place_type=pick_weighted(rng, PLACES),
                    territory_id=generated.district.territory.pk,
                    acts=acts,
                    injury=rng.choice(list(Injury.values)),
                    weapon=rng.choice([Weapon.NONE] * 6 + [Weapon.KNIFE, Weapon.BLUNT, Weapon.UNKNOWN]),
                    children_present=witnessed or rng.random() < 0.3,
                    children_witnessed=witnessed,
                    reporting_agency_id=owner.pk,
                    reported_at=reported,
                    narrative=rng.choice(NARRATIVES),
                    gbvims_type=core_type,
                    contexts=classification.case_contexts(
                        core_type=core_type,
                        acts=acts,
                        relationships=[p.relationship for p in generated.perpetrators],
                        survivor_age=classification.youngest_possible_age(
                            birth_date=generated.survivor_birth, birth_year=None, on=occurred_on
                        ),
                    ),
                    is_physical=bool(set(acts) & classification.PHYSICAL_ACTS),
                    is_sexual=bool(set(acts) & classification.SEXUAL_ACTS),
                    is_psychological=bool(set(acts) & classification.PSYCHOLOGICAL_ACTS),
                    is_economic=bool(set(acts) & classification.ECONOMIC_ACTS),
                    report_delay_days=(country_local_date(self.country.code, reported) - occurred_on).days,
                    recorded_by_id=generated.lead_id,
                    recorded_at=reported,
                )
            )
            for perpetrator in generated.perpetrators:
                chunk.add(Incident.perpetrators.through(incident_id=incident.pk, participant_id=perpetrator.pk))
            generated.incidents.append(incident)
            chunk.log(
                generated,
                TimelineKind.INCIDENT_RECORDED,
                reported,
                target=incident,
                gbvims_type=core_type,
            )

    def _consents_and_shares(self, chunk: Chunk, generated: GeneratedCase, owner: Agency, opened) -> None:
        rng = self.rng
        consent = chunk.add(
            Consent(
                case_id=generated.case.pk,
                participant_id=generated.survivor.pk,
                purpose=ConsentPurpose.SERVICES,
                recipient_agency_id=owner.pk,
                method=ConsentMethod.WRITTEN,
                recorded_by_id=generated.lead_id,
                recorded_at=opened,
            )
        )
        self._consent_logged(chunk, generated, consent, owner, opened)
        others = [agency for agency in generated.district.holders if agency.pk != owner.pk]
        if not others or rng.random() >= 0.6:
            return
        recipient = rng.choice(others)
        sharing = chunk.add(
            Consent(
                case_id=generated.case.pk,
                participant_id=generated.survivor.pk,
                purpose=ConsentPurpose.INFORMATION_SHARING,
                recipient_kind_id=recipient.kind_id,
                method=ConsentMethod.VERBAL,
                includes_sensitive=rng.random() < 0.5,
                recorded_by_id=generated.lead_id,
                recorded_at=opened,
            )
        )
        self._consent_logged(chunk, generated, sharing, owner, opened)
        if rng.random() < 0.5:
            shared_at = opened + datetime.timedelta(hours=rng.randint(1, 72))
            shared_at = min(shared_at, self.now)
            involvement = chunk.add(
                Involvement(
                    case_id=generated.case.pk,
                    agency_id=recipient.pk,
                    basis=InvolvementBasis.SHARE,
                    consent_id=sharing.pk,
                    sensitive_access=sharing.includes_sensitive,
                    granted_by_id=generated.lead_id,
                    started_at=shared_at,
                    case_opened_at=generated.case.opened_at,
                )
            )
            chunk.log(
                generated,
                TimelineKind.CASE_SHARED,
                shared_at,
                target=involvement,
                action=CaseAuditAction.CASE_SHARED,
                agency=recipient.code,
                legal_exception="",
            )

    def _consent_logged(self, chunk: Chunk, generated: GeneratedCase, consent: Consent, owner: Agency, at) -> None:
        chunk.log(
            generated,
            TimelineKind.CONSENT_RECORDED,
            at,
            target=consent,
            action=CaseAuditAction.CONSENT_RECORDED,
            purpose=consent.purpose,
        )

    def _notes(self, chunk: Chunk, generated: GeneratedCase, owner: Agency, opened, closed_at) -> None:
        rng = self.rng
        until = closed_at or self.now
        for _ in range(_poisson(rng, 1.5)):
            written = opened + (until - opened) * rng.random()
            sensitive = rng.random() < 0.2
            note = chunk.add(
                Note(
                    case_id=generated.case.pk,
                    author_id=generated.lead_id,
                    agency_id=owner.pk,
                    text=rng.choice(NOTES),
                    is_sensitive=sensitive,
                    created_at=written,
                )
            )
            chunk.log(
                generated,
                TimelineKind.NOTE_ADDED,
                written,
                target=note,
                sensitive=sensitive,
            )

    def _views(self, chunk: Chunk) -> None:
        """Reads of the case pages in the audited days: every read of a case is audited."""
        rng = self.rng
        for generated in chunk.cases:
            case = generated.case
            begin = max(case.opened_at, self.audit_from)
            end = case.closed_at or self.now
            if end <= begin:
                continue
            share = (end - begin) / (self.now - self.audit_from)
            for _ in range(_poisson(rng, self.sizes.views_per_case * share)):
                at = begin + (end - begin) * rng.random()
                section = rng.choice(["overview", "overview", "people", "incidents", "notes", "timeline"])
                chunk.stage(
                    at,
                    generated.lead_id,
                    case.owning_agency_id,
                    CaseAuditAction.CASE_VIEWED,
                    case,
                    case.pk,
                    {"section": section},
                )

    # ---- the audit chain and the end --------------------------------------------------------------------------

    def _stage(self, events: list[tuple]) -> None:
        rows = []
        for at, actor_id, agency_id, action, object_type, object_id, case_id, details in events:
            self.staged += 1
            rows.append(
                (
                    self.staged,
                    at.astimezone(datetime.UTC),  # one offset, so that text dates (SQLite) sort in time order
                    actor_id,
                    agency_id,
                    action,
                    object_type,
                    object_id,
                    case_id,
                    json.dumps(details, sort_keys=True),
                )
            )
        self.writer.write_rows(STAGING_TABLE, STAGING_COLUMNS, rows)

    def create_staging(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
            unlogged = "UNLOGGED " if connection.vendor == "postgresql" else ""
            cursor.execute(
                f"CREATE {unlogged}TABLE {STAGING_TABLE} (n bigint PRIMARY KEY, occurred_at timestamp with time zone,"
                " actor_id bigint, agency_id bigint, action varchar(40), object_type varchar(60),"
                " object_id varchar(64), case_id bigint, details text)"
            )

    def write_audit(self) -> Iterator[int]:
        """The staged events in time order into the audit log, then sealed; yields how many each batch wrote."""
        from concord.audit.models import AuditEvent

        def staged() -> Iterator[AuditEvent]:
            last: tuple[Any, int] | None = None
            while True:
                with connection.cursor() as cursor:
                    where = "WHERE (occurred_at > %s OR (occurred_at = %s AND n > %s))" if last else ""
                    parameters = [last[0], last[0], last[1]] if last else []
                    cursor.execute(f"{STAGED_EVENTS} {where} ORDER BY occurred_at, n LIMIT 20000", parameters)
                    rows = cursor.fetchall()
                if not rows:
                    return
                for n, at, actor_id, agency_id, action, object_type, object_id, case_id, details in rows:
                    if isinstance(at, str):
                        at = datetime.datetime.fromisoformat(at)
                    if timezone.is_naive(at):
                        at = timezone.make_aware(at, datetime.UTC)
                    last = (at, n)
                    yield AuditEvent(
                        pk=self.ids.take(AuditEvent),
                        occurred_at=at,
                        actor_id=actor_id,
                        agency_id=agency_id,
                        action=action,
                        object_type=object_type,
                        object_id=object_id,
                        case_id=case_id,
                        details=json.loads(details),
                    )

        events = staged()
        while batch := list(itertools.islice(events, 5000)):
            for event in batch:
                event.mac = event.compute_mac()
            with transaction.atomic():
                self.writer.write(AuditEvent, batch)
            yield len(batch)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        audit_seal()

    def _save_sequences(self, chunk: Chunk) -> None:
        used = {
            (generated.case.territory_id, country_local_date(self.country.code, generated.case.opened_at).year)
            for generated in chunk.cases
        }
        for territory_id, year in used:
            CaseNumberSequence.objects.update_or_create(
                territory_id=territory_id, year=year, defaults={"last_number": self.sequences[(territory_id, year)]}
            )

    def finish(self) -> None:
        """The database's id sequences after the generated rows, and fresh planner statistics before the sections
        finish: the statistics section counts whole years, and on the empty tables' statistics the planner reads
        two million incidents for each perpetrator it follows up."""
        models_ = {*self.ids.models(), *(model for section in _sections for model in section.models)}
        self.writer.reset_sequences(models_)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for section in _sections:
            finish = getattr(section, "finish", None)
            if finish is not None:
                finish(self)


STAGING_COLUMNS = (
    "n",
    "occurred_at",
    "actor_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "case_id",
    "details",
)
STAGED_EVENTS = f"SELECT {', '.join(STAGING_COLUMNS)} FROM {STAGING_TABLE}"  # noqa: S608 - constants only


def _kinds_present(kinds: dict[str, AgencyKind], wanted) -> list[str]:
    return list(dict.fromkeys(code for code in wanted if code in kinds))


def _full_name(names: dict[str, str]) -> str:
    return " ".join(part for part in (names.get("given_name"), names.get("family_name")) if part)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count

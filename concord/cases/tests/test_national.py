"""The national data set generator: a small run checked through the services' own readers (the audit verifier,
exact search, the scoped querysets, the risk module's standing level, case numbering)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q

from concord.accounts.choices import Role
from concord.accounts.models import Membership, User
from concord.audit.models import AuditEvent, AuditSeal
from concord.cases import services
from concord.cases.models import Case, CaseNumberSequence, Incident, Involvement, Participant, TimelineEntry
from concord.common.crypto import decrypt_str
from concord.common.testing.matrix import check_case_scoped_rows
from concord.countries.clock import country_local_date
from concord.countries.models import Country
from concord.countries.tests.test_new_country import load_kecalio
from concord.people.models import Person
from concord.people.selectors import person_exact_matches
from concord.people.services import person_create
from concord.risk.models import Assessment
from concord.risk.services import case_risk_refresh
from concord.territory.models import Territory

pytestmark = pytest.mark.django_db(transaction=False)

CASES, PERSONS, INCIDENTS = 150, 240, 420


def _generate(*extra: str) -> str:
    out = io.StringIO()
    call_command(
        "generate_national",
        "xq",
        "--cases",
        str(CASES),
        "--persons",
        str(PERSONS),
        "--incidents",
        str(INCIDENTS),
        "--staff",
        "24",
        "--years",
        "2",
        "--views-per-case",
        "6",
        "--verbosity",
        "0",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def national(settings):
    settings.DEMO_MODE = True
    load_kecalio(settings)
    _generate()
    return Case.objects.exclude(number__in=_demo_numbers())


def _demo_numbers() -> list[str]:
    # load_kecalio seeds three demo cases through the services; the rest were generated.
    return list(Case.objects.filter(owning_agency__code__startswith="XQ").values_list("number", flat=True))


def test_the_sizes_asked_for_are_written(national):
    assert national.count() == CASES
    persons = Person.objects.filter(participations__case__in=national).distinct().count()
    assert PERSONS * 0.85 <= persons <= PERSONS * 1.1
    incidents = Incident.objects.filter(case__in=national).count()
    assert INCIDENTS * 0.8 <= incidents <= INCIDENTS * 1.2
    # Fewer persons than two a case: some alleged perpetrators are in more than one case.
    repeat = Participant.objects.filter(role="alleged_perpetrator", case__in=national).values("person")
    assert repeat.annotate(cases=Count("case")).filter(cases__gt=1).exists()
    # Every district of the pack has its generated agencies and staff, and cases follow them.
    districts = Territory.objects.filter(country_code="xq", level=2)
    assert all(Membership.objects.filter(agency__territory=district).exists() for district in districts)


@pytest.mark.django_db(transaction=True)
def test_the_audit_trail_is_sealed_in_time_order(national):
    call_command("verify_audit", stdout=io.StringIO())
    seal = AuditSeal.objects.order_by("-number").first()
    assert seal.number >= 1 and seal.id_to == AuditEvent.objects.latest("pk").pk
    assert AuditEvent.objects.count() > CASES  # opening, people, incidents, consents and the reads of the last year
    assert AuditEvent.objects.filter(action="case_viewed", case_id__in=national.values("pk")).exists()
    tail = list(AuditEvent.objects.filter(case_id__in=national.values("pk")).order_by("pk").values_list("occurred_at"))
    assert tail == sorted(tail)


def test_the_data_is_encrypted_and_found_by_exact_search(national):
    survivor = Participant.objects.filter(case__in=national, role="survivor").select_related("person").first()
    person = survivor.person
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, national_id FROM people_person WHERE id = %s", [person.pk])
        raw_name, raw_id = cursor.fetchone()
    assert raw_name.startswith("gAAAA") and decrypt_str(raw_name) == person.given_name
    assert person.given_name not in raw_name and decrypt_str(raw_id) == person.national_id
    by_name = person_exact_matches(
        given_name=person.given_name, family_name=person.family_name, birth_date=person.birth_date
    )
    assert person in by_name
    assert list(person_exact_matches(national_id=person.national_id)) == [person]
    assert person in person_exact_matches(phone=person.phone)


def test_scope_holds_on_generated_data(national):
    """Each generated member sees, through every case-scoped model, exactly the rows of the cases their agency is
    involved in (a coordinator: of the district), and nothing of other districts."""
    checked = 0
    for membership in Membership.objects.filter(agency__code__startswith="G").select_related("agency", "user")[:12]:
        user = membership.user
        visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        if membership.role == Role.COORDINATOR:
            expected = Case.objects.filter(territory=membership.agency.territory)
        else:
            involved = Involvement.objects.filter(agency=membership.agency, ended_at__isnull=True).values("case")
            expected = Case.objects.filter(pk__in=involved)
        assert visible == set(expected.values_list("pk", flat=True))
        checked += check_case_scoped_rows(user)
    assert checked > 0


def test_the_standing_risk_level_is_the_one_the_risk_module_works_out(national):
    assessed = national.annotate(n=Count("assessments")).filter(n__gt=0)
    assert assessed.exists()
    for case in assessed[:25]:
        stored = (case.risk_level, case.risk_assessed_at, case.next_risk_review_on)
        case_risk_refresh(case)
        case.refresh_from_db()
        assert (case.risk_level, case.risk_assessed_at, case.next_risk_review_on) == stored, case.number
    assert Assessment.objects.filter(case__in=national).count() >= assessed.count()


def test_every_row_is_on_the_timeline(national):
    incidents = Incident.objects.filter(case__in=national)
    logged = TimelineEntry.objects.filter(case__in=national, kind="incident_recorded")
    assert set(logged.values_list("object_id", flat=True)) == set(incidents.values_list("pk", flat=True))
    assert TimelineEntry.objects.filter(case__in=national, kind="case_opened").count() == CASES


def test_numbering_continues_after_the_generated_cases(national):
    latest = national.order_by("-opened_at").first()
    district = latest.territory
    worker = User.objects.filter(memberships__agency=latest.owning_agency, memberships__role=Role.CASEWORKER).first()
    survivor = person_create(agency=latest.owning_agency, given_name="Nova", sex="female")
    opened = latest.opened_at + datetime.timedelta(seconds=1)
    case = services.case_open(actor=worker, survivor=survivor, territory=district, opened_at=opened)
    year = country_local_date("xq", opened).year
    same_year = [
        c for c in Case.objects.filter(territory=district) if country_local_date("xq", c.opened_at).year == year
    ]
    # Numbers are dense from 1 in each district and year: the new case takes the next one after the generated.
    expected = Country.objects.get(code="xq").case_number_format.format(
        territory=district.code, year=year, number=len(same_year)
    )
    assert case.number == expected
    assert CaseNumberSequence.objects.get(territory=district, year=year).last_number == len(same_year)


def test_a_second_run_adds_cases_and_keeps_the_staff(national):
    staff = User.objects.count()
    _generate("--seed", "2")
    assert Case.objects.exclude(number__in=_demo_numbers()).count() == 2 * CASES
    assert User.objects.count() == staff
    assert Case.objects.values("number").annotate(n=Count("pk")).filter(n__gt=1).count() == 0
    call_command("verify_audit", stdout=io.StringIO())


def test_it_refuses_outside_a_demonstration_deployment(settings):
    settings.DEMO_MODE, settings.DEBUG = False, False
    load_kecalio(settings)
    with pytest.raises(CommandError, match="demonstration"):
        _generate()
    assert not Case.objects.filter(~Q(owning_agency__code__startswith="XQ")).exists()


def _reference_visible_to(user, action):
    """visible_to as it was first written: one condition ORing every way in (Exists per case). Slow at national
    scale, plainly right: the index-driven one must give exactly the same cases."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from concord.accounts.capabilities import Capability
    from concord.accounts.selectors import membership_jurisdiction
    from concord.cases.models import BreakGlassAccess
    from concord.territory.selectors import territory_descendants_q

    membership = user.membership if user.is_active else None
    if membership is None:
        return set()
    capabilities = membership.capabilities
    if action == "edit" and Capability.EDIT_CASES not in capabilities:
        return set()
    now = timezone.now()
    condition = Q(pk__in=[])
    if Capability.VIEW_INVOLVED_CASES in capabilities:
        involved = Involvement.objects.filter(case=OuterRef("pk"), agency=membership.agency, ended_at__isnull=True)
        condition |= Exists(involved)
    if Capability.VIEW_JURISDICTION_CASES in capabilities:
        condition |= territory_descendants_q(membership_jurisdiction(membership), field="territory__")
    emergency = Exists(BreakGlassAccess.objects.filter(case=OuterRef("pk"), user=user, expires_at__gt=now))
    condition |= emergency
    cases = Case.objects.filter(condition)
    if action == "sensitive":
        granted = Involvement.objects.filter(
            case=OuterRef("pk"), agency=membership.agency, ended_at__isnull=True, sensitive_access=True
        )
        cases = cases.filter(Q(owning_agency=membership.agency) | Exists(granted) | emergency)
    return set(cases.values_list("pk", flat=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_driven_scope_equals_the_plain_one(national, seed):
    """Over random users, random emergency accesses (open and expired), ended shares and a deactivated user: the
    same cases for every action."""
    import random

    from django.utils import timezone

    from concord.cases.models import BreakGlassAccess

    rng = random.Random(seed)
    users = list(User.objects.filter(memberships__isnull=False).distinct())
    cases = list(Case.objects.all())
    now = timezone.now()
    for _ in range(15):
        user = rng.choice(users)
        minutes = rng.choice([-30, 30, 240])
        BreakGlassAccess.objects.create(
            case=rng.choice(cases),
            user=user,
            agency=user.agency,
            reason="Test",
            expires_at=now + datetime.timedelta(minutes=minutes),
        )
    shares = list(Involvement.objects.filter(basis="share"))
    for involvement in rng.sample(shares, k=min(len(shares), 10)):
        Involvement.objects.filter(pk=involvement.pk).update(ended_at=now)
    User.objects.filter(pk=rng.choice(users).pk).update(is_active=False)
    # Cases opened at the same moment (an import), so that the newest-first order must break ties by id.
    tied = rng.sample(cases, k=6)
    for case in tied:
        Case.objects.filter(pk=case.pk).update(opened_at=tied[0].opened_at)
        Involvement.objects.filter(case=case).update(case_opened_at=tied[0].opened_at)
    filters = [Q(), Q(status="open"), Q(risk_level__isnull=True), Q(territory=rng.choice(cases).territory_id)]
    compared = 0
    for user in rng.sample(users, k=min(len(users), 25)):
        user = User.objects.get(pk=user.pk)
        for action in ("view", "edit", "sensitive"):
            got = set(Case.objects.visible_to(user, action).values_list("pk", flat=True))
            expected = _reference_visible_to(user, action)
            assert got == expected, (user.pk, action)
            # Restricted to a few cases (a page, one object): the same answer for those cases.
            sample = {case.pk for case in rng.sample(cases, k=8)} | set(list(expected)[:4])
            among = set(Case.objects.visible_to(user, action, among=sample).values_list("pk", flat=True))
            assert among == expected & sample, (user.pk, action, "among")
            # A filtered list: the filter goes into each way in, and gives the same cases.
            filtered = rng.choice(filters[1:])
            got_filtered = set(Case.objects.filter(filtered).visible_to(user, action).values_list("pk", flat=True))
            assert got_filtered == set(Case.objects.filter(filtered, pk__in=expected).values_list("pk", flat=True))
            # A page of a filtered list, newest first: the same cases in the same order.
            condition, limit, oldest = rng.choice(filters), rng.choice([1, 5, 25, 1000]), rng.random() < 0.3
            first = Case.objects.filter(condition).visible_first(user, action, limit=limit, oldest_first=oldest)
            in_order = Case.objects.filter(condition, pk__in=expected).order_by("-opened_at", "-pk")
            if oldest:
                in_order = in_order.reverse()
            assert first == list(in_order.values_list("pk", flat=True)[:limit]), (user.pk, action, "in order")
            compared += len(got)
    assert compared > 0

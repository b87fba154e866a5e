"""The programmes indicators on a data set whose answer is known by hand: four perpetrators sent to the programme
in March 2026 (voluntarily, by a court, by two referrals); two completed, one dropped out, one declined; one of
those who completed struck again within twelve months, the other only before his programme and after the year."""

from __future__ import annotations

import datetime

import pytest

from concord.cases.tests.factories import freeze_now, open_case, record_incident
from concord.programmes import services
from concord.programmes.models import Enrolment, Programme
from concord.programmes.tests.factories import build_programme_scene, enrolled, hold_session, request_enrolment
from concord.stats import catalogue
from concord.stats.catalogue import Filters, count
from concord.stats.tests.factories import BAKU

pytestmark = pytest.mark.django_db
YEAR_2026 = Filters(country_code="tt", start=datetime.date(2026, 1, 1), end=datetime.date(2027, 1, 1), time_zone=BAKU)


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=BAKU)


def cells(code: str, by: str = "", filters: Filters = YEAR_2026) -> dict:
    return {key: n for key, n in count(catalogue.indicator(code), filters, by).cells.items() if n}


@pytest.fixture
def sent(cast, monkeypatch):
    freeze_now(monkeypatch, at(2026, 3, 20))
    scene = build_programme_scene(cast)
    Programme.objects.filter(pk=scene.programme.pk).update(capacity=10)
    cases = [open_case(cast, given_name=name) for name in ("Aysel", "Leyla", "Nigar", "Sevinc")]
    first = enrolled(cast, cases[0], scene, basis="voluntary")
    second = enrolled(cast, cases[1], scene, basis="court_order", reference="2-1/2026")
    third = enrolled(cast, cases[2], scene, basis="referral")
    fourth = request_enrolment(cast, cases[3], scene, basis="referral")
    services.enrolment_decline(actor=cast["provider"], enrolment=fourth, reason="not_eligible")
    for days_ago in (3, 2, 1):
        hold_session(cast, scene, {first.pk: "present", second.pk: "absent", third.pk: "present"}, days_ago=days_ago)
    for enrolment in (first, third):
        services.enrolment_complete(actor=cast["provider"], enrolment=enrolment, completed_at=at(2026, 3, 20))
    services.enrolment_leave(
        actor=cast["provider"], enrolment=second, status="dropped_out", reason="absences", left_at=at(2026, 3, 20)
    )
    for enrolment in (first, second, third, fourth):
        Enrolment.objects.filter(pk=enrolment.pk).update(required_at=at(2026, 3, 2))
    Enrolment.objects.filter(pk=first.pk).update(ended_at=at(2026, 5, 10))
    Enrolment.objects.filter(pk=third.pk).update(ended_at=at(2026, 6, 1))
    record_incident(cast, cases[0], occurred_at=at(2026, 3, 19), reported_at=at(2026, 3, 19))  # before: not counted
    freeze_now(monkeypatch, at(2027, 8, 1))
    record_incident(cast, cases[0], occurred_at=at(2026, 8, 1), reported_at=at(2026, 8, 2))
    record_incident(cast, cases[2], occurred_at=at(2026, 4, 1), reported_at=at(2026, 4, 2))  # during the programme
    record_incident(cast, cases[2], occurred_at=at(2027, 7, 1), reported_at=at(2027, 7, 2))  # after twelve months
    return cases


def test_perpetrators_sent_by_basis(sent, cast):
    assert cells("programme-enrolments") == {("voluntary", None): 1, ("court_order", None): 1, ("referral", None): 2}
    by_asker = cells("programme-enrolments", "agency_kind")
    assert by_asker == {
        ("voluntary", cast.agency_a.kind.code): 1,
        ("court_order", cast.agency_a.kind.code): 1,
        ("referral", cast.agency_a.kind.code): 2,
    }


def test_outcomes_give_the_completion_rate(sent):
    assert cells("programme-outcomes") == {("completed", None): 2, ("dropped_out", None): 1, ("declined", None): 1}
    may = Filters(country_code="tt", start=datetime.date(2026, 5, 1), end=datetime.date(2026, 6, 1), time_zone=BAKU)
    assert cells("programme-outcomes", filters=may) == {("completed", None): 1}


def test_reoffending_within_twelve_months_of_completion(sent):
    assert cells("programme-reoffending") == {("reoffended", None): 1, ("none", None): 1}

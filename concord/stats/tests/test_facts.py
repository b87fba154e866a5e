"""The incident facts follow the register: on record, on a new participant, and by the nightly rebuild."""

from __future__ import annotations

import datetime

from django.test import TestCase
from django.utils import timezone

from concord.cases import services
from concord.cases.choices import ParticipantRole, Relationship, ViolenceAct
from concord.cases.models import Incident
from concord.cases.tests.factories import open_case, record_incident
from concord.people.models import Person
from concord.people.services import person_create
from concord.stats import catalogue, facts, report
from concord.stats.catalogue import Filters, count
from concord.stats.models import FactRebuild, IncidentFact, YearCounts
from concord.stats.tests.factories import BAKU, at
from concord.stats.tests.test_catalogue import YEAR_2025, table


def test_a_recorded_incident_is_counted_at_once_on_the_countrys_calendar(cast):
    case = open_case(cast, birth_date=datetime.date(2009, 6, 1))
    # 01:30 on New Year's Day in Baku is still 31 December in UTC.
    incident = record_incident(
        cast, case, occurred_at=at("2026-01-01", 1), reported_at=at("2026-01-04"), acts=[ViolenceAct.HITTING]
    )
    fact = IncidentFact.objects.get(incident=incident)
    assert incident.occurred_at.astimezone(datetime.UTC).date() == datetime.date(2025, 12, 31)
    assert (fact.occurred_on, fact.reported_on) == (datetime.date(2026, 1, 1), datetime.date(2026, 1, 4))
    assert (fact.delay_band, fact.survivor_age_band, fact.survivor_sex) == ("0-3", "12-17", "female")
    assert fact.country_code == "tt" and fact.agency_kind == case.owning_agency.kind.code


def test_a_perpetrator_added_later_is_counted_under_his_relationship(cast):
    case = open_case(cast, birth_date=datetime.date(1990, 1, 1))
    record_incident(cast, case, occurred_at=at("2025-05-01"), reported_at=at("2025-05-02"), perpetrators=[])
    assert table("gbvims-perpetrator-relationship") == {(None, None): 1}
    father = person_create(agency=cast["caseworker"].agency, given_name="Rauf", family_name="Əliyev", sex="male")
    with TestCase.captureOnCommitCallbacks(execute=True):
        participant = services.participant_add(
            actor=cast["caseworker"], case=case, person=father, role=ParticipantRole.ALLEGED_PERPETRATOR,
            relationship=Relationship.PARENT,
        )  # fmt: skip
        Incident.perpetrators.through.objects.create(incident=case.incidents.get(), participant=participant)
    assert table("gbvims-perpetrator-relationship") == {(Relationship.PARENT.value, None): 1}


def test_the_nightly_rebuild_brings_in_edits_made_elsewhere_once_a_local_day(known):
    survivor = Person.objects.get(birth_year=1960)
    assert table("gbvims-incidents-by-type", "age_band")[("physical_assault", "61+")] == 1
    Person.objects.filter(pk=survivor.pk).update(birth_year=1970)  # a corrected birth year
    evening = datetime.datetime(2026, 3, 2, 23, 0, tzinfo=BAKU)
    FactRebuild.objects.update_or_create(country_code="tt", defaults={"rebuilt_at": evening, "incidents": 0})
    assert report.count_due(evening + datetime.timedelta(minutes=30)) == 0  # the same day in Baku
    assert table("gbvims-incidents-by-type", "age_band")[("physical_assault", "61+")] == 1
    assert report.count_due(evening + datetime.timedelta(hours=1, minutes=30)) == 5  # past midnight
    assert ("physical_assault", "61+") not in table("gbvims-incidents-by-type", "age_band")
    assert table("gbvims-incidents-by-type", "age_band")[("physical_assault", "41-60")] == 1
    assert FactRebuild.objects.get(country_code="tt").rebuilt_at > timezone.now() - datetime.timedelta(minutes=1)
    # and, from the facts just rebuilt, the counts of every ended year are kept ahead
    assert set(YearCounts.objects.filter(country_code="tt").values_list("year", flat=True)) == {2024, 2025}


def test_contexts_overlap_and_the_total_counts_each_incident_once(known):
    """Every 2025 incident has a spouse among its perpetrators; the girl's also her father."""
    assert table("gbvims-incidents-by-context") == {("intimate_partner", None): 4, ("other_family", None): 1}
    counts = count(catalogue.indicator("gbvims-incidents-by-context"), Filters(**YEAR_2025))
    assert counts.distinct_total == 4


def test_femicides_are_the_fatal_incidents_of_women_and_girls_by_context(known):
    """The girl's incident (her husband and her father) proved fatal; so did the 1960 survivor's (her husband)."""
    from concord.cases.choices import Injury

    Incident.objects.filter(case__participants__person__birth_year__in=(2010, 1960)).update(injury=Injury.FATAL)
    facts.rebuild("tt")
    counts = count(catalogue.indicator("eige-femicides"), Filters(**YEAR_2025))
    assert {key: n for key, n in counts.cells.items() if n} == {
        ("intimate_partner", None): 2,
        ("other_family", None): 1,
    }
    assert counts.distinct_total == 2

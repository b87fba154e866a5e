"""Each indicator on a small data set whose answer is known by hand."""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from concord.cases import services
from concord.cases.choices import ConsentMethod, ConsentPurpose, Injury, ParticipantRole, PlaceType, ViolenceAct, Weapon
from concord.cases.models import Case, Incident
from concord.cases.tests.factories import open_case, other_country, record_incident
from concord.stats import catalogue, facts
from concord.stats.catalogue import Filters, count
from concord.stats.tests.factories import BAKU, at

YEAR_2025 = {"country_code": "tt", "start": datetime.date(2025, 1, 1), "end": datetime.date(2026, 1, 1)}


def table(code: str, by: str = "", **filters) -> dict:
    counts = count(catalogue.indicator(code), Filters(**(YEAR_2025 | {"time_zone": BAKU} | filters)), by)
    return {key: value for key, value in counts.cells.items() if value}


def test_incidents_by_type_count_each_incident_once_in_the_country_year(known):
    assert table("gbvims-incidents-by-type") == {("physical_assault", None): 3, ("psychological_abuse", None): 1}


def test_the_year_is_the_countrys_and_the_date_is_the_one_asked_for(known):
    """The girl's incident, at 23:30 on 31 December in Baku, was reported on 2 January: 2025's by incident date,
    2026's by report date."""
    assert table("gbvims-incidents-by-type") == {("physical_assault", None): 3, ("psychological_abuse", None): 1}
    by_report = table("gbvims-incidents-by-type", date="report")
    assert by_report == {("physical_assault", None): 2, ("psychological_abuse", None): 1}
    next_year = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2027, 1, 1)}
    assert table("gbvims-incidents-by-type", date="report", **next_year) == {("physical_assault", None): 1}
    assert table("gbvims-incidents-by-type", **next_year) == {}


def test_split_by_age_band_sex_and_disability(known):
    assert table("gbvims-incidents-by-type", "age_band") == {
        ("physical_assault", "12-17"): 1,
        ("physical_assault", "26-40"): 1,
        ("physical_assault", "61+"): 1,
        ("psychological_abuse", "26-40"): 1,
    }
    assert table("gbvims-incidents-by-type", "sex") == {
        ("physical_assault", "female"): 3,
        ("psychological_abuse", "female"): 1,
    }
    assert table("gbvims-incidents-by-type", "disability")[("physical_assault", "none")] == 1
    assert table("gbvims-incidents-by-type", age_band="12-17") == {("physical_assault", None): 1}


def test_territory_drills_down_one_level_and_filters_by_path(known):
    """Both districts lie in the one region: the country's table has one column, the region's two."""
    region = known.district_a.parent
    assert table("gbvims-incidents-by-type", "territory") == {
        ("physical_assault", region.code): 3,
        ("psychological_abuse", region.code): 1,
    }
    assert table("gbvims-incidents-by-type", "territory", territory_path=region.path) == {
        ("physical_assault", known.district_a.code): 2,
        ("physical_assault", known.district_b.code): 1,
        ("psychological_abuse", known.district_a.code): 1,
    }
    assert table("gbvims-incidents-by-type", territory_path=known.district_b.path) == {("physical_assault", None): 1}


def test_split_by_the_reporting_agencys_kind(known):
    assert table("gbvims-incidents-by-type", "agency_kind") == {
        ("physical_assault", "police"): 3,
        ("psychological_abuse", "police"): 1,
    }
    assert table("gbvims-incidents-by-type", agency_kind="health") == {}


def test_periods_by_quarter_place_each_incident_in_its_quarter(known):
    counts = count(
        catalogue.indicator("gbvims-incidents-by-type"),
        Filters(**YEAR_2025, time_zone=BAKU, period="quarter"),
        "period",
    )
    assert [label for _key, label in counts.columns] == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    quarter = dict(counts.columns)
    cells = {(row, quarter[column]): n for (row, column), n in counts.cells.items()}
    assert cells == {
        ("physical_assault", "2025 Q1"): 1,
        ("psychological_abuse", "2025 Q2"): 1,
        ("physical_assault", "2025 Q3"): 1,
        ("physical_assault", "2025 Q4"): 1,
    }


def test_time_to_report_bands(known):
    """A day, nineteen days, two days over the new year, the same day."""
    assert table("gbvims-time-to-report") == {("0-3", None): 3, ("15-30", None): 1}


def test_relationship_counts_an_incident_under_each_and_says_how_many_there_were(known):
    counts = count(catalogue.indicator("gbvims-perpetrator-relationship"), Filters(**YEAR_2025, time_zone=BAKU), "")
    assert {key: n for key, n in counts.cells.items() if n} == {("spouse", None): 4, ("parent", None): 1}
    assert counts.distinct_total == 4


def test_a_dimension_the_indicator_does_not_have_is_refused():
    with pytest.raises(ValueError):
        catalogue.register(
            catalogue.Indicator(
                code="test-no-case",
                name="n",
                definition="d",
                unit="u",
                source="s",
                rows=lambda: None,
                dates={"x": "x"},
                territory="t",
                dimensions=("sex",),
            )
        )


def test_a_unit_without_parts_stands_for_itself_and_a_row_at_the_unit_itself_is_kept(known):
    district = known.district_b
    counts = count(
        catalogue.indicator("gbvims-incidents-by-type"),
        Filters(**YEAR_2025, time_zone=BAKU, territory_path=district.path),
        "territory",
    )
    assert counts.columns == [(district.code, district.name)]
    region = known.district_a.parent
    # Intake places an incident in a district; one recorded before the region was divided keeps the region.
    case = Case.objects.filter(territory=known.district_a).first()
    incident = record_incident(known, case, occurred_at=at("2025-04-01"), reported_at=at("2025-04-01"))
    Incident.objects.filter(pk=incident.pk).update(territory=region)
    facts.rebuild("tt")  # an edit made outside the services reaches the statistics with the nightly rebuild
    counts = count(
        catalogue.indicator("gbvims-incidents-by-type"),
        Filters(**YEAR_2025, time_zone=BAKU, territory_path=region.path),
        "territory",
    )
    assert counts.columns[-1] == (region.code, "Recorded for the whole unit, not one of its parts")
    assert counts.cells[("physical_assault", region.code)] == 1
    assert sum(counts.cells.values()) == 5


def test_where_consent_is_required_only_consenting_survivors_count_and_the_rest_are_told(known):
    by_type = catalogue.indicator("gbvims-incidents-by-type")
    required = Filters(**YEAR_2025, time_zone=BAKU, consent_required=True)
    counts = count(by_type, required)
    assert not any(counts.cells.values()) and counts.left_out == 4
    first = Case.objects.get(participants__person__birth_year=1990, participants__role=ParticipantRole.SURVIVOR)
    survivor = first.participants.get(role=ParticipantRole.SURVIVOR)
    consent = services.consent_record(
        actor=known["caseworker"], case=first, participant=survivor, purpose=ConsentPurpose.STATISTICS,
        method=ConsentMethod.WRITTEN,
    )  # fmt: skip
    counts = count(by_type, required)
    assert {key: n for key, n in counts.cells.items() if n} == {
        ("physical_assault", None): 1,
        ("psychological_abuse", None): 1,
    }
    assert counts.left_out == 2
    services.consent_withdraw(actor=known["caseworker"], consent=consent)
    assert count(by_type, required).left_out == 4
    assert count(by_type, Filters(**YEAR_2025, time_zone=BAKU)).left_out == 0


def test_another_countrys_incidents_are_never_counted(known):
    bogota = other_country("uu", "America/Bogota")
    there = open_case(known, actor=bogota.caseworker, territory=bogota.district)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.incident_record(
            actor=bogota.caseworker, case=there, occurred_at=at("2025-03-10"), reported_at=at("2025-03-11"),
            place_type=PlaceType.SHARED_HOME, territory=bogota.district, acts=[ViolenceAct.HITTING],
            reporting_agency=bogota.agency, injury=Injury.MINOR, weapon=Weapon.NONE,
        )  # fmt: skip
    assert table("gbvims-incidents-by-type") == {("physical_assault", None): 3, ("psychological_abuse", None): 1}
    assert table("gbvims-incidents-by-type", country_code="uu", time_zone=zoneinfo.ZoneInfo("America/Bogota")) == {
        ("physical_assault", None): 1
    }


@pytest.mark.parametrize("code", ["gbvims-incidents-by-type", "gbvims-perpetrator-relationship"])
def test_one_grouping_gives_every_split_the_counts_of_its_own_query(known, code):
    indicator = catalogue.indicator(code)
    filters = Filters(**YEAR_2025, time_zone=BAKU, territory_path=known.district_a.parent.path)
    splits = ["", "territory", "age_band", "sex", "period"]
    together = catalogue.count_many(indicator, filters, splits)
    for by in splits:
        assert together[by] == count(indicator, filters, by), by
    with CaptureQueriesContext(connection) as queries:
        catalogue.count_many(indicator, filters, splits)
    grouped = [query for query in queries if "GROUP BY" in query["sql"]]
    assert len(grouped) == 1


def test_the_yearly_report_has_each_indicators_tables_suppressed(known):
    from concord.stats.report import REPORT_SPLITS, year_filters, yearly_report

    sections = yearly_report(year_filters("tt", 2025))
    assert {section.indicator.code for section in sections} >= {
        "gbvims-incidents-by-type",
        "gbvims-time-to-report",
        "gbvims-perpetrator-relationship",
        "gbvims-incidents-by-context",
    }
    by_type = next(section for section in sections if section.indicator.code == "gbvims-incidents-by-type")
    assert [table.by for table in by_type.tables] == list(REPORT_SPLITS)
    monthly = by_type.tables[0]
    assert len(monthly.columns) == 12
    # Four incidents in the year: every count is below five and hidden.
    assert monthly.grand_total.text == "<5" and all(
        cell.value is None for row in monthly.rows for cell in row.cells if cell.text != "0"
    )


def test_repeat_and_escalation_follow_the_flags_the_risk_rules_set(known):
    """The risk rules flag an incident as it is recorded (risk.services.incident_flag); here two are flagged by hand:
    the first survivor's June incident repeats the March one, the girl's escalates."""
    first_survivor = Incident.objects.filter(case__participants__person__birth_year=1990)
    first_survivor.filter(occurred_at__month=6).update(is_repeat=True)
    Incident.objects.filter(case__participants__person__birth_year=2010).update(is_repeat=True, is_escalation=True)
    facts.rebuild("tt")
    assert table("incidents-repeat-escalation") == {("escalation", None): 1, ("repeat", None): 1, ("first", None): 2}


def test_women_victims_of_intimate_partner_violence_are_counted_once_each_at_their_first_incident(known):
    """2025: the woman born in 1990 (March and June, by her spouse) and the one born in 1960 (August); the girl,
    15, is not a woman in EIGE's count."""
    code = "eige-ipv-women-victims"
    assert table(code) == {(None, None): 2}
    assert table("gbvims-incidents-by-context")[("intimate_partner", None)] == 4
    assert table(code, "period", period="month") == {
        (None, datetime.date(2025, 3, 1)): 1,
        (None, datetime.date(2025, 8, 1)): 1,
    }
    assert table(code, "age_band") == {(None, "26-40"): 1, (None, "61+"): 1}
    # From April, the first woman's first incident in the period is June's.
    april = table(code, "period", period="month", start=datetime.date(2025, 4, 1))
    assert april == {(None, datetime.date(2025, 6, 1)): 1, (None, datetime.date(2025, 8, 1)): 1}
    assert table(code, start=datetime.date(2024, 1, 1), end=datetime.date(2025, 1, 1)) == {(None, None): 1}


def test_a_woman_with_two_cases_is_one_victim(known):
    first = Case.objects.get(participants__person__birth_year=1990, participants__role=ParticipantRole.SURVIVOR)
    woman = first.participants.get(role=ParticipantRole.SURVIVOR).person
    again = services.case_open(actor=known["caseworker"], survivor=woman, territory=known.district_a)
    partner = first.participants.get(role=ParticipantRole.ALLEGED_PERPETRATOR)
    services.participant_add(
        actor=known["caseworker"], case=again, person=partner.person, role=ParticipantRole.ALLEGED_PERPETRATOR,
        relationship=partner.relationship,
    )  # fmt: skip
    record_incident(known, again, occurred_at=at("2025-09-09"), reported_at=at("2025-09-10"))
    facts.rebuild("tt")
    assert table("gbvims-incidents-by-context")[("intimate_partner", None)] == 5
    assert table("eige-ipv-women-victims") == {(None, None): 2}


def test_every_date_an_indicator_is_counted_by_has_a_translated_name():
    from django.utils import translation

    for each in catalogue.indicators():
        for key in each.dates:
            english = str(catalogue.date_label(key))
            assert english != key, (each.code, key)
            for language in ("az", "ru", "sq"):
                with translation.override(language):
                    assert str(catalogue.date_label(key)) != english, (each.code, key, language)
    with pytest.raises(ValueError, match="dates with no name"):
        catalogue.register(
            dataclasses.replace(catalogue.indicator("groups-actions"), code="x", dates={"when": "due_on"})
        )


def test_an_indicator_that_sums_counts_each_row_once():
    reach = catalogue.indicator("campaign-reach")
    assert reach.summed == "reach"
    with pytest.raises(ValueError, match="counted once"):
        catalogue.register(dataclasses.replace(reach, code="x", once_per="campaign"))
    with pytest.raises(ValueError, match="counted once"):
        overlapping = catalogue.indicator("gbvims-incidents-by-context")
        catalogue.register(dataclasses.replace(overlapping, code="y", summed="pk"))

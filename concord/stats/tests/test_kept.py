"""A whole country's ended year, counted ahead each night and kept (report.py): the kept counts are the counts, are
read only where they answer exactly what was asked, and give way at once to a live count where consent is at stake."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.cases import services
from concord.cases.choices import ConsentMethod, ConsentPurpose, ParticipantRole, ViolenceAct
from concord.cases.models import Case
from concord.cases.tests.factories import open_case, record_incident
from concord.countries.models import Country
from concord.stats import catalogue, facts, report
from concord.stats.models import StatisticsRule, YearCounts
from concord.stats.tests.factories import at

BY_TYPE = "gbvims-incidents-by-type"


def _table(filters: catalogue.Filters, by: str = "", code: str = BY_TYPE) -> report.PublishedTable:
    return report.published_table(catalogue.indicator(code), filters, by)


def _same(counts: catalogue.Counts, other: catalogue.Counts) -> bool:
    return dataclasses.replace(counts, counted_at=None) == dataclasses.replace(other, counted_at=None)


def test_the_kept_counts_of_every_indicator_are_its_counts(known):
    year = report.year_filters("tt", 2025)
    assert report.keep_year("tt", 2025) == len(catalogue.indicators())
    for indicator in catalogue.indicators():
        splits = [by for by in report.KEPT_SPLITS if not by or by in indicator.dimensions]
        kept = report.grouped_many(year, {indicator.code: splits})[indicator.code]
        assert kept.counted_at is not None, indicator.code
        live = catalogue.count_many(indicator, year, splits)
        labelled = catalogue.labelled(indicator, year, kept)
        for by in splits:
            assert _same(labelled[by], live[by]), (indicator.code, by)


def test_a_kept_year_is_reported_without_reading_the_register(known):
    year = report.year_filters("tt", 2025)
    live = report.yearly_report(year)
    report.keep_year("tt", 2025)
    with CaptureQueriesContext(connection) as queries:
        kept = report.yearly_report(year)
    assert not [query for query in queries if "GROUP BY" in query["sql"] or "stats_incidentfact" in query["sql"]]
    assert len(queries) <= 8, [query["sql"] for query in queries]
    assert [[table.rows for table in section.tables] for section in kept] == [
        [table.rows for table in section.tables] for section in live
    ]
    assert report.counted_at(kept) == YearCounts.objects.filter(year=2025).first().counted_at
    assert report.counted_at(live) is None


def test_kept_counts_answer_only_a_whole_ended_year_of_the_whole_country(known):
    report.keep_year("tt", 2025)
    year = report.year_filters("tt", 2025)
    assert _table(year).counted_at is not None
    assert _table(dataclasses.replace(year, period="year"), "sex").counted_at is not None
    assert _table(dataclasses.replace(year, date="incident"), "sex").counted_at is not None  # the first date
    narrowed = [
        dataclasses.replace(year, sex="female"),
        dataclasses.replace(year, territory_path=known.district_b.path),
        dataclasses.replace(year, agency_kind="police"),
        dataclasses.replace(year, date="report"),
        dataclasses.replace(year, end=datetime.date(2025, 7, 1)),
    ]
    for filters in narrowed:
        assert _table(filters).counted_at is None, filters
    # Months were kept; a table by quarter is counted.
    assert _table(dataclasses.replace(year, period="quarter"), "period").counted_at is None
    assert _table(year, "period").counted_at is not None


def test_the_year_still_running_is_never_kept(known):
    assert report.keep_ended_years("tt") == [2024, 2025]
    assert set(YearCounts.objects.values_list("year", flat=True)) == {2024, 2025}
    this_year = datetime.date.today().year
    YearCounts.objects.filter(year=2025).update(year=this_year)  # as if kept while it ran
    assert _table(report.year_filters("tt", this_year)).counted_at is None
    report.keep_ended_years("tt")
    assert set(YearCounts.objects.values_list("year", flat=True)) == {2024, 2025}


def test_kept_counts_are_as_of_their_count_and_the_nightly_count_brings_in_what_came_since(known):
    report.keep_year("tt", 2025)
    year = report.year_filters("tt", 2025)
    late = open_case(known, given_name="Aysel", birth_date=datetime.date(1985, 1, 1))
    record_incident(known, late, occurred_at=at("2025-10-01"), reported_at=at("2026-11-30"), acts=[ViolenceAct.HITTING])
    facts.rebuild("tt")
    assert _table(year).grand_total.text == "<5"  # four, as counted
    assert _table(dataclasses.replace(year, sex="female")).grand_total.text == "5"  # narrowed: counted now
    report.count_country("tt")
    assert _table(year).grand_total.text == "5"


@pytest.fixture
def readable(settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5, "tt": 1}  # so that the small counts can be read


@pytest.fixture
def consent_required(known, readable):
    StatisticsRule.objects.create(
        country=Country.objects.get(code="tt"), effective_from=datetime.date(2020, 1, 1), consent_required=True
    )
    return known


def _statistics_consent(cast):
    first = Case.objects.get(participants__person__birth_year=1990, participants__role=ParticipantRole.SURVIVOR)
    return services.consent_record(
        actor=cast["caseworker"], case=first, participant=first.participants.get(role=ParticipantRole.SURVIVOR),
        purpose=ConsentPurpose.STATISTICS, method=ConsentMethod.WRITTEN,
    )  # fmt: skip


def test_where_consent_is_required_a_consent_withdrawn_since_the_count_counts_at_once(consent_required):
    consent = _statistics_consent(consent_required)
    report.keep_year("tt", 2025)
    year = report.year_filters("tt", 2025)
    kept = _table(year)
    assert kept.counted_at is not None and kept.left_out.text == "2"
    services.consent_withdraw(actor=consent_required["caseworker"], consent=consent)
    now = _table(year)
    assert now.counted_at is None and now.left_out.text == "4" and now.grand_total.text == "0"


def test_where_consent_is_required_a_consent_given_since_the_count_counts_at_once(consent_required):
    report.keep_year("tt", 2025)
    year = report.year_filters("tt", 2025)
    assert _table(year).left_out.text == "4"
    _statistics_consent(consent_required)
    assert _table(year).counted_at is None and _table(year).left_out.text == "2"


def test_counts_kept_under_another_consent_rule_are_not_read(known, readable):
    report.keep_year("tt", 2025)
    year = report.year_filters("tt", 2025)
    assert _table(year).counted_at is not None
    StatisticsRule.objects.create(
        country=Country.objects.get(code="tt"), effective_from=datetime.date(2026, 1, 1), consent_required=True
    )
    required = report.year_filters("tt", 2025)
    assert required.consent_required
    table = _table(required)
    assert table.counted_at is None and table.left_out.text == "4"


def test_the_pages_and_the_api_say_when_kept_counts_were_counted(known, client_for):
    report.keep_year("tt", 2025)
    client = client_for("analyst")
    page = client.get(reverse("stats:indicator_table", args=[BY_TYPE]), {"year_from": 2025})
    assert page.status_code == 200 and b'data-testid="stats-counted"' in page.content
    narrowed = client.get(reverse("stats:indicator_table", args=[BY_TYPE]), {"year_from": 2025, "sex": "female"})
    assert b'data-testid="stats-counted"' not in narrowed.content
    board = client.get(reverse("stats:dashboard"), {"year": 2025})
    assert b'data-testid="stats-counted"' in board.content
    region = client.get(reverse("stats:dashboard"), {"year": 2025, "territory": known.district_b.pk})
    assert b'data-testid="stats-counted"' not in region.content
    api = client.get(f"/api/v1/statistics/{BY_TYPE}/", {"year_from": 2025})
    assert api.status_code == 200
    assert api.json()["counted_at"] is not None
    assert (
        client.get(f"/api/v1/statistics/{BY_TYPE}/", {"year_from": 2025, "sex": "female"}).json()["counted_at"] is None
    )

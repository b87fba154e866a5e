"""The statistics pages and /api/v1/statistics/: what an analyst sees is the suppressed table, never a true small
count; bad filters are refused with a message; the pages do a fixed number of queries."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.accounts.tokens import api_token_create
from concord.cases.models import Case
from concord.cases.tests.factories import record_incident
from concord.stats import report
from concord.stats.catalogue import Filters, indicator
from concord.stats.tests.factories import BAKU, at

TABLE = "gbvims-incidents-by-type"
YEAR = {"year_from": 2025, "year_to": 2025}


def test_the_catalogue_lists_every_indicator_with_its_definition(cast, client_for):
    response = client_for("analyst").get(reverse("stats:indicator_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(indicator(TABLE).name) in page and str(indicator("gbvims-time-to-report").definition)[:40] in page


def test_small_counts_are_shown_as_below_the_threshold_and_never_as_themselves(known, client_for):
    """Three physical assaults, one psychological abuse: both below 5, and the total 4 too."""
    response = client_for("analyst").get(reverse("stats:indicator_table", args=[TABLE]), YEAR)
    assert response.status_code == 200
    table = response.context["table"]
    shown = {row.key: row.total.text for row in table.rows}
    assert shown["physical_assault"] == "<5"
    assert shown["psychological_abuse"] == "<5" and table.grand_total.text == "<5"
    chart = dict(
        zip(response.context["chart"]["labels"], response.context["chart"]["series"][0]["values"], strict=True)
    )
    assert chart["Physical assault"] is None and chart["Rape"] == 0
    page = response.content.decode()
    assert "&lt;5" in page and str(indicator(TABLE).definition)[:40] in page
    assert "Counted by date of the incident." in page


def test_a_lower_threshold_shows_what_it_allows(known, client_for, settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5, "tt": 2}
    table = client_for("analyst").get(reverse("stats:indicator_table", args=[TABLE]), YEAR).context["table"]
    shown = {row.key: row.total.value for row in table.rows}
    # The psychological abuse (1) is small; the physical assaults (3) alone would give it back from the total (4).
    assert shown["psychological_abuse"] is None and shown["physical_assault"] is None
    assert table.grand_total.value == 4


def test_bad_filters_are_refused_with_a_message(known, client_for):
    client = client_for("analyst")
    response = client.get(reverse("stats:indicator_table", args=[TABLE]), {"year_from": 2025, "year_to": 2020})
    assert response.status_code == 200 and "table" not in response.context
    assert "The last year comes before the first." in response.content.decode()
    response = client.get(reverse("stats:indicator_table", args=[TABLE]), YEAR | {"by": "shoe_size"})
    assert "table" not in response.context and response.context["form"].errors["by"]
    assert client.get(reverse("stats:indicator_table", args=["no-such-indicator"])).status_code == 404


def test_the_table_page_does_a_fixed_number_of_queries(known, client_for, django_assert_max_num_queries):
    client = client_for("analyst")
    client.get(reverse("stats:indicator_table", args=[TABLE]), YEAR)
    for by in ("", "territory", "age_band", "period"):
        with django_assert_max_num_queries(15):  # with the look for counts kept ahead of a whole ended year
            assert client.get(reverse("stats:indicator_table", args=[TABLE]), YEAR | {"by": by}).status_code == 200


def test_the_api_returns_the_same_suppressed_table(known, client_for):
    client = client_for("analyst")
    listed = client.get("/api/v1/statistics/").json()
    assert TABLE in [entry["code"] for entry in listed]
    data = client.get(f"/api/v1/statistics/{TABLE}/", YEAR | {"by": "sex"}).json()
    assert data["threshold"] == 5 and data["by"] == "sex" and data["counted_by"] == "incident"
    female = [column["key"] for column in data["columns"]].index("female")
    rows = {row["key"]: row for row in data["rows"]}
    assert rows["physical_assault"]["cells"][female] == {"value": None, "text": "<5"}
    assert rows["rape"]["cells"][female] == {"value": 0, "text": "0"}
    assert data["total"] == {"value": None, "text": "<5"}


def test_the_api_refuses_bad_filters_and_unknown_indicators(known, client_for):
    client = client_for("analyst")
    response = client.get(f"/api/v1/statistics/{TABLE}/", {"year_from": 2025, "by": "shoe_size"})
    assert response.status_code == 400 and "by" in response.json()
    assert client.get("/api/v1/statistics/no-such-thing/").status_code == 404


def test_the_csv_is_the_published_table(known, client_for, settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 2}
    response = client_for("analyst").get(f"/api/v1/statistics/{TABLE}/csv/", {"year_from": 2025})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][-1] == "total" and lines[-1] == ["total", "4"]
    assert ["Psychological or emotional abuse", "<2"] in lines and ["Physical assault", "x"] in lines


@pytest.mark.parametrize("threshold", [3, 5])
def test_publish_never_shows_a_cell_from_one_to_below_the_threshold(known, threshold, settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": threshold}
    filters = Filters("tt", datetime.date(2024, 1, 1), datetime.date(2026, 1, 1), time_zone=BAKU)
    for by in ("", "period", "territory", "age_band"):
        table = report.published_table(indicator(TABLE), filters, by)
        cells = [cell for row in table.rows for cell in [*row.cells, row.total]]
        assert all(cell.value is None or cell.value == 0 or cell.value >= threshold for cell in cells)


def test_a_statistics_token_scripts_the_tables_and_reaches_no_case(known, client):
    _token, key = api_token_create(
        actor=known["agency_admin"], agency=known.agency_a, name="Open data portal", scope="statistics"
    )
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    response = client.get(f"/api/v1/statistics/{TABLE}/csv/", {"year_from": 2025}, **headers)
    assert response.status_code == 200 and response.content.decode().splitlines()[-1] == "total,<5"
    assert client.get("/api/v1/cases/", **headers).status_code == 403
    case = Case.objects.first()
    assert client.get(f"/api/v1/cases/{case.pk}/", **headers).status_code in (403, 404)
    assert client.get("/api/v1/statistics/nothing/csv/", **headers)["Content-Type"] == "application/json"


def test_where_the_pack_requires_consent_the_table_says_how_many_it_left_out(known, client_for, settings):
    from concord.countries.models import Country
    from concord.stats.models import StatisticsRule

    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5, "tt": 1}  # so that the figures can be read
    StatisticsRule.objects.create(
        country=Country.objects.get(code="tt"), effective_from=datetime.date(2000, 1, 1), consent_required=True
    )
    response = client_for("analyst").get(reverse("stats:indicator_table", args=[TABLE]), YEAR)
    table = response.context["table"]
    assert table.grand_total.value == 0 and table.left_out.text == "4"
    assert "Left out of this table for want of that consent: 4." in response.content.decode()
    api = client_for("analyst").get(f"/api/v1/statistics/{TABLE}/", YEAR).json()
    assert api["consent_required"] is True and api["left_out"] == {"value": 4, "text": "4"}
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5}
    assert client_for("analyst").get(f"/api/v1/statistics/{TABLE}/", YEAR).json()["left_out"]["text"] == "<5"


def test_the_dashboard_drills_down_from_the_regions_to_the_districts(known, client_for, settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5, "tt": 1}
    client = client_for("analyst")
    response = client.get(reverse("stats:dashboard"), {"year": 2025})
    assert response.status_code == 200
    board = response.context["board"]
    region = known.district_a.parent
    units = {unit.code: unit for unit in board.units}
    # Four 2025 incidents, all in the region of districts A (three) and B (one).
    incidents = board.figure_labels.index("Incidents")
    assert units[region.code].figures[incidents].value == 4 == board.totals[incidents].value
    assert units[region.code].territory_id == region.pk
    page = response.content.decode()
    assert f"?year=2025&amp;territory={region.pk}" in page and page.count('data-testid="dashboard-panel"') == 6
    down = client.get(reverse("stats:dashboard"), {"year": 2025, "territory": region.pk})
    districts = {unit.code: unit for unit in down.context["board"].units}
    assert districts[known.district_a.code].figures[incidents].value == 3
    assert districts[known.district_b.code].figures[incidents].value == 1
    assert [unit.pk for unit in down.context["trail"]] == [region.pk]
    other = client.get(reverse("stats:dashboard"), {"year": 2025, "territory": 999999})
    assert "board" not in other.context  # a territory not offered is refused by the form


def test_the_dashboard_reads_a_fixed_number_of_queries(known, client_for):
    """Ten tables, each a grouping and its few lookups: no more queries for more incidents."""
    client = client_for("analyst")
    client.get(reverse("stats:dashboard"), {"year": 2025})
    counts = []
    for params in ({"year": 2025}, {"year": 2025, "territory": known.district_a.parent.pk}):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("stats:dashboard"), params)
        counts.append(len(queries))
    case = Case.objects.filter(territory=known.district_a).first()
    record_incident(known, case, occurred_at=at("2025-02-02"), reported_at=at("2025-02-03"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("stats:dashboard"), {"year": 2025})
    # A region adds its own lookup and the breadcrumb's; the whole country looks for counts kept ahead.
    assert counts[0] == len(queries) <= 50 and counts[1] == counts[0] + 1

"""Before and after a legal change: equal periods on either side of a date the pack gives, shortened to what has
passed since; counts, shares and monthly rates side by side, suppressed like any table; the caution is shown."""

from __future__ import annotations

import datetime

from django.urls import reverse

from concord.cases.models import Case
from concord.cases.tests.factories import freeze_now, record_incident
from concord.protection.tests.factories import build_scene
from concord.stats import comparing
from concord.stats.tests.factories import BAKU, at

TABLE = "gbvims-incidents-by-type"
CRIMINALISATION = "qualification:TT-CC-20"  # the test scene's criminal article, in force from 2026-01-01


def test_the_packs_changes_are_offered_newest_first_and_only_once_in_force(known, monkeypatch):
    build_scene(known)
    freeze_now(monkeypatch, datetime.datetime(2026, 7, 15, 12, tzinfo=BAKU))
    changes = comparing.legal_changes("tt")
    assert changes[0].day == datetime.date(2026, 1, 1)
    assert {CRIMINALISATION, "measure:police_ban:2026", "measure:police_ban:2020"} <= {c.key for c in changes}
    assert "CC Art. 20 in force (Criminal): Battery" in {change.label for change in changes}
    freeze_now(monkeypatch, datetime.datetime(2025, 7, 15, 12, tzinfo=BAKU))
    assert CRIMINALISATION not in {change.key for change in comparing.legal_changes("tt")}


def test_equal_periods_on_each_side_shortened_to_the_months_passed(known, client_for, settings, monkeypatch):
    """Six whole months have passed on 15 July 2026: the 2025 incidents of August and December fall in the six
    months before, one of March 2026 after."""
    build_scene(known)
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5, "tt": 1}
    freeze_now(monkeypatch, datetime.datetime(2026, 7, 15, 12, tzinfo=BAKU))
    case = Case.objects.filter(territory=known.district_a).first()
    record_incident(known, case, occurred_at=at("2026-03-02"), reported_at=at("2026-03-03"))
    url = reverse("stats:indicator_compare", args=[TABLE])
    response = client_for("analyst").get(url, {"change": CRIMINALISATION, "months": 12})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.months == 6
    assert comparison.before.filters.start == datetime.date(2025, 7, 1)
    assert comparison.after.filters.end == datetime.date(2026, 7, 1)
    assert (comparison.before.grand_total.value, comparison.after.grand_total.value) == (2, 1)
    by_key = {row.key: row for row in comparison.rows}
    assert by_key["physical_assault"].before.value == 2 and by_key["physical_assault"].before_share == "100.0 %"
    assert comparison.before_rate == "0.3" and comparison.after_rate == "0.2"
    page = response.content.decode()
    assert "does not show that the change of the law caused it" in page
    api = client_for("analyst").get(f"/api/v1/statistics/{TABLE}/compare/", {"change": CRIMINALISATION}).json()
    assert api["months"] == 6 and api["before_total"]["value"] == 2 and api["after_total"]["value"] == 1
    assert api["change"]["day"] == "2026-01-01" and "caused" in api["caution"]
    settings.STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5}
    api = client_for("analyst").get(f"/api/v1/statistics/{TABLE}/compare/", {"change": CRIMINALISATION}).json()
    assert api["before_total"] == {"value": None, "text": "<5"} and api["before_monthly"] == ""


def test_a_change_of_less_than_a_month_ago_or_unknown_is_refused(known, client_for, monkeypatch):
    build_scene(known)
    freeze_now(monkeypatch, datetime.datetime(2026, 1, 20, 12, tzinfo=BAKU))
    client = client_for("analyst")
    response = client.get(reverse("stats:indicator_compare", args=[TABLE]), {"change": CRIMINALISATION})
    assert "comparison" not in response.context
    assert "Less than a month has passed since this change" in response.content.decode()
    refused = client.get(f"/api/v1/statistics/{TABLE}/compare/", {"change": "qualification:XX"})
    assert refused.status_code == 400 and "change" in refused.json()
    changes = client.get("/api/v1/statistics/legal-changes/").json()
    assert changes[0]["key"] in {CRIMINALISATION, "measure:police_ban:2026"}

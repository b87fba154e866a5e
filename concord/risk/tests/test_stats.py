"""Risk levels at the first and the latest assessment, on a data set whose answer is known by hand: one case
assessed medium and a week later high (a red flag), another assessed once with nothing present."""

from __future__ import annotations

import datetime

import pytest

from concord.cases.tests.factories import freeze_now, open_case
from concord.risk import services
from concord.risk.choices import RiskLevel
from concord.risk.tests.factories import all_answers, publish_test_instrument
from concord.stats import catalogue
from concord.stats.catalogue import Filters, count
from concord.stats.tests.factories import BAKU

pytestmark = pytest.mark.django_db


def test_each_case_counts_once_at_its_first_and_once_at_its_latest_level(cast, monkeypatch):
    instrument = publish_test_instrument()
    items = instrument.definition["items"]
    yes = [item["code"] for item in items if not item.get("red_flag")][:8]
    flag = next(item["code"] for item in items if item.get("red_flag"))
    escalating, calm = open_case(cast), open_case(cast)

    def assess(case, answers, day):
        freeze_now(monkeypatch, datetime.datetime(2026, 3, day, 12, tzinfo=BAKU))
        services.assessment_create(
            actor=cast["caseworker"], case=case, instrument=instrument, answers=answers, source="interview"
        )

    assess(escalating, all_answers(instrument, **dict.fromkeys(yes, "yes")), 2)
    assess(calm, all_answers(instrument), 3)
    assess(escalating, all_answers(instrument, **dict.fromkeys([*yes, flag], "yes")), 9)
    march = Filters(country_code="tt", start=datetime.date(2026, 3, 1), end=datetime.date(2026, 4, 1))
    first = count(catalogue.indicator("risk-level-first"), march)
    latest = count(catalogue.indicator("risk-level-latest"), march)
    calm_level = calm.assessments.get().final_level
    assert {key: n for key, n in first.cells.items() if n} == {(RiskLevel.MEDIUM, None): 1, (calm_level, None): 1}
    assert {key: n for key, n in latest.cells.items() if n} == {(RiskLevel.HIGH, None): 1, (calm_level, None): 1}
    # Counted in the period of that assessment: the first ones fall in the first week of March.
    first_week = Filters(country_code="tt", start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 8))
    assert sum(count(catalogue.indicator("risk-level-latest"), first_week).cells.values()) == 1
    assert sum(count(catalogue.indicator("risk-level-first"), first_week).cells.values()) == 2

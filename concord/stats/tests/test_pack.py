"""statistics.yaml: the consent requirement for statistical use, by effective date."""

from __future__ import annotations

import datetime

import pytest

from concord.common.testing.packs import TEST_PACKS, broken_pack
from concord.countries.tests.test_new_country import load_kecalio
from concord.stats import selectors
from concord.stats.models import StatisticsRule

XQ = TEST_PACKS / "xq"


@pytest.mark.django_db
def test_the_rule_in_force_today_decides(settings, monkeypatch):
    load_kecalio(settings)
    assert StatisticsRule.objects.filter(country__code="xq").count() == 2
    assert not selectors.statistics_rule("xq", datetime.date(2025, 12, 31)).consent_required
    assert selectors.statistics_rule("xq", datetime.date(2026, 1, 1)).consent_required
    monkeypatch.setattr(selectors, "country_today", lambda code: datetime.date(2025, 6, 1))
    assert not selectors.consent_required("xq")
    monkeypatch.setattr(selectors, "country_today", lambda code: datetime.date(2026, 2, 1))
    assert selectors.consent_required("xq")
    assert not selectors.consent_required("zz")  # a country without the rule counts everything


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("consent_required: true", "consent_required: yes please", "rules.1.consent_required: found 'yes please'"),
        ("effective_from: 2026-01-01", "effective_from: 2000-01-01", "another rule starts on the same day"),
        ("effective_from: 2026-01-01", "effective_from: soon", "rules.1.effective_from"),
        ("rules:", "rule:", "unknown key"),
    ],
)
def test_a_mistake_is_one_line_an_operator_can_act_on(tmp_path, old, new, message):
    problems = broken_pack(tmp_path, "statistics.yaml", old, new, code="xq", source=XQ)
    assert any(message in str(problem) for problem in problems), [str(p) for p in problems]

from __future__ import annotations

from pathlib import Path

import yaml

from concord.risk.models import InstrumentVersion, RiskRules
from concord.risk.services import instrument_publish

DEFAULT_INSTRUMENT = Path(__file__).resolve().parent.parent / "instruments" / "concord_rf.yaml"


def default_definition(**changes) -> dict:
    """CONCORD-RF as a test-country instrument: the same items and bands, published for "tt" under its own code."""
    data = yaml.safe_load(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    data.update({"code": "TEST-RF", "jurisdictions": ["tt"]} | changes)
    return data


def publish_test_instrument(**changes) -> InstrumentVersion:
    instrument, _created = instrument_publish(data=default_definition(**changes), source="test", actor=None)
    return instrument


def all_answers(instrument: InstrumentVersion, answer: str = "no", **overrides: str) -> dict[str, str]:
    answers = {item["code"]: answer for item in instrument.definition["items"]}
    answers.update(overrides)
    return answers


def add_risk_rules(country, *, effective_from, version: str, lowering_needs_confirmation: bool = False) -> RiskRules:
    """A rule set with the intervals and windows the packs use (VioGén-like reviews, 3 incidents in 12 months)."""
    return RiskRules.objects.create(
        country=country,
        effective_from=effective_from,
        version=version,
        review_days_extreme=3,
        review_days_high=7,
        review_days_medium=30,
        review_days_low=60,
        review_days_none=None,
        review_days_incomplete=3,
        repeat_window_months=12,
        escalation_count=3,
        escalation_window_months=12,
        lowering_needs_confirmation=lowering_needs_confirmation,
    )

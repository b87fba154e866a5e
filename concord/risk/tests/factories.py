from __future__ import annotations

from pathlib import Path

import yaml

from concord.risk.models import InstrumentVersion
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

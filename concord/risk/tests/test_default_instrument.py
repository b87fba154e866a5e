"""Concord's own default instrument, CONCORD-RF (concord/risk/instruments/concord_rf.yaml): a valid definition that
covers the whole risk-factor taxonomy in four languages, says that it is not validated, and scores as designed."""

import re
from pathlib import Path

import pytest
import yaml

from concord.risk.definitions import RISK_FACTORS, parse_definition
from concord.risk.scoring import NO, UNKNOWN, YES, Level, applicable_items, band_for, score

PATH = Path(__file__).resolve().parent.parent / "instruments" / "concord_rf.yaml"
LANGUAGES = ("en", "az", "ru", "sq")
SECTIONS = {"history", "perpetrator", "victim_situation", "children"}
RED_FLAGS = {
    "strangulation": "STRANGULATION",
    "threats_to_kill": "THREAT_KILL",
    "weapon_used": "WEAPON",
    "believes_he_could_kill": "VICTIM_FEAR",
}
CONDITION, CONDITIONAL = "children_in_household", "children_harmed_or_threatened"
# The "not validated — calibrate locally" label, as it must appear in each language's name.
NOT_VALIDATED = {
    "en": "not validated",
    "az": "validasiya olunmayıb",
    "ru": "не валидирован",
    "sq": "e pavalidyar",
}


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def definition(raw):
    return parse_definition(raw)


def answers_all(definition, answer, **overrides):
    return {item.code: answer for item in definition.items} | overrides


def test_parse_definition_accepts_it(raw, definition):
    assert definition.code == "CONCORD-RF" and definition.version == "1.0.0"
    assert definition.method == "additive" and definition.max_unknown == 6
    assert raw["status"] == "active" and sorted(raw["jurisdictions"]) == ["al", "az", "kz"]
    assert len(definition.items) == 24
    assert all(item.weight == 1 and item.response == "yes_no" for item in definition.items)


def test_every_risk_factor_is_covered(definition):
    covered = {item.risk_factor for item in definition.items}
    assert covered == RISK_FACTORS
    assert len(RISK_FACTORS) == 22


def test_items_have_stable_codes_and_known_sections(raw):
    codes = [item["code"] for item in raw["items"]]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code) for code in codes)
    assert {item["section"] for item in raw["items"]} <= SECTIONS


@pytest.mark.parametrize("language", LANGUAGES)
def test_texts_are_complete_in_every_language(raw, language):
    for key in ("name", "licence_note"):
        assert str(raw[key].get(language, "")).strip(), f"{key}.{language}"
    for item in raw["items"]:
        for key in ("text", "help"):
            assert str(item[key].get(language, "")).strip(), f"{item['code']}.{key}.{language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_name_says_not_validated(raw, language):
    assert NOT_VALIDATED[language] in raw["name"][language]


def test_english_name_carries_the_label(raw):
    assert "not validated" in raw["name"]["en"].lower()
    assert "calibrate locally" in raw["name"]["en"].lower()


def test_red_flags_are_exactly_the_four_expected(definition):
    flagged = {item.code: item for item in definition.items if item.red_flag is not None}
    assert set(flagged) == set(RED_FLAGS)
    for code, factor in RED_FLAGS.items():
        assert flagged[code].risk_factor == factor and flagged[code].red_flag == Level.HIGH


@pytest.mark.parametrize("code", sorted(RED_FLAGS))
def test_a_red_flag_alone_forces_high(definition, code):
    result = score(definition, answers_all(definition, NO, **{code: YES}))
    assert result.score == 1 and band_for(definition, 1) == Level.LOW
    assert result.computed_level == Level.HIGH and result.red_flags == [code]


def test_all_no_is_none(definition):
    result = score(definition, answers_all(definition, NO))
    assert result.score == 0 and result.computed_level == Level.NONE and not result.incomplete


def test_all_yes_is_extreme(definition):
    result = score(definition, answers_all(definition, YES))
    assert result.score == 24 and result.computed_level == Level.EXTREME
    assert set(result.red_flags) == set(RED_FLAGS)


@pytest.mark.parametrize(
    ("points", "level"),
    [
        (0, Level.NONE),
        (1, Level.LOW),
        (6, Level.LOW),
        (7, Level.MEDIUM),
        (11, Level.MEDIUM),
        (12, Level.HIGH),
        (17, Level.HIGH),
        (18, Level.EXTREME),
        (24, Level.EXTREME),
    ],
)
def test_bands(definition, points, level):
    assert band_for(definition, points) == level


def test_condition_comes_before_the_conditional_item(definition):
    codes = [item.code for item in definition.items]
    conditional = [item for item in definition.items if item.applies_if is not None]
    assert [item.code for item in conditional] == [CONDITIONAL]
    assert conditional[0].applies_if == (CONDITION, YES)
    assert codes.index(CONDITION) < codes.index(CONDITIONAL)


def test_conditional_item_is_left_out_when_its_condition_is_no(definition):
    answers = answers_all(definition, NO, **{CONDITION: NO, CONDITIONAL: YES})
    assert CONDITIONAL not in {item.code for item in applicable_items(definition, answers)}
    result = score(definition, answers)
    assert result.score == 0 and result.computed_level == Level.NONE
    # Left out means neither yes nor unknown: not answering it at all costs nothing either.
    del answers[CONDITIONAL]
    assert score(definition, answers).unknown_count == 0


def test_conditional_item_counts_when_its_condition_is_yes(definition):
    answers = answers_all(definition, NO, **{CONDITION: YES, CONDITIONAL: YES})
    assert score(definition, answers).score == 2
    del answers[CONDITIONAL]
    assert score(definition, answers).unknown_count == 1


def test_unknown_answers_up_to_the_maximum_still_give_a_level(definition):
    codes = [item.code for item in definition.items if item.code != CONDITIONAL]
    some_unknown = answers_all(definition, NO, **dict.fromkeys(codes[:6], UNKNOWN))
    assert score(definition, some_unknown).score_is_minimum
    too_many = answers_all(definition, NO, **dict.fromkeys(codes[:7], UNKNOWN))
    assert score(definition, too_many).incomplete

"""Scoring for each method with test-only definitions (dummy items, no instrument's wording)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.risk.definitions import RISK_FACTORS, DefinitionInvalid, parse_definition
from concord.risk.scoring import NO, UNKNOWN, YES, Level, OverrideRefused, final_level, score

FACTORS = sorted(RISK_FACTORS)


def _items(n, **extra):
    return [{"code": f"q{i}", "risk_factor": FACTORS[i % len(FACTORS)], **extra} for i in range(n)]


def count_threshold():
    """24 yes/no items: 0–9 low, 10–13 medium, 14+ high (a count threshold like the UK practice)."""
    return parse_definition(
        {
            "code": "TEST-COUNT",
            "version": "1.0",
            "method": "additive",
            "max_unknown": 4,
            "items": _items(24),
            "bands": [
                {"min_score": 0, "max_score": 9, "level": "low"},
                {"min_score": 10, "max_score": 13, "level": "medium"},
                {"min_score": 14, "max_score": None, "level": "high"},
            ],
        }
    )


def answers(yes=0, unknown=0, total=24):
    return {f"q{i}": YES if i < yes else UNKNOWN if i < yes + unknown else NO for i in range(total)}


@pytest.mark.parametrize(
    ("yes", "level"),
    [(0, Level.LOW), (9, Level.LOW), (10, Level.MEDIUM), (13, Level.MEDIUM), (14, Level.HIGH), (24, Level.HIGH)],
)
def test_count_threshold(yes, level):
    result = score(count_threshold(), answers(yes))
    assert result.score == yes and result.computed_level == level and not result.incomplete


def test_unknown_never_counts_as_no():
    definition = count_threshold()
    result = score(definition, answers(yes=12, unknown=3))
    assert result.score == 12 and result.score_is_minimum and result.unknown_count == 3
    assert result.computed_level == Level.MEDIUM
    too_many = score(definition, answers(yes=12, unknown=5))
    assert too_many.incomplete and too_many.computed_level is None and too_many.score is None
    # An item left out of the answers is unknown, not "no".
    partial = {f"q{i}": YES for i in range(14)}
    assert score(definition, partial).incomplete


def weighted():
    return parse_definition(
        {
            "code": "TEST-WEIGHTED",
            "version": "2.1",
            "method": "weighted",
            "max_unknown": 2,
            "items": [
                {"code": "a", "risk_factor": "STRANGULATION", "weight": 4},
                {"code": "b", "risk_factor": "THREAT_KILL", "weight": 3},
                {"code": "c", "risk_factor": "WEAPON", "weight": 3},
                {"code": "d", "risk_factor": "SUBSTANCE", "weight": 1},
                {"code": "e", "risk_factor": "ESCALATION", "response": "scale", "scale_max": 3, "weight": 2},
            ],
            "bands": [
                {"min_score": 0, "max_score": 3.5, "level": "low"},
                {"min_score": 4, "max_score": 7.5, "level": "medium"},
                {"min_score": 8, "max_score": 11.5, "level": "high"},
                {"min_score": 12, "max_score": None, "level": "extreme"},
            ],
        }
    )


@pytest.mark.parametrize(
    ("given", "total", "level"),
    [
        ({"a": NO, "b": NO, "c": NO, "d": YES, "e": 1}, 3, Level.LOW),
        ({"a": YES, "b": NO, "c": NO, "d": NO, "e": 0}, 4, Level.MEDIUM),
        ({"a": YES, "b": YES, "c": NO, "d": YES, "e": 0}, 8, Level.HIGH),
        ({"a": YES, "b": YES, "c": YES, "d": NO, "e": 1}, 12, Level.EXTREME),
    ],
)
def test_weighted_four_bands(given, total, level):
    result = score(weighted(), given)
    assert result.score == total and result.computed_level == level


def test_driving_factors_are_the_heaviest_yes_items_first():
    result = score(weighted(), {"a": NO, "b": YES, "c": NO, "d": YES, "e": 2})
    assert result.driving_factors == ["THREAT_KILL", "ESCALATION", "SUBSTANCE"]


def binned():
    """13 items 0/1 pro-rated for missing answers, mapped to 7 bins (actuarial style)."""
    bins = [
        (0, 0, "none"),
        (1, 1, "low"),
        (2, 2, "low"),
        (3, 3, "medium"),
        (4, 4, "medium"),
        (5, 6, "high"),
        (7, None, "extreme"),
    ]
    return parse_definition(
        {
            "code": "TEST-BINNED",
            "version": "1.0",
            "method": "binned",
            "max_unknown": 5,
            "items": _items(13),
            "bands": [{"min_score": lo, "max_score": hi, "level": level} for lo, hi, level in bins],
        }
    )


def test_binned_prorates_missing_items():
    definition = binned()
    complete = score(definition, answers(yes=3, total=13))
    assert complete.score == 3 and complete.computed_level == Level.MEDIUM
    # 3 yes of 10 answered, 3 unknown: 3 × 13 / 10 = 3.9 → 4.
    prorated = score(definition, answers(yes=3, unknown=3, total=13))
    assert prorated.score == 4 and not prorated.score_is_minimum
    assert score(definition, answers(yes=7, total=13)).computed_level == Level.EXTREME
    assert score(definition, answers(yes=1, unknown=6, total=13)).incomplete


def test_red_flags_force_a_minimum_level():
    data = {
        "code": "TEST-FLAG",
        "version": "1.0",
        "method": "additive",
        "max_unknown": 1,
        "items": [{"code": "strangled", "risk_factor": "STRANGULATION", "red_flag": "high"}, *_items(5)],
        "bands": [
            {"min_score": 0, "max_score": 2, "level": "low"},
            {"min_score": 3, "max_score": None, "level": "medium"},
        ],
    }
    definition = parse_definition(data)
    base = {f"q{i}": NO for i in range(5)}
    assert score(definition, base | {"strangled": NO}).computed_level == Level.LOW
    flagged = score(definition, base | {"strangled": YES})
    assert flagged.computed_level == Level.HIGH and flagged.red_flags == ["strangled"]
    # Even when too much is unknown for a score, a red flag still sets the floor.
    unknowns = {f"q{i}": UNKNOWN for i in range(5)}
    incomplete = score(definition, unknowns | {"strangled": YES})
    assert incomplete.incomplete and incomplete.computed_level == Level.HIGH


def test_conditional_items_are_left_out_when_they_do_not_apply():
    definition = parse_definition(
        {
            "code": "TEST-COND",
            "version": "1.0",
            "method": "additive",
            "max_unknown": 0,
            "items": [
                {"code": "children", "risk_factor": "CHILD_ABUSE"},
                {
                    "code": "threat_children",
                    "risk_factor": "CHILD_ABUSE",
                    "applies_if": {"item": "children", "answer": "yes"},
                },
            ],
            "bands": [
                {"min_score": 0, "max_score": 1, "level": "low"},
                {"min_score": 2, "max_score": None, "level": "high"},
            ],
        }
    )
    assert not score(definition, {"children": NO}).incomplete
    assert score(definition, {"children": YES}).incomplete  # the follow-up applies and is unanswered
    assert score(definition, {"children": YES, "threat_children": YES}).computed_level == Level.HIGH


def test_override_only_raises_and_needs_a_rationale():
    assert final_level(Level.MEDIUM, None, "") == Level.MEDIUM
    assert final_level(Level.MEDIUM, Level.HIGH, "Separated last week; he said he would kill her.") == Level.HIGH
    with pytest.raises(OverrideRefused):
        final_level(Level.HIGH, Level.LOW, "She says things are calmer.")
    with pytest.raises(OverrideRefused):
        final_level(Level.LOW, Level.HIGH, "   ")
    assert final_level(None, Level.HIGH, "Incomplete, but strangulation reported.") == Level.HIGH


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"method": "vibes"}, "method"),
        ({"colour": "red"}, "colour"),
        ({"items": [{"code": "x", "risk_factor": "NOT_A_FACTOR"}]}, "items.0.risk_factor"),
        ({"items": [{"code": "x", "risk_factor": "WEAPON", "weight": -1}]}, "items.0.weight"),
        (
            {"items": [{"code": "x", "risk_factor": "WEAPON", "applies_if": {"item": "y", "answer": "yes"}}]},
            "items.0.applies_if",
        ),
        (
            {
                "bands": [
                    {"min_score": 0, "max_score": 5, "level": "low"},
                    {"min_score": 3, "max_score": None, "level": "high"},
                ]
            },
            "bands",
        ),
        (
            {
                "bands": [
                    {"min_score": 0, "max_score": 5, "level": "high"},
                    {"min_score": 6, "max_score": None, "level": "low"},
                ]
            },
            "bands",
        ),
        ({"bands": [{"min_score": 0, "max_score": 5, "level": "purple"}]}, "bands.0.level"),
    ],
)
def test_invalid_definitions_name_the_path(change, path):
    data = {
        "code": "T",
        "version": "1",
        "method": "additive",
        "items": _items(3),
        "bands": [{"min_score": 0, "max_score": None, "level": "low"}],
    } | change
    with pytest.raises(DefinitionInvalid) as error:
        parse_definition(data)
    assert path in {problem.path for problem in error.value.problems}


@given(st.lists(st.sampled_from([YES, NO, UNKNOWN]), min_size=24, max_size=24))
def test_more_yes_never_lowers_the_level(values):
    """Monotonic: turning one answer into "yes" never lowers the computed level."""
    definition = count_threshold()
    before = score(definition, {f"q{i}": v for i, v in enumerate(values)})
    for i, value in enumerate(values):
        if value == NO:
            after = score(definition, {f"q{j}": (YES if j == i else v) for j, v in enumerate(values)})
            if before.computed_level is not None and after.computed_level is not None:
                assert after.computed_level >= before.computed_level
            break

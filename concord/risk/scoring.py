"""The scoring engine for risk instruments (DOMAIN.md §1.8). Pure functions over a validated definition and a set
of answers; the models store definitions and results, this module decides nothing else.

Rules that hold for every method:
- "unknown" and "declined" never count as "no": they are counted, and above the instrument's maximum the result is
  incomplete (no level, professional judgement needed); below it the score is a minimum.
- Items whose `applies_if` condition is not met are left out, neither yes nor unknown.
- A red-flag item answered "yes" forces at least its level.
- An override may only raise the level, and needs a rationale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

YES, NO, UNKNOWN, DECLINED = "yes", "no", "unknown", "declined"
MISSING = {UNKNOWN, DECLINED}


class Level(IntEnum):
    """The one shared level scale, so that levels from different instruments compare."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    EXTREME = 4


class Method:
    ADDITIVE = "additive"  # count of "yes" answers, mapped to bands
    WEIGHTED = "weighted"  # sum of the weights of "yes" answers (scale answers × weight), mapped to bands
    BINNED = "binned"  # 0/1 items, pro-rated for missing answers, mapped to fine-grained bins (actuarial)


@dataclass(frozen=True)
class Item:
    code: str
    risk_factor: str
    weight: float = 1.0
    red_flag: Level | None = None
    response: str = "yes_no"  # or "scale"
    scale_max: int = 0
    applies_if: tuple[str, str] | None = None  # (item code, answer): shown only when that item has that answer


@dataclass(frozen=True)
class Band:
    min_score: float
    max_score: float | None
    level: Level


# What happens when more than `max_unknown` answers are not known or declined.
INCOMPLETE, REFUSE = "incomplete", "refuse"


@dataclass(frozen=True)
class Definition:
    code: str
    version: str
    method: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    max_unknown: int
    # INCOMPLETE: stored without a level, to be completed soon; REFUSE: not stored, the assessor must find out more.
    too_many_unknown: str = INCOMPLETE


@dataclass
class Result:
    score: float | None
    computed_level: Level | None
    red_flags: list[str] = field(default_factory=list)
    driving_factors: list[str] = field(default_factory=list)
    unknown_count: int = 0
    incomplete: bool = False
    score_is_minimum: bool = False


class OverrideRefused(ValueError):
    """`field` says what is wrong: "level" (not higher than the computed level) or "rationale" (none given)."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def applicable_items(definition: Definition, answers: Mapping[str, object]) -> list[Item]:
    return [
        item
        for item in definition.items
        if item.applies_if is None or answers.get(item.applies_if[0]) == item.applies_if[1]
    ]


def _item_points(item: Item, answer: object, method: str) -> float:
    if item.response == "scale":
        value = int(str(answer))  # scale answers are whole numbers from 0 to the item's scale_max
        return value * item.weight if method == Method.WEIGHTED else float(value > 0)
    if answer != YES:
        return 0.0
    return item.weight if method == Method.WEIGHTED else 1.0


def _shows_factor(item: Item, answer: object) -> bool:
    if item.response == "scale":
        return answer not in MISSING and str(answer).isdigit() and int(str(answer)) > 0
    return answer == YES


def factors_present(definition: Definition, answers: Mapping[str, object]) -> list[str]:
    """The risk factors the answers show, strongest weight first: those of items answered "yes" (or above 0 on a
    scale). An item that only opens a more specific question on the same factor ("are there children?" before
    "has he harmed them?") does not show the factor by itself: the specific answer decides."""
    items = applicable_items(definition, answers)
    factor_of = {item.code: item.risk_factor for item in items}
    openers = {
        item.applies_if[0]
        for item in items
        if item.applies_if is not None and factor_of.get(item.applies_if[0]) == item.risk_factor
    }
    positive = [item for item in items if item.code not in openers and _shows_factor(item, answers.get(item.code))]
    factors: list[str] = []
    for item in sorted(positive, key=lambda item: -item.weight):
        if item.risk_factor not in factors:
            factors.append(item.risk_factor)
    return factors


def band_for(definition: Definition, score: float) -> Level:
    for band in definition.bands:
        if score >= band.min_score and (band.max_score is None or score <= band.max_score):
            return band.level
    raise ValueError(f"No band of {definition.code} {definition.version} covers the score {score}")


def score(definition: Definition, answers: Mapping[str, object]) -> Result:
    items = applicable_items(definition, answers)
    unknown = [item for item in items if answers.get(item.code, UNKNOWN) in MISSING]
    answered = [item for item in items if item not in unknown]
    red_flags = [item.code for item in answered if item.red_flag is not None and answers[item.code] == YES]
    result = Result(
        score=None,
        computed_level=None,
        red_flags=red_flags,
        driving_factors=factors_present(definition, answers),
        unknown_count=len(unknown),
    )

    if len(unknown) > definition.max_unknown:
        # Too much is unknown for a number to mean anything; a red flag still sets a floor.
        result.incomplete = True
        if red_flags:
            result.computed_level = max(item.red_flag for item in answered if item.code in red_flags)  # type: ignore[type-var]
        return result

    raw = sum(_item_points(item, answers[item.code], definition.method) for item in answered)
    if definition.method == Method.BINNED and unknown and answered:
        # Actuarial instruments pro-rate: the missing items are assumed to score like the answered ones.
        raw = math.floor(raw * len(items) / len(answered) + 0.5)
    result.score = raw
    result.score_is_minimum = bool(unknown) and definition.method != Method.BINNED
    level = band_for(definition, raw)
    for item in answered:
        if item.code in red_flags and item.red_flag is not None:
            level = max(level, item.red_flag)
    result.computed_level = level
    return result


def final_level(computed: Level | None, override: Level | None, rationale: str) -> Level | None:
    """Professional judgement may raise the level, never lower it, and must say why."""
    if override is None:
        return computed
    if computed is not None and override <= computed:
        raise OverrideRefused("An override may only raise the level.", field="level")
    if not rationale.strip():
        raise OverrideRefused("An override needs a rationale.", field="rationale")
    return override

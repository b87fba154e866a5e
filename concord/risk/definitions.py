"""Instrument definitions as data: parsing and validation of the published schema (JSON or YAML, from a country
pack or an upload). Every problem is reported with its path, e.g. `items.3.weight`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from concord.risk.scoring import Band, Definition, Item, Level, Method

RISK_FACTORS = frozenset(
    {
        "STRANGULATION",
        "THREAT_KILL",
        "WEAPON",
        "ESCALATION",
        "SEPARATION",
        "PREGNANCY",
        "STALKING",
        "JEALOUSY_CONTROL",
        "CHILD_ABUSE",
        "PRIOR_DV",
        "PRIOR_VIOLENCE_OTHERS",
        "ORDER_BREACH",
        "SUBSTANCE",
        "UNEMPLOYMENT",
        "SUICIDE",
        "SEXUAL_VIOLENCE",
        "CONFINEMENT",
        "VICTIM_FEAR",
        "VICTIM_VULNERABILITY",
        "MENTAL_HEALTH",
        "STEPCHILD",
        "HONOUR_FORCED_MARRIAGE",
    }
)  # DOMAIN.md §1.7
TOP_KEYS = {
    "code",
    "version",
    "method",
    "items",
    "bands",
    "max_unknown",
    "name",
    "status",
    "effective_from",
    "effective_to",
    "jurisdictions",
    "licence_note",
    "override",
}
ITEM_KEYS = {
    "code",
    "risk_factor",
    "weight",
    "red_flag",
    "response",
    "scale_max",
    "applies_if",
    "text",
    "help",
    "section",
}
BAND_KEYS = {"min_score", "max_score", "level"}
METHODS = {Method.ADDITIVE, Method.WEIGHTED, Method.BINNED}


@dataclass(frozen=True)
class DefinitionProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DefinitionInvalid(ValueError):
    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


def _level(value: Any) -> Level | None:
    try:
        return Level[str(value).upper()]
    except KeyError:
        return None


def parse_definition(data: Any) -> Definition:
    problems: list[DefinitionProblem] = []

    def problem(path: str, message: str) -> None:
        problems.append(DefinitionProblem(path, message))

    if not isinstance(data, dict):
        raise DefinitionInvalid([DefinitionProblem("-", "expected a mapping")])
    for key in sorted(set(data) - TOP_KEYS):
        problem(key, "unknown key")
    for key in ("code", "version", "method", "items", "bands"):
        if key not in data:
            problem(key, "required key is missing")
    method = data.get("method")
    if method not in METHODS:
        problem("method", f"expected one of {sorted(METHODS)}")
    max_unknown = data.get("max_unknown", 0)
    if not isinstance(max_unknown, int) or max_unknown < 0:
        problem("max_unknown", "expected a whole number, 0 or more")
        max_unknown = 0

    items: list[Item] = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("items") or []):
        path = f"items.{index}"
        if not isinstance(raw, dict):
            problem(path, "expected a mapping")
            continue
        for key in sorted(set(raw) - ITEM_KEYS):
            problem(f"{path}.{key}", "unknown key")
        code = str(raw.get("code", ""))
        if not code:
            problem(f"{path}.code", "required")
        elif code in seen:
            problem(f"{path}.code", f"duplicate item code {code!r}")
        if raw.get("risk_factor") not in RISK_FACTORS:
            problem(f"{path}.risk_factor", "not a code of the risk-factor taxonomy")
        weight = raw.get("weight", 1)
        if not isinstance(weight, int | float) or weight < 0:
            problem(f"{path}.weight", "expected a number, 0 or more")
            weight = 1
        red_flag = None
        if raw.get("red_flag") is not None:
            red_flag = _level(raw["red_flag"])
            if red_flag is None:
                problem(f"{path}.red_flag", "expected a level: none, low, medium, high or extreme")
        response = raw.get("response", "yes_no")
        if response not in {"yes_no", "scale"}:
            problem(f"{path}.response", "expected yes_no or scale")
        scale_max = raw.get("scale_max", 0)
        if response == "scale" and (not isinstance(scale_max, int) or scale_max < 1):
            problem(f"{path}.scale_max", "a scale item needs a maximum of 1 or more")
        applies_if = None
        if raw.get("applies_if") is not None:
            condition = raw["applies_if"]
            if not (isinstance(condition, dict) and set(condition) == {"item", "answer"}):
                problem(f"{path}.applies_if", "expected {item: <earlier item code>, answer: <answer>}")
            elif condition["item"] not in seen:
                problem(f"{path}.applies_if", "must refer to an earlier item")
            else:
                applies_if = (str(condition["item"]), str(condition["answer"]))
        seen.add(code)
        items.append(
            Item(
                code=code,
                risk_factor=str(raw.get("risk_factor")),
                weight=float(weight),
                red_flag=red_flag,
                response=response,
                scale_max=int(scale_max or 0),
                applies_if=applies_if,
            )
        )
    if not items:
        problem("items", "an instrument needs at least one item")

    bands: list[Band] = []
    for index, raw in enumerate(data.get("bands") or []):
        path = f"bands.{index}"
        if not isinstance(raw, dict):
            problem(path, "expected a mapping")
            continue
        for key in sorted(set(raw) - BAND_KEYS):
            problem(f"{path}.{key}", "unknown key")
        level = _level(raw.get("level"))
        if level is None:
            problem(f"{path}.level", "expected a level: none, low, medium, high or extreme")
            continue
        low, high = raw.get("min_score"), raw.get("max_score")
        if not isinstance(low, int | float) or (high is not None and (not isinstance(high, int | float) or high < low)):
            problem(path, "expected min_score ≤ max_score")
            continue
        bands.append(Band(min_score=float(low), max_score=None if high is None else float(high), level=level))
    ordered = sorted(bands, key=lambda band: band.min_score)
    if ordered and ordered[0].min_score > 0:
        problem("bands", "the lowest band must start at 0")
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.max_score is None or after.min_score <= before.max_score:
            problem("bands", f"bands overlap at {after.min_score:g}")
        elif method != Method.WEIGHTED and after.min_score != before.max_score + 1:
            problem("bands", f"gap between {before.max_score:g} and {after.min_score:g}")
        if after.level < before.level:
            problem("bands", "levels must not fall as the score rises")
    if ordered and ordered[-1].max_score is not None:
        problem("bands", "the highest band has no upper score")

    if problems:
        raise DefinitionInvalid(problems)
    return Definition(
        code=str(data["code"]),
        version=str(data["version"]),
        method=str(method),
        items=tuple(items),
        bands=tuple(ordered),
        max_unknown=max_unknown,
    )

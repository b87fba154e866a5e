"""Instrument definitions as data: parsing and validation of the published schema (JSON or YAML, from a country
pack or an upload). Every problem is reported with its path, e.g. `items.3.weight`."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from concord.common.translated import FALLBACK_LANGUAGE
from concord.risk.scoring import INCOMPLETE, REFUSE, Band, Definition, Item, Level, Method

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
    "too_many_unknown",
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
        raise DefinitionInvalid([DefinitionProblem("-", _("expected a mapping"))])
    for key in sorted(set(data) - TOP_KEYS):
        problem(key, _("unknown key"))
    for key in ("code", "version", "method", "items", "bands"):
        if key not in data:
            problem(key, _("required key is missing"))
    method = data.get("method")
    if method not in METHODS:
        problem("method", _("expected one of %(values)s") % {"values": ", ".join(sorted(METHODS))})
    max_unknown = data.get("max_unknown", 0)
    if not isinstance(max_unknown, int) or max_unknown < 0:
        problem("max_unknown", _("expected a whole number, 0 or more"))
        max_unknown = 0
    too_many_unknown = data.get("too_many_unknown", INCOMPLETE)
    if too_many_unknown not in {INCOMPLETE, REFUSE}:
        problem("too_many_unknown", _("expected incomplete or refuse"))
        too_many_unknown = INCOMPLETE

    items: list[Item] = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("items") or []):
        path = f"items.{index}"
        if not isinstance(raw, dict):
            problem(path, _("expected a mapping"))
            continue
        for key in sorted(set(raw) - ITEM_KEYS):
            problem(f"{path}.{key}", _("unknown key"))
        code = str(raw.get("code", ""))
        if not code:
            problem(f"{path}.code", _("required"))
        elif code in seen:
            problem(f"{path}.code", _("duplicate item code %(code)s") % {"code": code})
        if raw.get("risk_factor") not in RISK_FACTORS:
            problem(f"{path}.risk_factor", _("not a code of the risk-factor taxonomy"))
        weight = raw.get("weight", 1)
        if not isinstance(weight, int | float) or weight < 0:
            problem(f"{path}.weight", _("expected a number, 0 or more"))
            weight = 1
        red_flag = None
        if raw.get("red_flag") is not None:
            red_flag = _level(raw["red_flag"])
            if red_flag is None:
                problem(f"{path}.red_flag", _("expected a level: none, low, medium, high or extreme"))
        response = raw.get("response", "yes_no")
        if response not in {"yes_no", "scale"}:
            problem(f"{path}.response", _("expected yes_no or scale"))
        scale_max = raw.get("scale_max", 0)
        if response == "scale" and (not isinstance(scale_max, int) or scale_max < 1):
            problem(f"{path}.scale_max", _("a scale item needs a maximum of 1 or more"))
        applies_if = None
        if raw.get("applies_if") is not None:
            condition = raw["applies_if"]
            if not (isinstance(condition, dict) and set(condition) == {"item", "answer"}):
                problem(f"{path}.applies_if", _("expected {item: <earlier item code>, answer: <answer>}"))
            elif condition["item"] not in seen:
                problem(f"{path}.applies_if", _("must refer to an earlier item"))
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
        problem("items", _("an instrument needs at least one item"))

    bands: list[Band] = []
    for index, raw in enumerate(data.get("bands") or []):
        path = f"bands.{index}"
        if not isinstance(raw, dict):
            problem(path, _("expected a mapping"))
            continue
        for key in sorted(set(raw) - BAND_KEYS):
            problem(f"{path}.{key}", _("unknown key"))
        level = _level(raw.get("level"))
        if level is None:
            problem(f"{path}.level", _("expected a level: none, low, medium, high or extreme"))
            continue
        low, high = raw.get("min_score"), raw.get("max_score")
        if not isinstance(low, int | float) or (high is not None and (not isinstance(high, int | float) or high < low)):
            problem(path, _("expected min_score ≤ max_score"))
            continue
        bands.append(Band(min_score=float(low), max_score=None if high is None else float(high), level=level))
    ordered = sorted(bands, key=lambda band: band.min_score)
    if ordered and ordered[0].min_score > 0:
        problem("bands", _("the lowest band must start at 0"))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.max_score is None or after.min_score <= before.max_score:
            problem("bands", _("bands overlap at %(score)s") % {"score": f"{after.min_score:g}"})
        elif method != Method.WEIGHTED and after.min_score != before.max_score + 1:
            problem(
                "bands",
                _("gap between %(low)s and %(high)s")
                % {"low": f"{before.max_score:g}", "high": f"{after.min_score:g}"},
            )
        if after.level < before.level:
            problem("bands", _("levels must not fall as the score rises"))
    if ordered and ordered[-1].max_score is not None:
        problem("bands", _("the highest band has no upper score"))

    if problems:
        raise DefinitionInvalid(problems)
    return Definition(
        code=str(data["code"]),
        version=str(data["version"]),
        method=str(method),
        items=tuple(items),
        bands=tuple(ordered),
        max_unknown=max_unknown,
        too_many_unknown=too_many_unknown,
    )


# ---- publishing: the metadata and wording an instrument needs before staff may use it ---------------------------

SOURCE_LANGUAGE = FALLBACK_LANGUAGE  # an instrument's wording in other languages falls back to it
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
STATUSES = {"draft", "active", "retired"}
OVERRIDE_KEYS = {"allowed"}
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,19}$")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")
JURISDICTION = re.compile(r"^[a-z]{2}$")


def _translations(value: Any, path: str, problems: list[DefinitionProblem], *, required: bool = True) -> None:
    """Text by language: English always (every other language falls back to it), and any other language by its
    ISO 639 code, so that a deployment that adds an interface language can add its wording."""
    if value is None and not required:
        return
    if not isinstance(value, dict):
        problems.append(DefinitionProblem(path, _("expected a mapping of languages to text, English (en) first")))
        return
    problems.extend(
        DefinitionProblem(f"{path}.{language}", _("expected a language code such as en, az or ru"))
        for language in sorted(str(key) for key in value)
        if not LANGUAGE.match(language)
    )
    text = value.get(SOURCE_LANGUAGE)
    if not isinstance(text, str) or not text.strip():
        problems.append(DefinitionProblem(f"{path}.{SOURCE_LANGUAGE}", _("missing text")))
    problems.extend(
        DefinitionProblem(f"{path}.{language}", _("missing text"))
        for language, text in value.items()
        if language != SOURCE_LANGUAGE
        and LANGUAGE.match(str(language))
        and not (isinstance(text, str) and text.strip())
    )


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_publishable(data: Any) -> list[DefinitionProblem]:
    """Every problem that keeps a definition from being stored: the scoring rules (parse_definition) and what
    staff need to use it: a code and version in the published form, dates, jurisdictions, and the name, item
    text and help in all four interface languages."""
    problems: list[DefinitionProblem] = []
    try:
        parse_definition(data)
    except DefinitionInvalid as error:
        problems.extend(error.problems)
    if not isinstance(data, dict):
        return problems
    if "code" in data and not CODE.match(str(data["code"])):
        problems.append(DefinitionProblem("code", _("expected capital letters, digits and hyphens, e.g. CONCORD-RF")))
    if "version" in data and not (isinstance(data["version"], str) and VERSION.match(data["version"])):
        problems.append(DefinitionProblem("version", _('expected a version in quotes, e.g. "1.0.0"')))
    if data.get("status", "draft") not in STATUSES:
        problems.append(
            DefinitionProblem("status", _("expected one of %(values)s") % {"values": ", ".join(sorted(STATUSES))})
        )
    start = _date(data.get("effective_from"))
    if start is None:
        problems.append(DefinitionProblem("effective_from", _("expected a date (YYYY-MM-DD)")))
    if data.get("effective_to") is not None:
        end = _date(data["effective_to"])
        if end is None:
            problems.append(DefinitionProblem("effective_to", _("expected a date (YYYY-MM-DD)")))
        elif start is not None and end < start:
            problems.append(DefinitionProblem("effective_to", _("must not be before effective_from")))
    jurisdictions = data.get("jurisdictions")
    if not isinstance(jurisdictions, list) or not jurisdictions:
        problems.append(DefinitionProblem("jurisdictions", _("expected a list of country codes, e.g. [az, al]")))
    else:
        for index, code in enumerate(jurisdictions):
            if not isinstance(code, str) or not JURISDICTION.match(code):
                problems.append(DefinitionProblem(f"jurisdictions.{index}", _("expected a two-letter country code")))
    _translations(data.get("name"), "name", problems)
    _translations(data.get("licence_note"), "licence_note", problems, required=False)
    override = data.get("override", {"allowed": True})
    if (
        not isinstance(override, dict)
        or set(override) - OVERRIDE_KEYS
        or not isinstance(override.get("allowed", True), bool)
    ):
        problems.append(
            DefinitionProblem(
                "override",
                _("expected {allowed: true|false}: an override only raises the level and needs a rationale"),
            )
        )
    for index, item in enumerate(data.get("items") or []):
        if isinstance(item, dict):
            _translations(item.get("text"), f"items.{index}.text", problems)
            _translations(item.get("help"), f"items.{index}.help", problems, required=False)
            if item.get("section") is not None and not isinstance(item["section"], str):
                problems.append(DefinitionProblem(f"items.{index}.section", _("expected a short code")))
    return problems


def to_json(data: Any) -> Any:
    """The definition as stored: plain JSON (YAML dates become ISO strings)."""
    if isinstance(data, dict):
        return {str(key): to_json(value) for key, value in data.items()}
    if isinstance(data, list):
        return [to_json(value) for value in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data

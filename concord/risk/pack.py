"""The risk app's section of a country pack: risk.yaml, the effective-dated risk rules (reassessment intervals, flag
windows, whether a lowered HIGH or EXTREME level waits for a supervisor) and the instruments the country uses.
Registered with concord.countries.sections in RiskConfig.ready()."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

from concord.countries.loader import (
    LoadReport,
    Pack,
    PackInvalid,
    PackProblem,
    Problems,
    positive_number,
    read_yaml_mapping,
    upsert,
)
from concord.countries.sections import PackSection
from concord.risk.definitions import check_publishable

RISK_LEVEL_KEYS = ("extreme", "high", "medium", "low", "none", "incomplete")
RISK_RULE_KEYS = {
    "effective_from",
    "version",
    "review_days",
    "repeat_window_months",
    "escalation",
    "lowering_needs_confirmation",
}
SHARED_INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"


def read(pack: Pack, problems: Problems) -> dict[str, list]:
    """Reassessment intervals and flag windows with effective dates, and the instruments the country uses."""
    file = "risk.yaml"
    section: dict[str, list] = {"rules": [], "instruments": []}
    loaded = read_yaml_mapping(pack, file, problems)
    if loaded is None:
        return section
    data, lines = loaded
    for key in sorted(set(data) - {"rules", "instruments"}):
        problems.add(file, lines.get(key), key, "unknown key")
    periods = data.get("rules")
    if not isinstance(periods, list) or not periods:
        problems.add(file, lines.get("rules"), "rules", "expected a list of rule sets with effective dates")
        periods = []
    seen_versions: set[str] = set()
    for index, period in enumerate(periods):
        key = f"rules.{index}"
        line = lines.get(key)
        if not isinstance(period, dict):
            problems.add(file, line, key, "expected a mapping")
            continue
        for extra in sorted(set(period) - RISK_RULE_KEYS):
            problems.add(file, lines.get(f"{key}.{extra}", line), f"{key}.{extra}", "unknown key")
        if not isinstance(period.get("effective_from"), datetime.date):
            problems.add(file, line, f"{key}.effective_from", "expected a date (YYYY-MM-DD)")
        version = period.get("version")
        if not isinstance(version, str) or not version.strip() or len(version) > 40:
            problems.add(file, line, f"{key}.version", "expected a rule version of up to 40 characters")
        elif version in seen_versions:
            problems.add(file, line, f"{key}.version", f"version {version!r} is used twice")
        else:
            seen_versions.add(version)
        review = period.get("review_days")
        if not isinstance(review, dict):
            problems.add(file, line, f"{key}.review_days", f"expected days for {', '.join(RISK_LEVEL_KEYS)}")
            review = {}
        for extra in sorted(set(review) - set(RISK_LEVEL_KEYS)):
            problems.add(
                file, lines.get(f"{key}.review_days.{extra}", line), f"{key}.review_days.{extra}", "unknown level"
            )
        for level in RISK_LEVEL_KEYS:
            value = review.get(level)
            if level == "none" and value is None:
                continue
            if not positive_number(value):
                problems.add(
                    file,
                    lines.get(f"{key}.review_days", line),
                    f"{key}.review_days.{level}",
                    "expected days, 1 or more",
                )
        lowering = period.get("lowering_needs_confirmation", False)
        if not isinstance(lowering, bool):
            problems.add(file, line, f"{key}.lowering_needs_confirmation", "expected true or false")
        if not positive_number(period.get("repeat_window_months")):
            problems.add(file, line, f"{key}.repeat_window_months", "expected months, 1 or more")
        escalation = period.get("escalation")
        if not (
            isinstance(escalation, dict)
            and set(escalation) == {"count", "window_months"}
            and positive_number(escalation["count"])
            and positive_number(escalation["window_months"])
        ):
            problems.add(file, line, f"{key}.escalation", "expected {count: <incidents>, window_months: <months>}")
            continue
        section["rules"].append(
            {
                "effective_from": period.get("effective_from"),
                "version": version,
                "review_days": {level: review.get(level) for level in RISK_LEVEL_KEYS},
                "repeat_window_months": period.get("repeat_window_months"),
                "escalation_count": escalation["count"],
                "escalation_window_months": escalation["window_months"],
                "lowering_needs_confirmation": lowering is True,
            }
        )
    starts = [rule["effective_from"] for rule in section["rules"]]
    if len(starts) != len(set(starts)):
        problems.add(file, lines.get("rules"), "rules", "two rule sets start on the same date")
    section["instruments"] = _read_instruments(pack, data.get("instruments", []), lines, problems)
    return section


def _read_instruments(pack: Pack, names: Any, lines: dict[str, int], problems: Problems) -> list[tuple[Any, Path]]:
    """Instrument files named in risk.yaml: the pack's own instruments/ folder first, then Concord's shared ones."""
    found: list[tuple[Any, Path]] = []
    if not isinstance(names, list):
        problems.add("risk.yaml", lines.get("instruments"), "instruments", "expected a list of instrument file names")
        return found
    for index, name in enumerate(names):
        key = f"instruments.{index}"
        if not isinstance(name, str) or "/" in name or not name.endswith((".yaml", ".yml", ".json")):
            problems.add("risk.yaml", lines.get(key), key, "expected a file name ending in .yaml or .json")
            continue
        path = next(
            (
                folder / name
                for folder in (pack.folder / "instruments", SHARED_INSTRUMENTS_DIR)
                if (folder / name).exists()
            ),
            None,
        )
        if path is None:
            problems.add("risk.yaml", lines.get(key), key, f"no instrument file {name} in the pack or in Concord")
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.add(name, None, "-", f"not valid YAML or JSON: {getattr(error, 'problem', error)}")
            continue
        for problem in check_publishable(data):
            problems.add(name, None, problem.path, problem.message)
        if isinstance(data, dict) and pack.code not in (data.get("jurisdictions") or []):
            problems.add(name, None, "jurisdictions", f"does not list this country ({pack.code})")
        found.append((data, path))
    return found


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.risk.models import RiskRules
    from concord.risk.services import InstrumentConflict, instrument_publish

    section = pack.sections["risk"]
    existing = {(r.effective_from,): r for r in RiskRules.objects.filter(country=country)}
    for rule in section["rules"]:
        review = rule["review_days"]
        values = {
            "country": country,
            "version": rule["version"],
            "repeat_window_months": rule["repeat_window_months"],
            "escalation_count": rule["escalation_count"],
            "escalation_window_months": rule["escalation_window_months"],
            "lowering_needs_confirmation": rule["lowering_needs_confirmation"],
        } | {f"review_days_{level}": review[level] for level in RISK_LEVEL_KEYS}
        upsert(RiskRules, {"effective_from": rule["effective_from"]}, values, report, "risk_rules", existing)
    wanted = {rule["effective_from"] for rule in section["rules"]}
    RiskRules.objects.filter(country=country).exclude(effective_from__in=wanted).delete()

    for data, path in section["instruments"]:
        try:
            _, created = instrument_publish(data=data, source=f"country pack {pack.code}", actor=None)
        except InstrumentConflict as conflict:
            # Raised inside the pack's transaction: nothing of the pack is written.
            raise PackInvalid([PackProblem(path.name, None, "version", str(conflict))]) from conflict
        report.count("instrument", "created" if created else "unchanged")


SECTION = PackSection(
    name="risk",
    files=("risk.yaml",),
    read=read,
    apply=apply,
    extra_files=lambda pack: [path for _data, path in pack.sections.get("risk", {}).get("instruments", [])],
    order=20,
)

"""The statistics section of a country pack: statistics.yaml (FORMAT.md), whether a survivor's records are counted
only with her consent to statistical use, set by set from an effective date. Registered with
concord.countries.sections in StatsConfig.ready()."""

from __future__ import annotations

from typing import Any

from concord.countries.loader import LoadReport, Pack, Problems, SectionReader, read_yaml_mapping, upsert
from concord.countries.sections import PackSection

FILE = "statistics.yaml"
RULE_KEYS = ("effective_from", "consent_required", "source")


def read(pack: Pack, problems: Problems) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return rules
    data, lines = loaded
    reader = SectionReader(pack, problems, FILE, lines)
    reader.unknown_keys(data, ("rules",), "")
    entries = reader.entries(data, "rules")
    if not entries:
        reader.add("rules", "expected at least one rule, from the earliest date the register holds")
    seen = set()
    for key, entry in entries:
        reader.unknown_keys(entry, RULE_KEYS, key)
        start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
        required = entry.get("consent_required")
        if not isinstance(required, bool):
            reader.add(f"{key}.consent_required", "expected true or false", required)
            continue
        if start in seen:
            reader.add(f"{key}.effective_from", "another rule starts on the same day", start)
            continue
        source = entry.get("source", "")
        if not isinstance(source, str):
            reader.add(f"{key}.source", "expected a text", source)
            continue
        if start is not None:
            seen.add(start)
            rules.append({"effective_from": start, "consent_required": required, "source": source})
    return rules


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.stats.models import StatisticsRule

    existing = {(country, rule.effective_from): rule for rule in StatisticsRule.objects.filter(country=country)}
    wanted = set()
    for rule in pack.sections["statistics"]:
        wanted.add((country, rule["effective_from"]))
        upsert(
            StatisticsRule,
            {"country": country, "effective_from": rule["effective_from"]},
            {"consent_required": rule["consent_required"], "source": rule["source"]},
            report,
            "statistics_rule",
            existing,
        )
    for key, rule in existing.items():
        if key not in wanted:
            rule.delete()


SECTION = PackSection(name="statistics", files=(FILE,), read=read, apply=apply, order=150)

"""The programmes section of a country pack: programmes.yaml (FORMAT.md). It holds the perpetrator programme types,
the agency kinds that run them, and their effective-dated rules: which protection orders' conditions require them,
the deadline of the provider's first contact, the sessions a completion needs and the absences that call for a
decision. Registered with concord.countries.sections in ProgrammesConfig.ready()."""

from __future__ import annotations

from typing import Any

from concord.countries.loader import (
    NOTHING,
    LoadReport,
    Pack,
    Problems,
    SectionReader,
    name_columns,
    read_yaml_mapping,
    upsert,
)
from concord.countries.sections import PackSection

FILE = "programmes.yaml"
FIRST_CONTACT_UNITS = ("hours", "days", "working_days")
TYPE_KEYS = ("code", "name", "provider_kinds", "versions")
VERSION_KEYS = (
    "version",
    "effective_from",
    "required_by",
    "first_contact",
    "sessions",
    "hours",
    "absences",
    "to_be_confirmed",
    "source",
)


def read(pack: Pack, problems: Problems) -> dict[str, Any]:
    section: dict[str, Any] = {"types": []}
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return section
    data, lines = loaded
    reader = SectionReader(pack, problems, FILE, lines)
    reader.unknown_keys(data, ("types",), "")
    section["types"] = _read_types(reader, data)
    return section


def _order_conditions(pack: Pack) -> dict[str, set[str]]:
    """{order type code: the conditions any of its versions offers}, from the protection section read before."""
    measures = (pack.sections.get("protection") or {}).get("measures", [])
    return {
        measure["code"]: {row["code"] for version in measure["versions"] for row in version["conditions"]}
        for measure in measures
    }


def _read_types(reader: SectionReader, data: dict) -> list[dict[str, Any]]:
    kinds = {row["code"] for row in reader.pack.agency_kinds if row.get("code")}
    orders = _order_conditions(reader.pack)
    seen: set[str] = set()
    types = []
    for order, (key, entry) in enumerate(reader.entries(data, "types")):
        reader.unknown_keys(entry, TYPE_KEYS, key)
        code = entry.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 40 or code in seen:
            reader.add(f"{key}.code", "expected a code of its own, up to 40 characters", code or NOTHING)
            code = None
        else:
            seen.add(code)
        names = reader.texts(entry.get("name", NOTHING), f"{key}.name")
        providers = entry.get("provider_kinds")
        if not isinstance(providers, list) or not providers or not set(providers) <= kinds:
            reader.add(f"{key}.provider_kinds", "expected a list of agency kinds of agency_kinds.csv", providers)
            providers = None
        versions = [
            version
            for index, (_key, raw) in enumerate(reader.entries(entry, "versions"))
            if (version := _read_version(reader, raw, f"{key}.versions.{index}", orders)) is not None
        ]
        if not entry.get("versions"):
            reader.add(f"{key}.versions", "expected at least one version with an effective date", NOTHING)
        if len({v["version"] for v in versions}) < len(versions) or len({v["effective_from"] for v in versions}) < len(
            versions
        ):
            reader.add(f"{key}.versions", "expected each version with a name and an effective date of its own")
        if code and providers:
            types.append(
                {"code": code, "names": names, "provider_kinds": providers, "order": order, "versions": versions}
            )
    return types


def _count(reader: SectionReader, entry: dict, key: str, least: int) -> int | None:
    value = entry.get(key.rsplit(".", 1)[-1])
    if not (isinstance(value, int) and not isinstance(value, bool) and value >= least):
        reader.add(key, f"expected a whole number of {least} or more", value if value is not None else NOTHING)
        return None
    return value


def _read_version(reader: SectionReader, entry: dict, key: str, orders: dict[str, set[str]]) -> dict[str, Any] | None:
    reader.unknown_keys(entry, VERSION_KEYS, key)
    ok = True
    version = entry.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 40:
        reader.add(f"{key}.version", "expected a version name, in quotes, up to 40 characters", version or NOTHING)
        ok = False
    start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
    first_contact = reader.period(entry.get("first_contact", NOTHING), f"{key}.first_contact", FIRST_CONTACT_UNITS)
    sessions = _count(reader, entry, f"{key}.sessions", 1)
    hours = _count(reader, entry, f"{key}.hours", 1)
    absences = _count(reader, entry, f"{key}.absences", 0)
    required_by = []
    raw = entry.get("required_by", [])
    if not isinstance(raw, list):
        reader.add(f"{key}.required_by", "expected a list of {measure: <order type>, condition: <condition>}", raw)
        ok = False
        raw = []
    for index, item in enumerate(raw):
        item_key = f"{key}.required_by.{index}"
        measure = item.get("measure") if isinstance(item, dict) else None
        condition = item.get("condition") if isinstance(item, dict) else None
        if not isinstance(item, dict) or set(item) != {"measure", "condition"}:
            reader.add(item_key, "expected {measure: <order type>, condition: <condition>}", item)
            ok = False
        elif measure not in orders:
            reader.add(f"{item_key}.measure", "expected an order type of protection.yaml", measure)
            ok = False
        elif condition not in orders[measure]:
            reader.add(f"{item_key}.condition", f"expected a condition that {measure} may impose", condition)
            ok = False
        else:
            required_by.append({"measure": measure, "condition": condition})
    if not isinstance(entry.get("to_be_confirmed", False), bool):
        reader.add(f"{key}.to_be_confirmed", "expected true or false", entry["to_be_confirmed"])
        ok = False
    source = entry.get("source", "")
    if not isinstance(source, str):
        reader.add(f"{key}.source", "expected the law and article, as text", source)
        ok = False
    if not (ok and start and first_contact and sessions and hours and absences is not None):
        return None
    return {
        "version": version,
        "effective_from": start,
        "required_by": required_by,
        "first_contact": first_contact,
        "sessions": sessions,
        "hours": hours,
        "absences": absences,
        "to_be_confirmed": entry.get("to_be_confirmed", False),
        "source": source.strip(),
    }


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.programmes.models import ProgrammeRules, ProgrammeType

    section = pack.sections["programmes"]
    existing_types = {(country, t.code): t for t in ProgrammeType.objects.filter(country=country)}
    existing_versions = {
        (v.programme_type, v.version): v for v in ProgrammeRules.objects.filter(programme_type__country=country)
    }
    for entry in section["types"]:
        values = {"provider_kinds": entry["provider_kinds"], "order": entry["order"], "is_active": True}
        programme_type = upsert(
            ProgrammeType,
            {"country": country, "code": entry["code"]},
            values | name_columns(entry["names"]),
            report,
            "programme_type",
            existing_types,
        )
        for version in entry["versions"]:
            upsert(
                ProgrammeRules,
                {"programme_type": programme_type, "version": version["version"]},
                {key: value for key, value in version.items() if key != "version"},
                report,
                "programme_rules",
                existing_versions,
            )
    # A type the pack no longer lists may still be named by enrolments: it is retired, not deleted.
    ProgrammeType.objects.filter(country=country).exclude(code__in=[t["code"] for t in section["types"]]).update(
        is_active=False
    )


SECTION = PackSection(name="programmes", files=(FILE,), read=read, apply=apply, order=140)

"""The protection section of a country pack: protection.yaml (FORMAT.md). It holds the order types with their
effective-dated versions (deadlines, duration, extension, automatic extension, conditions, reminders) and the legal
qualifications proceedings are brought under. Registered with concord.countries.sections in ProtectionConfig.ready().
"""

from __future__ import annotations

from typing import Any

from concord.countries.loader import (
    NOTHING,
    LoadReport,
    Pack,
    Problems,
    SectionReader,
    name_columns,
    one_of,
    read_yaml_mapping,
    upsert,
)
from concord.countries.sections import PackSection
from concord.protection.choices import CONDITION_NUMBERS, ApplicantKind, Condition, Deadline, ProceedingKind

FILE = "protection.yaml"
DEADLINE_UNITS = ("hours", "days", "working_days")
DURATION_UNITS = ("days", "months")
REMINDER_UNITS = ("days", "hours")
MEASURE_KEYS = ("code", "name", "issuer_kind", "applicants", "versions")
VERSION_KEYS = (
    "version",
    "effective_from",
    "deadlines",
    "duration",
    "extension",
    "renewable",
    "automatic_extension",
    "conditions",
    "reminders",
    "to_be_confirmed",
    "source",
)
QUALIFICATION_KEYS = ("code", "kind", "article", "name", "effective_from", "effective_to")


def read(pack: Pack, problems: Problems) -> dict[str, Any]:
    section: dict[str, Any] = {"measures": [], "qualifications": []}
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return section
    data, lines = loaded
    reader = SectionReader(pack, problems, FILE, lines)
    reader.unknown_keys(data, ("measures", "qualifications"), "")
    section["measures"] = _read_measures(reader, data)
    section["qualifications"] = _read_qualifications(reader, data)
    return section


def _code(reader: SectionReader, entry: dict, key: str, seen: set[str]) -> str | None:
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 40 or code in seen:
        reader.add(f"{key}.code", "expected a code of its own, up to 40 characters", code or NOTHING)
        return None
    seen.add(code)
    return code


def _read_measures(reader: SectionReader, data: dict) -> list[dict[str, Any]]:
    kinds = {row["code"] for row in reader.pack.agency_kinds if row.get("code")}
    entries = reader.entries(data, "measures")
    if not entries:
        reader.add("measures", "expected at least one type of protection order", data.get("measures", NOTHING))
    codes = {entry.get("code") for _key, entry in entries}
    seen: set[str] = set()
    measures = []
    for order, (key, entry) in enumerate(entries):
        reader.unknown_keys(entry, MEASURE_KEYS, key)
        code = _code(reader, entry, key, seen)
        names = reader.texts(entry.get("name", NOTHING), f"{key}.name")
        issuer = entry.get("issuer_kind")
        if issuer not in kinds:
            reader.add(f"{key}.issuer_kind", "expected an agency kind of agency_kinds.csv", issuer or NOTHING)
        applicants = entry.get("applicants")
        if not isinstance(applicants, list) or not applicants or set(applicants) - set(ApplicantKind.values):
            reader.add(f"{key}.applicants", f"expected a list of {one_of(ApplicantKind.values)}", applicants)
        versions = [
            version
            for index, raw in enumerate(reader.entries(entry, "versions"))
            if (version := _read_version(reader, raw[1], f"{key}.versions.{index}", codes)) is not None
        ]
        if not entry.get("versions"):
            reader.add(f"{key}.versions", "expected at least one version with an effective date", NOTHING)
        if len({v["version"] for v in versions}) < len(versions) or len({v["effective_from"] for v in versions}) < len(
            versions
        ):
            reader.add(f"{key}.versions", "expected each version with a name and an effective date of its own")
        if code and issuer in kinds and isinstance(applicants, list):
            measures.append(
                {
                    "code": code,
                    "names": names,
                    "issuer_kind": issuer,
                    "applicants": applicants,
                    "order": order,
                    "versions": versions,
                }
            )
    return measures


def _range(reader: SectionReader, value: Any, key: str, units: tuple[str, ...]) -> dict[str, Any] | None:
    """{days: 30} (fixed) or {days: [1, 60]} (the issuer chooses within)."""
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in units:
        reader.add(
            key, f"expected one of {one_of(units)} with a number or [least, most], e.g. {{days: [1, 60]}}", value
        )
        return None
    unit, amount = next(iter(value.items()))
    low, high = (amount, amount) if not isinstance(amount, list) else (amount + [None, None])[:2]
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in (low, high)) or low > high:
        reader.add(f"{key}.{unit}", "expected a whole number above 0, or [least, most] with least ≤ most", amount)
        return None
    return {"unit": unit, "min": low, "max": high}


def _read_version(reader: SectionReader, entry: dict, key: str, measures: set) -> dict[str, Any] | None:
    reader.unknown_keys(entry, VERSION_KEYS, key)
    ok = True
    version = entry.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 40:
        reader.add(f"{key}.version", "expected a version name, in quotes, up to 40 characters", version or NOTHING)
        ok = False
    start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
    deadlines: dict[str, Any] = {}
    raw_deadlines = entry.get("deadlines", {})
    if not isinstance(raw_deadlines, dict):
        reader.add(f"{key}.deadlines", f"expected a mapping of {one_of(Deadline.values)}", raw_deadlines)
        ok = False
    else:
        reader.unknown_keys(raw_deadlines, Deadline.values, f"{key}.deadlines")
        for name in Deadline.values:
            if raw_deadlines.get(name) is not None:
                period = reader.period(raw_deadlines[name], f"{key}.deadlines.{name}", DEADLINE_UNITS)
                ok = ok and period is not None
                deadlines[name] = period
    duration = _range(reader, entry.get("duration", NOTHING), f"{key}.duration", DURATION_UNITS)
    extension: dict[str, Any] = {}
    if entry.get("extension") is not None:
        raw = entry["extension"]
        if not isinstance(raw, dict):
            reader.add(f"{key}.extension", "expected {times: n, duration: {days: [least, most]}}", raw)
            ok = False
        else:
            reader.unknown_keys(raw, ("times", "duration"), f"{key}.extension")
            times = raw.get("times")
            if not (isinstance(times, int) and not isinstance(times, bool) and times > 0):
                reader.add(f"{key}.extension.times", "expected how many times it may be extended", times or NOTHING)
                ok = False
            length = _range(reader, raw.get("duration", NOTHING), f"{key}.extension.duration", DURATION_UNITS)
            ok = ok and length is not None
            extension = {"times": times, "duration": length}
    automatic: dict[str, Any] = {}
    if entry.get("automatic_extension") is not None:
        raw = entry["automatic_extension"]
        if not isinstance(raw, dict) or raw.get("on_application_of") not in measures:
            reader.add(
                f"{key}.automatic_extension",
                "expected {on_application_of: <an order type of this file>, until: {days: n}}",
                raw,
            )
            ok = False
        else:
            reader.unknown_keys(raw, ("on_application_of", "until"), f"{key}.automatic_extension")
            until = reader.period(raw.get("until", NOTHING), f"{key}.automatic_extension.until", DURATION_UNITS)
            ok = ok and until is not None
            automatic = {"on_application_of": raw["on_application_of"], "until": until}
    conditions = _read_conditions(reader, entry.get("conditions", NOTHING), f"{key}.conditions")
    reminders = []
    raw_reminders = entry.get("reminders", [])
    if not isinstance(raw_reminders, list):
        reader.add(f"{key}.reminders", "expected a list of periods before the end, e.g. [{days: 3}, {days: 1}]")
        ok = False
    else:
        for index, raw in enumerate(raw_reminders):
            period = reader.period(raw, f"{key}.reminders.{index}", REMINDER_UNITS)
            ok = ok and period is not None
            reminders.append(period)
    for flag in ("renewable", "to_be_confirmed"):
        if not isinstance(entry.get(flag, False), bool):
            reader.add(f"{key}.{flag}", "expected true or false", entry[flag])
            ok = False
    source = entry.get("source", "")
    if not isinstance(source, str):
        reader.add(f"{key}.source", "expected the law and article, as text", source)
        ok = False
    if not (ok and start and duration and conditions is not None):
        return None
    return {
        "version": version,
        "effective_from": start,
        "deadlines": deadlines,
        "duration": duration,
        "extension": extension,
        "renewable": entry.get("renewable", False),
        "automatic_extension": automatic,
        "conditions": conditions,
        "reminders": reminders,
        "to_be_confirmed": entry.get("to_be_confirmed", False),
        "source": source.strip(),
    }


def _read_conditions(reader: SectionReader, value: Any, key: str) -> list[dict[str, Any]] | None:
    """[no_contact, {stay_away: [50, 500]}, {report_to_police: [1, 4]}]: a condition with a number gives its
    least and most."""
    if not isinstance(value, list) or not value:
        reader.add(key, f"expected a list of {one_of(Condition.values)}", value)
        return None
    rows = []
    for index, item in enumerate(value):
        item_key = f"{key}.{index}"
        code: Any = item if isinstance(item, str) else None
        bounds: Any = None
        if isinstance(item, dict) and len(item) == 1:
            code, bounds = next(iter(item.items()))
        if code not in Condition.values:
            reader.add(item_key, f"expected one of {one_of(Condition.values)}", item)
            return None
        if code in CONDITION_NUMBERS:
            valid = (
                isinstance(bounds, list)
                and len(bounds) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in bounds)
                and bounds[0] <= bounds[1]
            )
            if not valid:
                reader.add(item_key, f"expected {{{code}: [least, most]}} ({CONDITION_NUMBERS[code]})", item)
                return None
            rows.append({"code": code, "min": bounds[0], "max": bounds[1]})
        elif bounds is not None:
            reader.add(item_key, f"{code} takes no number", item)
            return None
        else:
            rows.append({"code": code})
    return rows


def _read_qualifications(reader: SectionReader, data: dict) -> list[dict[str, Any]]:
    seen: set[str] = set()
    rows = []
    for order, (key, entry) in enumerate(reader.entries(data, "qualifications")):
        reader.unknown_keys(entry, QUALIFICATION_KEYS, key)
        code = _code(reader, entry, key, seen)
        kind = entry.get("kind")
        if kind not in ProceedingKind.values:
            reader.add(f"{key}.kind", f"expected {one_of(ProceedingKind.values)}", kind or NOTHING)
        article = entry.get("article")
        if not isinstance(article, str) or not article.strip() or len(article) > 60:
            reader.add(f"{key}.article", 'expected the article, e.g. "Art. 128", up to 60 characters', article)
        names = reader.texts(entry.get("name", NOTHING), f"{key}.name")
        start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
        end = reader.date(entry.get("effective_to"), f"{key}.effective_to", required=False)
        if start and end and end < start:
            reader.add(f"{key}.effective_to", "expected a date on or after effective_from", end)
            end = start = None
        if code and kind in ProceedingKind.values and isinstance(article, str) and start:
            row = {"code": code, "kind": kind, "article": article.strip(), "names": names, "order": order}
            rows.append(row | {"effective_from": start, "effective_to": end})
    return rows


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.protection.models import MeasureType, MeasureVersion, Qualification

    section = pack.sections["protection"]
    existing_types = {(country, m.code): m for m in MeasureType.objects.filter(country=country)}
    existing_versions = {(v.measure, v.version): v for v in MeasureVersion.objects.filter(measure__country=country)}
    for entry in section["measures"]:
        values = {
            "issuer_kind": entry["issuer_kind"],
            "applicants": entry["applicants"],
            "order": entry["order"],
            "is_active": True,
        } | name_columns(entry["names"])
        measure = upsert(
            MeasureType, {"country": country, "code": entry["code"]}, values, report, "measure_type", existing_types
        )
        for version in entry["versions"]:
            values = {key: value for key, value in version.items() if key != "version"}
            upsert(
                MeasureVersion,
                {"measure": measure, "version": version["version"]},
                values,
                report,
                "measure_version",
                existing_versions,
            )
        # A version the pack dropped may still be named by orders: it is kept.
    # A type the pack no longer lists may still be named by orders: it is retired, not deleted.
    MeasureType.objects.filter(country=country).exclude(code__in=[m["code"] for m in section["measures"]]).update(
        is_active=False
    )
    existing_qualifications = {(country, q.code): q for q in Qualification.objects.filter(country=country)}
    for entry in section["qualifications"]:
        values = {key: entry[key] for key in ("kind", "article", "effective_from", "effective_to", "order")}
        upsert(
            Qualification,
            {"country": country, "code": entry["code"]},
            values | name_columns(entry["names"]),
            report,
            "qualification",
            existing_qualifications,
        )


SECTION = PackSection(name="protection", files=(FILE,), read=read, apply=apply, order=130)

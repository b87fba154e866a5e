"""Reading, validating and applying a country pack (see FORMAT.md beside this file).

Validation reads every file before anything is written and reports every problem with its file, line and key;
applying runs in one transaction and updates rows in place by their codes, so loading twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from concord.countries.sections import all_sections

PACKS_DIR = Path(__file__).resolve().parent
INTERFACE_LANGUAGES = ("en", "az", "ru", "sq")
COUNTRY_LANGUAGES = (*INTERFACE_LANGUAGES, "kk")
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
TERRITORY_CODE = re.compile(r"^[A-Z0-9-]{1,20}$")
AGENCY_CODE = re.compile(r"^[A-Z0-9-]{1,40}$")
KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
NAME_COLUMNS = tuple(f"name_{language}" for language in INTERFACE_LANGUAGES)


@dataclass(frozen=True)
class PackProblem:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}"


class PackInvalid(Exception):
    def __init__(self, problems: list[PackProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Pack:
    code: str
    folder: Path
    settings: dict[str, Any] = field(default_factory=dict)
    territories: list[dict[str, Any]] = field(default_factory=list)
    holidays: list[dict[str, Any]] = field(default_factory=list)
    agency_kinds: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    # What each registered section (concord.countries.sections) read, by section name.
    sections: dict[str, Any] = field(default_factory=dict)
    digest: str = ""


class Problems:
    def __init__(self) -> None:
        self.items: list[PackProblem] = []

    def add(self, file: str, line: int | None, key: str, message: str) -> None:
        self.items.append(PackProblem(file, line, key, message))


# ---- YAML with line numbers ---------------------------------------------------------------------------------------


def _yaml_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML, returning the data and the line of every key path ("name.en", "working_week.0.days")."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}

    def convert(node: yaml.Node, path: str) -> Any:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child = f"{path}.{key}" if path else key
                lines[child] = key_node.start_mark.line + 1
                result[key] = convert(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, f"{path}.{index}") for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return _scalar(node)

    return (convert(root, "") if root is not None else None), lines


def _scalar(node: yaml.ScalarNode) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


# ---- pack.yaml ---------------------------------------------------------------------------------------------------

_PACK_KEYS = {
    "code",
    "name",
    "languages",
    "default_language",
    "time_zone",
    "working_week",
    "case_number_format",
    "territory_levels",
    "demo_district",
}
_REQUIRED_PACK_KEYS = _PACK_KEYS - {"demo_district"}


def _check_translations(value: Any, file: str, key: str, line: int | None, problems: Problems) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.add(file, line, key, "expected a mapping of languages to text (en, az, ru, sq)")
        return {}
    for language in value:
        if language not in INTERFACE_LANGUAGES:
            problems.add(file, line, f"{key}.{language}", "unknown language (expected en, az, ru or sq)")
    for language in INTERFACE_LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.add(file, line, f"{key}.{language}", "missing text")
    return {language: str(value.get(language, "")).strip() for language in INTERFACE_LANGUAGES}


def read_yaml_mapping(pack: Pack, file: str, problems: Problems) -> tuple[dict, dict[str, int]] | None:
    """A pack YAML file as a mapping with the line of every key, or None after reporting why not."""
    path = pack.folder / file
    if not path.exists():
        problems.add(file, None, "-", "file is missing")
        return None
    try:
        data, lines = _yaml_with_lines(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(file, mark.line + 1 if mark else None, "-", f"not valid YAML: {getattr(error, 'problem', error)}")
        return None
    if not isinstance(data, dict):
        problems.add(file, 1, "-", "expected a mapping at the top level")
        return None
    return data, lines


def _read_settings(pack: Pack, problems: Problems) -> None:
    file = "pack.yaml"
    loaded = read_yaml_mapping(pack, file, problems)
    if loaded is None:
        return
    data, lines = loaded
    for key in sorted(set(data) - _PACK_KEYS):
        problems.add(file, lines.get(key), key, "unknown key")
    for key in sorted(_REQUIRED_PACK_KEYS - set(data)):
        problems.add(file, None, key, "required key is missing")

    if "code" in data and data["code"] != pack.code:
        problems.add(file, lines.get("code"), "code", f"must be {pack.code!r}, the folder's name")
    if "name" in data:
        data["name"] = _check_translations(data["name"], file, "name", lines.get("name"), problems)
    languages = data.get("languages")
    if "languages" in data and (
        not isinstance(languages, list) or not languages or any(lang not in COUNTRY_LANGUAGES for lang in languages)
    ):
        problems.add(file, lines.get("languages"), "languages", f"expected a list drawn from {COUNTRY_LANGUAGES}")
    if "default_language" in data and data["default_language"] not in INTERFACE_LANGUAGES:
        problems.add(file, lines.get("default_language"), "default_language", "must be one of en, az, ru, sq")
    if "time_zone" in data:
        try:
            zoneinfo.ZoneInfo(str(data["time_zone"]))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.add(file, lines.get("time_zone"), "time_zone", "not a known IANA time zone")
    if "case_number_format" in data:
        fmt = data["case_number_format"]
        try:
            str(fmt).format(territory="AZ-XXX", year=2026, number=1)
            if "{number" not in str(fmt):
                raise KeyError("number")
        except (KeyError, IndexError, ValueError):
            problems.add(
                file,
                lines.get("case_number_format"),
                "case_number_format",
                "may use only {territory}, {year} and {number}, and must contain {number}",
            )
    weeks = data.get("working_week")
    if "working_week" in data:
        if not isinstance(weeks, list) or not weeks:
            problems.add(file, lines.get("working_week"), "working_week", "expected a list of rules")
            weeks = []
        for index, rule in enumerate(weeks):
            key = f"working_week.{index}"
            if not isinstance(rule, dict):
                problems.add(file, lines.get(key), key, "expected effective_from and days")
                continue
            for extra in sorted(set(rule) - {"effective_from", "days"}):
                problems.add(file, lines.get(f"{key}.{extra}"), f"{key}.{extra}", "unknown key")
            if not isinstance(rule.get("effective_from"), datetime.date):
                problems.add(
                    file,
                    lines.get(f"{key}.effective_from", lines.get(key)),
                    f"{key}.effective_from",
                    "expected a date (YYYY-MM-DD)",
                )
            days = rule.get("days")
            if not isinstance(days, list) or not days or any(day not in WEEKDAYS for day in days):
                problems.add(
                    file,
                    lines.get(f"{key}.days", lines.get(key)),
                    f"{key}.days",
                    "expected a list of mon, tue, wed, thu, fri, sat, sun",
                )
    levels = data.get("territory_levels")
    if "territory_levels" in data:
        if not isinstance(levels, dict):
            problems.add(file, lines.get("territory_levels"), "territory_levels", "expected a mapping of levels")
        else:
            checked = {}
            for level, names in levels.items():
                key = f"territory_levels.{level}"
                if str(level) not in {"1", "2", "3"}:
                    problems.add(file, lines.get(key), key, "levels are 1, 2 and 3")
                checked[str(level)] = _check_translations(names, file, key, lines.get(key), problems)
            data["territory_levels"] = checked
    pack.settings = data
    pack.settings["_lines"] = lines


def positive_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# ---- CSV files ---------------------------------------------------------------------------------------------------


def _read_csv(
    pack: Pack, file: str, columns: tuple[str, ...], problems: Problems, *, required: bool = True
) -> list[dict[str, Any]]:
    path = pack.folder / file
    if not path.exists():
        if required:
            problems.add(file, None, "-", "file is missing")
        return []
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        for column in header:
            if column not in columns:
                problems.add(file, 1, column, "unknown column")
        for column in columns:
            if column not in header:
                problems.add(file, 1, column, "required column is missing")
        for row in reader:
            if None in row:
                problems.add(file, reader.line_num, "-", "more values than columns")
            cleaned = {key: (value or "").strip() for key, value in row.items() if key is not None}
            cleaned["_line"] = reader.line_num
            rows.append(cleaned)
    return rows


def _check_names(row: dict[str, Any], file: str, problems: Problems) -> None:
    for column in NAME_COLUMNS:
        if not row.get(column):
            problems.add(file, row["_line"], column, "missing name")


def _check_territories(pack: Pack, problems: Problems) -> None:
    file = "territories.csv"
    levels: dict[str, int] = {}
    country_code = pack.code.upper()
    for row in pack.territories:
        line, code = row["_line"], row.get("code", "")
        if not TERRITORY_CODE.match(code):
            problems.add(file, line, "code", "expected upper-case letters, digits and hyphens, at most 20")
        elif code != country_code and not code.startswith(f"{country_code}-"):
            problems.add(file, line, "code", f"must start with {country_code}-")
        if code in levels:
            problems.add(file, line, "code", f"duplicate code {code}")
        try:
            level = int(row.get("level", ""))
        except ValueError:
            problems.add(file, line, "level", "expected a number from 0 to 3")
            continue
        parent = row.get("parent", "")
        if level == 0:
            if parent or code != country_code:
                problems.add(file, line, "level", f"level 0 is the country itself ({country_code}, no parent)")
        elif parent not in levels:
            problems.add(file, line, "parent", f"unknown parent {parent!r} (parents must come first)")
        elif level != levels[parent] + 1:
            problems.add(file, line, "level", f"expected {levels[parent] + 1}, one below the parent")
        if level > 3:
            problems.add(file, line, "level", "levels go from 0 to 3")
        _check_names(row, file, problems)
        levels[code] = level
        row["level"] = level
    if pack.territories and pack.territories[0].get("code") != country_code:
        problems.add(file, pack.territories[0]["_line"], "code", f"the first row must be the country {country_code}")
    demo = pack.settings.get("demo_district")
    if demo and demo not in levels:
        problems.add(
            "pack.yaml",
            pack.settings["_lines"].get("demo_district"),
            "demo_district",
            f"{demo!r} is not in territories.csv",
        )


def _check_holidays(pack: Pack, problems: Problems) -> None:
    file = "holidays.csv"
    seen: set[datetime.date] = set()
    for row in pack.holidays:
        try:
            row["date"] = datetime.date.fromisoformat(row.get("date", ""))
        except ValueError:
            problems.add(file, row["_line"], "date", "expected a date (YYYY-MM-DD)")
            continue
        if row["date"] in seen:
            problems.add(file, row["_line"], "date", "duplicate date")
        seen.add(row["date"])
        _check_names(row, file, problems)


def _check_agency_kinds(pack: Pack, problems: Problems) -> None:
    file = "agency_kinds.csv"
    seen: set[str] = set()
    for row in pack.agency_kinds:
        if not KIND_CODE.match(row.get("code", "")):
            problems.add(file, row["_line"], "code", "expected lower-case snake_case")
        if row.get("code") in seen:
            problems.add(file, row["_line"], "code", "duplicate code")
        seen.add(row.get("code", ""))
        _check_names(row, file, problems)


def _check_agencies(pack: Pack, problems: Problems) -> None:
    file = "agencies.csv"
    kinds = {row.get("code") for row in pack.agency_kinds}
    territories = {row.get("code") for row in pack.territories}
    seen: set[str] = set()
    for row in pack.agencies:
        line, code = row["_line"], row.get("code", "")
        if not AGENCY_CODE.match(code) or not code.startswith(f"{pack.code.upper()}-"):
            problems.add(
                file,
                line,
                "code",
                f"expected upper-case letters, digits and hyphens starting with {pack.code.upper()}-",
            )
        if code in seen:
            problems.add(file, line, "code", "duplicate code")
        seen.add(code)
        if row.get("kind") not in kinds:
            problems.add(file, line, "kind", f"unknown agency kind {row.get('kind')!r}")
        if row.get("territory") not in territories:
            problems.add(file, line, "territory", f"unknown territory {row.get('territory')!r}")
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.add(file, line, "email", "not a valid e-mail address")
        _check_names(row, file, problems)


# ---- reading and applying -----------------------------------------------------------------------------------------

CORE_FILES = {"pack.yaml", "territories.csv", "holidays.csv", "agency_kinds.csv", "agencies.csv"}


def known_files() -> set[str]:
    return CORE_FILES | {name for section in all_sections() for name in section.files}


def pack_folder(code: str) -> Path:
    return PACKS_DIR / code


def available_packs() -> list[str]:
    return sorted(path.name for path in PACKS_DIR.iterdir() if (path / "pack.yaml").exists())


def read_pack(code: str, folder: Path | None = None) -> Pack:
    """Read and validate a pack; raises PackInvalid listing every problem found."""
    folder = folder or pack_folder(code)
    problems = Problems()
    if not folder.is_dir():
        raise PackInvalid([PackProblem(str(folder), None, "-", "no such country pack")])
    pack = Pack(code=code, folder=folder)
    files = known_files()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in files and not path.name.startswith("."):
            problems.add(path.name, None, "-", "unknown file in the pack")
    _read_settings(pack, problems)
    for section in all_sections():
        pack.sections[section.name] = section.read(pack, problems)
    pack.territories = _read_csv(pack, "territories.csv", ("code", "parent", "level", *NAME_COLUMNS), problems)
    pack.holidays = _read_csv(pack, "holidays.csv", ("date", *NAME_COLUMNS), problems)
    pack.agency_kinds = _read_csv(pack, "agency_kinds.csv", ("code", *NAME_COLUMNS), problems)
    pack.agencies = _read_csv(
        pack, "agencies.csv", ("code", "kind", "territory", *NAME_COLUMNS, "email", "phone"), problems
    )
    if pack.settings:
        _check_territories(pack, problems)
    _check_holidays(pack, problems)
    _check_agency_kinds(pack, problems)
    _check_agencies(pack, problems)
    if problems.items:
        raise PackInvalid(problems.items)
    digest = hashlib.sha256()
    for name in sorted(files):
        path = folder / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for section in all_sections():
        for path in section.extra_files(pack):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    pack.digest = digest.hexdigest()
    return pack


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def upsert(
    model: type,
    lookup: dict[str, Any],
    values: dict[str, Any],
    report: LoadReport,
    kind: str,
    existing: dict[Any, Any],
) -> Any:
    key = tuple(lookup.values())
    obj = existing.get(key)
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.count(kind, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return obj


def _names(row: dict[str, Any]) -> dict[str, str]:
    # Only the per-language columns: modeltranslation maps plain `name` to the *active* language, so setting or
    # comparing it would depend on whichever language the loading process happens to run in.
    return {column: row[column] for column in NAME_COLUMNS}


ProgressCallback = Callable[[str, int], None]


@transaction.atomic
def apply_pack(pack: Pack, *, progress: ProgressCallback | None = None) -> LoadReport:
    from concord.accounts.models import Agency, AgencyKind
    from concord.countries.models import Country, Holiday, WorkingWeek
    from concord.territory.models import Territory

    report = LoadReport()
    step = progress or (lambda label, advance: None)
    settings = pack.settings
    country_values = {
        "languages": settings["languages"],
        "default_language": settings["default_language"],
        "time_zone": settings["time_zone"],
        "case_number_format": settings["case_number_format"],
        "territory_levels": settings["territory_levels"],
        "demo_district": settings.get("demo_district", ""),
        "pack_digest": pack.digest,
    } | {f"name_{language}": text for language, text in settings["name"].items()}
    existing_countries = {(c.code,): c for c in Country.objects.filter(code=pack.code)}
    country = upsert(Country, {"code": pack.code}, country_values, report, "country", existing_countries)

    existing_weeks = {(w.effective_from,): w for w in country.working_weeks.all()}
    wanted_weeks = set()
    for rule in settings["working_week"]:
        days = sorted(WEEKDAYS[day] for day in rule["days"])
        wanted_weeks.add(rule["effective_from"])
        upsert(
            WorkingWeek,
            {"effective_from": rule["effective_from"]},
            {"country": country, "days": days},
            report,
            "working_week",
            existing_weeks,
        )
    WorkingWeek.objects.filter(country=country).exclude(effective_from__in=wanted_weeks).delete()

    existing_holidays = {(h.date,): h for h in country.holidays.all()}
    for row in pack.holidays:
        upsert(
            Holiday,
            {"date": row["date"]},
            {"country": country} | _names(row),
            report,
            "holiday",
            existing_holidays,
        )
    Holiday.objects.filter(country=country).exclude(date__in=[row["date"] for row in pack.holidays]).delete()
    step("holidays", len(pack.holidays))

    existing_territories = {(t.code,): t for t in Territory.objects.filter(country_code=pack.code)}
    by_code: dict[str, Territory] = {}
    for row in pack.territories:
        parent = by_code.get(row["parent"]) if row["parent"] else None
        values = {"parent": parent, "level": row["level"], "country_code": pack.code, "is_active": True}
        territory = upsert(
            Territory, {"code": row["code"]}, values | _names(row), report, "territory", existing_territories
        )
        by_code[row["code"]] = territory
        step("territories", 1)
    # Units dropped from the pack are deactivated, not deleted: cases and agencies may still point at them.
    Territory.objects.filter(country_code=pack.code, is_active=True).exclude(code__in=by_code).update(is_active=False)

    existing_kinds = {(k.country_code, k.code): k for k in AgencyKind.objects.filter(country_code=pack.code)}
    kinds = {}
    for row in pack.agency_kinds:
        kinds[row["code"]] = upsert(
            AgencyKind,
            {"country_code": pack.code, "code": row["code"]},
            _names(row),
            report,
            "agency_kind",
            existing_kinds,
        )
    existing_agencies = {(a.code,): a for a in Agency.objects.filter(code__in=[r["code"] for r in pack.agencies])}
    for row in pack.agencies:
        values = {
            "kind": kinds[row["kind"]],
            "territory": by_code[row["territory"]],
            "email": row["email"],
            "phone": row["phone"],
        } | _names(row)
        upsert(Agency, {"code": row["code"]}, values, report, "agency", existing_agencies)
    step("agencies", len(pack.agencies))

    for section in all_sections():
        section.apply(pack, country, report)
    return report

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
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from concord.common.translated import FALLBACK_LANGUAGE
from concord.countries.calendar import DAY_KINDS, HOLIDAY, WORKING_DAY, WorkingCalendar
from concord.countries.sections import all_sections

PACKS_DIR = Path(__file__).resolve().parent
ENGLISH = FALLBACK_LANGUAGE  # every name is given in English too: the fallback in every language the pack omits
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
TERRITORY_CODE = re.compile(r"^[A-Z0-9-]{1,20}$")
AGENCY_CODE = re.compile(r"^[A-Z0-9-]{1,40}$")
KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
CALENDAR_FILE = re.compile(r"^(\d{4})\.csv$")
YES_NO = {"": False, "no": False, "yes": True}


def interface_languages() -> list[str]:
    """The languages this deployment offers (settings.LANGUAGES: its catalogues)."""
    return [code for code, _label in settings.LANGUAGES]


NOTHING = object()  # no value to show: the key or the file is missing


def shown(value: Any) -> str:
    """A value as an operator typed it: dates and numbers bare, text quoted, lists and mappings as YAML flow."""
    if isinstance(value, str):
        return repr(value) if value else "an empty value"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return str(value)


def one_of(options: Any) -> str:
    """`a, b or c`: what is allowed, as a sentence rather than a Python tuple."""
    options = [str(option) for option in options]
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"


@dataclass(frozen=True)
class PackProblem:
    """One thing a load would refuse: where (file, line, key), what was found there, and what is allowed."""

    file: str
    line: int | None
    key: str
    message: str
    found: Any = NOTHING

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.found is NOTHING:
            return f"{where}: {self.key}: {self.message}"
        return f"{where}: {self.key}: found {shown(self.found)}; {self.message}"


class PackInvalid(Exception):
    def __init__(self, problems: list[PackProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    def report(self, code: str, write: Callable[[str], object]) -> str:
        """Write each problem as `<code>/<file>:<line>: …` and return the one-line summary for the command's error."""
        for problem in self.problems:
            write(f"{code}/{problem}")
        return f"Country pack {code!r} is invalid: {len(self.problems)} problem(s)."


@dataclass
class Pack:
    code: str
    folder: Path
    settings: dict[str, Any] = field(default_factory=dict)
    # The languages of the country (pack.yaml `languages`): names are required in these and in English.
    languages: list[str] = field(default_factory=list)
    # False when pack.yaml's languages could not be read: the name columns are then not judged (one problem, not
    # one per file).
    languages_read: bool = True
    territories: list[dict[str, Any]] = field(default_factory=list)
    calendar: list[dict[str, Any]] = field(default_factory=list)
    agency_kinds: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    # What each registered section (concord.countries.sections) read, by section name.
    sections: dict[str, Any] = field(default_factory=dict)
    digest: str = ""

    @property
    def name_languages(self) -> list[str]:
        """Languages every name must be given in."""
        return [ENGLISH, *(language for language in self.languages if language != ENGLISH)]

    @property
    def allowed_name_languages(self) -> list[str]:
        """Languages a name may be given in: the required ones and any the deployment offers."""
        extra = [language for language in interface_languages() if language not in self.name_languages]
        return [*self.name_languages, *extra]

    def names_of(self, row: dict[str, Any]) -> dict[str, str]:
        """A CSV row's names by language (`name_az` → `az`), the empty ones left out."""
        return {
            language: row[f"name_{language}"] for language in self.allowed_name_languages if row.get(f"name_{language}")
        }


class Problems:
    def __init__(self) -> None:
        self.items: list[PackProblem] = []

    def add(self, file: str, line: int | None, key: str, message: str, found: Any = NOTHING) -> None:
        """`message` says what is allowed ("expected a date (YYYY-MM-DD)"); `found` is the value that is not."""
        self.items.append(PackProblem(file, line, key, message, found))


# ---- YAML with line numbers ---------------------------------------------------------------------------------------


def yaml_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML, returning the data and the line of every key path ("name.en", "working_week.0.days"): the line
    of the key itself, also when its value starts below it (a block list)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}

    def convert(node: yaml.Node, path: str) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
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


def check_translations(
    pack: Pack, value: Any, file: str, key: str, line: int | None, problems: Problems
) -> dict[str, str]:
    """Text in several languages ({en: …, az: …}): required in English and the pack's languages; others optional."""
    required = pack.name_languages if pack.languages_read else []
    if not isinstance(value, dict):
        example = ", ".join(f"{language}: …" for language in required)
        problems.add(file, line, key, f"expected the text in each language of the pack, {{{example}}}", found=value)
        return {}
    for language in value:
        if language not in pack.allowed_name_languages and pack.languages_read:
            problems.add(
                file,
                line,
                f"{key}.{language}",
                f"not a language of this pack or of the interface; expected {one_of(pack.allowed_name_languages)}",
                found=str(language),
            )
    for language in required:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.add(
                file,
                line,
                f"{key}.{language}",
                "missing text: required in English and in every language the pack lists",
                found=text if text is not None else NOTHING,
            )
    return {
        str(language): text.strip()
        for language, text in value.items()
        if language in pack.allowed_name_languages and isinstance(text, str) and text.strip()
    }


def read_yaml_mapping(pack: Pack, file: str, problems: Problems) -> tuple[dict, dict[str, int]] | None:
    """A pack YAML file as a mapping with the line of every key, or None after reporting why not."""
    path = pack.folder / file
    if not path.exists():
        problems.add(file, None, "-", "file is missing")
        return None
    try:
        data, lines = yaml_with_lines(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(file, mark.line + 1 if mark else None, "-", f"not valid YAML: {getattr(error, 'problem', error)}")
        return None
    if not isinstance(data, dict):
        problems.add(file, 1, "-", "expected a mapping at the top level")
        return None
    return data, lines


class SectionReader:
    """Reads one YAML file of a pack section, reporting each problem with the file, the line of the nearest key
    given, the key, the value found and what is allowed."""

    def __init__(self, pack: Pack, problems: Problems, file: str, lines: dict[str, int]) -> None:
        self.pack, self.problems, self.file, self.lines = pack, problems, file, lines

    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return None

    def add(self, key: str, message: str, found: Any = NOTHING) -> None:
        self.problems.add(self.file, self.line(key), key, message, found=found)

    def texts(self, value: Any, key: str) -> dict[str, str]:
        return check_translations(self.pack, value, self.file, key, self.line(key), self.problems)

    def period(self, value: Any, key: str, units: tuple[str, ...]) -> dict[str, Any] | None:
        """A period of one unit and a whole number, {hours: 24} or {working_days: 1}: {"amount": …, "unit": …}."""
        if not isinstance(value, dict) or len(value) != 1:
            self.add(key, f"expected one of {one_of(units)} with a number, e.g. {{{units[0]}: 1}}", value)
            return None
        unit, amount = next(iter(value.items()))
        if unit not in units:
            self.add(f"{key}.{unit}", f"unknown unit: expected {one_of(units)}", unit)
            return None
        if not (isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0):
            self.add(f"{key}.{unit}", "expected a whole number of 0 or more", amount)
            return None
        return {"amount": amount, "unit": unit}

    def date(self, value: Any, key: str, *, required: bool = True) -> datetime.date | None:
        if value is None and not required:
            return None
        if not isinstance(value, datetime.date):
            self.add(key, "expected a date (YYYY-MM-DD)", value if value is not None else NOTHING)
            return None
        return value

    def unknown_keys(self, data: dict, allowed: Any, key: str) -> None:
        for extra in sorted(set(data) - set(allowed), key=str):
            self.add(f"{key}.{extra}" if key else str(extra), f"unknown key: expected {one_of(sorted(allowed))}", extra)

    def entries(self, data: dict, name: str) -> list[tuple[str, dict]]:
        """The mappings listed under `name`, each with its key (`name.index`)."""
        value = data.get(name, [])
        if not isinstance(value, list):
            self.add(name, "expected a list", value)
            return []
        result = []
        for index, entry in enumerate(value):
            key = f"{name}.{index}"
            if isinstance(entry, dict):
                result.append((key, entry))
            else:
                self.add(key, "expected a mapping", entry)
        return result


def _read_settings(pack: Pack, problems: Problems) -> None:
    file = "pack.yaml"
    loaded = read_yaml_mapping(pack, file, problems)
    if loaded is None:
        return
    data, lines = loaded
    for key in sorted(set(data) - _PACK_KEYS):
        problems.add(file, lines.get(key), key, f"unknown key; the keys are {one_of(sorted(_PACK_KEYS))}")
    for key in sorted(_REQUIRED_PACK_KEYS - set(data)):
        problems.add(file, None, key, "required key is missing")

    if "code" in data and data["code"] != pack.code:
        problems.add(file, lines.get("code"), "code", f"must be {pack.code!r}, the folder's name", found=data["code"])
    languages = data.get("languages")
    if "languages" in data:
        if (
            not isinstance(languages, list)
            or not languages
            or not all(isinstance(language, str) and LANGUAGE_CODE.match(language) for language in languages)
        ):
            problems.add(
                file,
                lines.get("languages"),
                "languages",
                "expected a list of ISO 639 language codes, e.g. [az, ru, en]",
                found=languages,
            )
            pack.languages_read = False
        else:
            pack.languages = list(dict.fromkeys(languages))
    if "default_language" in data and pack.languages_read and data["default_language"] not in pack.languages:
        problems.add(
            file,
            lines.get("default_language"),
            "default_language",
            f"expected one of the pack's languages ({one_of(pack.languages or ['…'])})",
            found=data["default_language"],
        )
    if "name" in data:
        data["name"] = check_translations(pack, data["name"], file, "name", lines.get("name"), problems)
    if "time_zone" in data:
        try:
            zoneinfo.ZoneInfo(str(data["time_zone"]))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.add(
                file,
                lines.get("time_zone"),
                "time_zone",
                "expected an IANA time zone name, e.g. Asia/Baku",
                found=data["time_zone"],
            )
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
                found=fmt,
            )
    weeks = data.get("working_week")
    if "working_week" in data:
        if not isinstance(weeks, list) or not weeks:
            problems.add(file, lines.get("working_week"), "working_week", "expected a list of rules", found=weeks)
            weeks = []
        for index, rule in enumerate(weeks):
            key = f"working_week.{index}"
            if not isinstance(rule, dict):
                problems.add(file, lines.get(key), key, "expected effective_from and days")
                continue
            for extra in sorted(set(rule) - {"effective_from", "days"}):
                problems.add(
                    file, lines.get(f"{key}.{extra}"), f"{key}.{extra}", "unknown key; expected effective_from and days"
                )
            if not isinstance(rule.get("effective_from"), datetime.date):
                problems.add(
                    file,
                    lines.get(f"{key}.effective_from", lines.get(key)),
                    f"{key}.effective_from",
                    "expected a date (YYYY-MM-DD)",
                    found=rule.get("effective_from", NOTHING),
                )
            days = rule.get("days")
            if not isinstance(days, list) or not days or any(day not in WEEKDAYS for day in days):
                problems.add(
                    file,
                    lines.get(f"{key}.days", lines.get(key)),
                    f"{key}.days",
                    f"expected a list drawn from {one_of(WEEKDAYS)}",
                    found=days if days is not None else NOTHING,
                )
    levels = data.get("territory_levels")
    if "territory_levels" in data:
        if not isinstance(levels, dict):
            problems.add(
                file,
                lines.get("territory_levels"),
                "territory_levels",
                "expected a mapping of levels 1, 2 and 3 to names",
                found=levels,
            )
        else:
            checked = {}
            for level, names in levels.items():
                key = f"territory_levels.{level}"
                if str(level) not in {"1", "2", "3"}:
                    problems.add(file, lines.get(key), key, "expected level 1, 2 or 3", found=level)
                checked[str(level)] = check_translations(pack, names, file, key, lines.get(key), problems)
            data["territory_levels"] = checked
    pack.settings = data
    pack.settings["_lines"] = lines


def positive_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# ---- CSV files ---------------------------------------------------------------------------------------------------


def _read_csv(
    pack: Pack, file: str, columns: tuple[str, ...], problems: Problems, *, required: bool = True
) -> list[dict[str, Any]]:
    """Rows of a CSV file with their line numbers. `columns` are the fixed ones; the name columns (`name_en`, one per
    language of the pack, optionally one per interface language) come from the pack's languages."""
    path = pack.folder / file
    if not path.exists():
        if required:
            problems.add(file, None, "-", "file is missing")
        return []
    required_columns = (*columns, *(f"name_{language}" for language in pack.name_languages))
    allowed_columns = (*columns, *(f"name_{language}" for language in pack.allowed_name_languages))
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        for column in header:
            unread_name = column.startswith("name_") and not pack.languages_read
            if column not in allowed_columns and not unread_name:
                problems.add(
                    file, 1, column, f"unknown column; the columns are {one_of(allowed_columns)}", found=column
                )
        for column in required_columns:
            if column not in header:
                problems.add(file, 1, column, "required column is missing")
        for row in reader:
            if None in row:
                extra = row[None]  # type: ignore[index]
                problems.add(
                    file,
                    reader.line_num,
                    header[-1] if header else "-",
                    f"{len(header) + len(extra)} values for {len(header)} columns: "
                    "put a value that contains a comma in double quotes",
                    found=", ".join(extra),
                )
            cleaned = {key: (value or "").strip() for key, value in row.items() if key is not None}
            cleaned["_line"] = reader.line_num
            # Its values are shifted: checking them one by one would only repeat the problem.
            cleaned["_shifted"] = None in row
            rows.append(cleaned)
    return rows


def _check_names(pack: Pack, row: dict[str, Any], file: str, problems: Problems) -> None:
    if not pack.languages_read:
        return
    for language in pack.name_languages:
        column = f"name_{language}"
        if column in row and not row[column]:
            problems.add(
                file, row["_line"], column, "missing name: required in English and in every language the pack lists"
            )


def _check_territories(pack: Pack, problems: Problems) -> None:
    file = "territories.csv"
    levels: dict[str, int] = {}
    country_code = pack.code.upper()
    for row in pack.territories:
        line, code = row["_line"], row.get("code", "")
        if row["_shifted"]:
            row["level"] = levels[code] = levels.get(row.get("parent", ""), -1) + 1
            continue
        if not TERRITORY_CODE.match(code):
            problems.add(file, line, "code", "expected upper-case letters, digits and hyphens, at most 20", found=code)
        elif code != country_code and not code.startswith(f"{country_code}-"):
            problems.add(file, line, "code", f"expected a code starting with {country_code}-", found=code)
        if code in levels:
            problems.add(file, line, "code", "expected a code used once; it is already used above", found=code)
        try:
            level = int(row.get("level", ""))
        except ValueError:
            problems.add(file, line, "level", "expected a number from 0 to 3", found=row.get("level", ""))
            continue
        parent = row.get("parent", "")
        if level == 0:
            if parent or code != country_code:
                problems.add(
                    file, line, "level", f"level 0 is the country itself ({country_code}, no parent)", found=level
                )
        elif parent not in levels:
            problems.add(
                file,
                line,
                "parent",
                "expected the code of a unit on an earlier line (parents come first)",
                found=parent,
            )
        elif level != levels[parent] + 1:
            problems.add(file, line, "level", f"expected {levels[parent] + 1}, one below the parent", found=level)
        if level > 3:
            problems.add(file, line, "level", "expected a number from 0 to 3", found=level)
        _check_names(pack, row, file, problems)
        levels[code] = level
        row["level"] = level
    if pack.territories and pack.territories[0].get("code") != country_code:
        problems.add(
            file,
            pack.territories[0]["_line"],
            "code",
            f"the first row must be the country {country_code}",
            found=pack.territories[0].get("code", ""),
        )
    demo = pack.settings.get("demo_district")
    if demo and demo not in levels:
        problems.add(
            "pack.yaml",
            pack.settings["_lines"].get("demo_district"),
            "demo_district",
            "expected the code of a unit in territories.csv",
            found=demo,
        )


def _read_calendar(pack: Pack, problems: Problems) -> None:
    """calendar/<year>.csv: the days that differ from the working week, one file per year as each year's dates are
    announced. A transferred working day must fall on a day off; every row says where it comes from."""
    folder = pack.folder / "calendar"
    if not folder.is_dir():
        problems.add("calendar/", None, "-", "folder is missing: one file per year, e.g. calendar/2026.csv")
        return
    seen: dict[datetime.date, str] = {}
    week = _pack_week(pack)
    for path in sorted(folder.iterdir()):
        file = f"calendar/{path.name}"
        match = CALENDAR_FILE.match(path.name)
        if not match:
            if not path.name.startswith("."):
                problems.add(file, None, "-", "unknown file in calendar/: expected one file per year, YYYY.csv")
            continue
        year = int(match.group(1))
        for row in _read_csv(pack, file, ("date", "kind", "yearly", "source"), problems):
            if row["_shifted"]:
                continue
            line = row["_line"]
            row["_file"] = file
            try:
                day = datetime.date.fromisoformat(row.get("date", ""))
            except ValueError:
                problems.add(file, line, "date", "expected a date (YYYY-MM-DD)", found=row.get("date", ""))
                continue
            if day.year != year:
                problems.add(file, line, "date", f"expected a date in {year}, the year of the file", found=row["date"])
            if day in seen:
                problems.add(file, line, "date", f"expected each date once; it is already in {seen[day]}", found=day)
            seen[day] = file
            row["date"] = day
            kind = row.get("kind", "")
            if kind not in DAY_KINDS:
                problems.add(file, line, "kind", f"expected {one_of(DAY_KINDS)}", found=kind)
            if row.get("yearly", "") not in YES_NO:
                problems.add(file, line, "yearly", "expected yes, no or nothing", found=row.get("yearly", ""))
            row["yearly"] = YES_NO.get(row.get("yearly", ""), False)
            if not row.get("source"):
                problems.add(file, line, "source", "expected the law or decree the day comes from")
            if kind == HOLIDAY:
                _check_names(pack, row, file, problems)
            elif row.get("name_en") == "" and pack.names_of(row):
                problems.add(file, line, "name_en", "expected an English name beside the names given")
            if kind == WORKING_DAY and week.weeks and week.is_working_day(day):
                problems.add(
                    file,
                    line,
                    "kind",
                    "a transferred working day must fall on a day off of the working week",
                    found=f"working_day on {day:%A}",
                )
            pack.calendar.append(row)


def _pack_week(pack: Pack) -> WorkingCalendar:
    """The working week of pack.yaml's valid rules, to check the calendar files against (its days come later)."""
    weeks = sorted(
        (rule["effective_from"], frozenset(WEEKDAYS[day] for day in rule["days"]))
        for rule in pack.settings.get("working_week") or []
        if isinstance(rule, dict)
        and isinstance(rule.get("effective_from"), datetime.date)
        and isinstance(rule.get("days"), list)
        and rule["days"]
        and all(day in WEEKDAYS for day in rule["days"])
    )
    return WorkingCalendar(country_code=pack.code, weeks=tuple(weeks), days={})


def _check_agency_kinds(pack: Pack, problems: Problems) -> None:
    file = "agency_kinds.csv"
    seen: set[str] = set()
    for row in pack.agency_kinds:
        if row["_shifted"]:
            continue
        if not KIND_CODE.match(row.get("code", "")):
            problems.add(
                file,
                row["_line"],
                "code",
                "expected lower-case snake_case, e.g. social_protection",
                found=row.get("code", ""),
            )
        if row.get("code") in seen:
            problems.add(
                file, row["_line"], "code", "expected a code used once; it is already used above", found=row.get("code")
            )
        seen.add(row.get("code", ""))
        _check_names(pack, row, file, problems)


def _check_agencies(pack: Pack, problems: Problems) -> None:
    file = "agencies.csv"
    kinds = {row.get("code") for row in pack.agency_kinds}
    territories = {row.get("code") for row in pack.territories}
    seen: set[str] = set()
    for row in pack.agencies:
        line, code = row["_line"], row.get("code", "")
        if row["_shifted"]:
            continue
        if not AGENCY_CODE.match(code) or not code.startswith(f"{pack.code.upper()}-"):
            problems.add(
                file,
                line,
                "code",
                f"expected upper-case letters, digits and hyphens starting with {pack.code.upper()}-",
                found=code,
            )
        if code in seen:
            problems.add(file, line, "code", "expected a code used once; it is already used above", found=code)
        seen.add(code)
        if row.get("kind") not in kinds:
            problems.add(
                file,
                line,
                "kind",
                f"expected a code from agency_kinds.csv ({one_of(sorted(kinds))})",
                found=row.get("kind"),
            )
        if row.get("territory") not in territories:
            problems.add(file, line, "territory", "expected a code from territories.csv", found=row.get("territory"))
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.add(file, line, "email", "expected an e-mail address", found=row["email"])
        _check_names(pack, row, file, problems)


# ---- reading and applying -----------------------------------------------------------------------------------------

CORE_FILES = {"pack.yaml", "territories.csv", "agency_kinds.csv", "agencies.csv"}
CORE_FOLDERS = {"calendar"}


def known_files() -> set[str]:
    return CORE_FILES | {name for section in all_sections() for name in section.files}


def pack_dirs() -> list[Path]:
    """Where packs are looked for: the operator's folders (settings.COUNTRY_PACK_DIRS) first, then Concord's own."""
    return [*(Path(folder) for folder in settings.COUNTRY_PACK_DIRS), PACKS_DIR]


def pack_folder(code: str) -> Path:
    for folder in pack_dirs():
        if (folder / code / "pack.yaml").exists():
            return folder / code
    return PACKS_DIR / code


def available_packs() -> list[str]:
    return sorted(
        {
            path.name
            for folder in pack_dirs()
            if folder.is_dir()
            for path in folder.iterdir()
            if (path / "pack.yaml").exists()
        }
    )


def read_pack(code: str, folder: Path | None = None) -> Pack:
    """Read and validate a pack; raises PackInvalid listing every problem found."""
    folder = folder or pack_folder(code)
    problems = Problems()
    if not folder.is_dir():
        raise PackInvalid(
            [PackProblem(str(folder), None, "-", f"no such country pack; the packs are {one_of(available_packs())}")]
        )
    pack = Pack(code=code, folder=folder)
    files = known_files()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in files and not path.name.startswith("."):
            problems.add(path.name, None, "-", f"unknown file in the pack; the files are {one_of(sorted(files))}")
    _read_settings(pack, problems)
    pack.territories = _read_csv(pack, "territories.csv", ("code", "parent", "level"), problems)
    _read_calendar(pack, problems)
    pack.agency_kinds = _read_csv(pack, "agency_kinds.csv", ("code",), problems)
    pack.agencies = _read_csv(pack, "agencies.csv", ("code", "kind", "territory", "email", "phone"), problems)
    if pack.settings:
        _check_territories(pack, problems)
    _check_agency_kinds(pack, problems)
    _check_agencies(pack, problems)
    # Sections read after the core, so that they can check their references to its codes (an agency kind, a unit).
    for section in all_sections():
        pack.sections[section.name] = section.read(pack, problems)
    if problems.items:
        raise PackInvalid(problems.items)
    digest = hashlib.sha256()
    for name in sorted(files):
        path = folder / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for name in sorted(CORE_FOLDERS):
        for path in sorted((folder / name).glob("*")):
            if path.is_file():
                digest.update(f"{name}/{path.name}".encode() + b"\0" + path.read_bytes())
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


def name_columns(names: dict[str, str]) -> dict[str, Any]:
    """The name columns of a reference row: English in `name_en`, every other language in `names`."""
    return {"name_en": names.get(ENGLISH, ""), "names": {code: text for code, text in names.items() if code != ENGLISH}}


ProgressCallback = Callable[[str, int], None]


@transaction.atomic
def apply_pack(pack: Pack, *, progress: ProgressCallback | None = None) -> LoadReport:
    from concord.accounts.models import Agency, AgencyKind
    from concord.countries.models import CalendarDay, Country, WorkingWeek
    from concord.territory.models import Territory

    report = LoadReport()
    step = progress or (lambda label, advance: None)
    pack_settings = pack.settings
    country_values = {
        "languages": pack.languages,
        "default_language": pack_settings["default_language"],
        "time_zone": pack_settings["time_zone"],
        "case_number_format": pack_settings["case_number_format"],
        "territory_levels": pack_settings["territory_levels"],
        "demo_district": pack_settings.get("demo_district", ""),
        "pack_digest": pack.digest,
    } | name_columns(pack_settings["name"])
    existing_countries = {(c.code,): c for c in Country.objects.filter(code=pack.code)}
    country = upsert(Country, {"code": pack.code}, country_values, report, "country", existing_countries)

    existing_weeks = {(w.effective_from,): w for w in country.working_weeks.all()}
    wanted_weeks = set()
    for rule in pack_settings["working_week"]:
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

    existing_days = {(day.date,): day for day in country.calendar_days.all()}
    for row in pack.calendar:
        values = {"country": country, "kind": row["kind"], "yearly": row["yearly"], "source": row["source"]}
        upsert(
            CalendarDay,
            {"date": row["date"]},
            values | name_columns(pack.names_of(row)),
            report,
            "calendar_day",
            existing_days,
        )
    CalendarDay.objects.filter(country=country).exclude(date__in=[row["date"] for row in pack.calendar]).delete()
    step("calendar", len(pack.calendar))

    existing_territories = {(t.code,): t for t in Territory.objects.filter(country_code=pack.code)}
    by_code: dict[str, Territory] = {}
    for row in pack.territories:
        parent = by_code.get(row["parent"]) if row["parent"] else None
        values = {"parent": parent, "level": row["level"], "country_code": pack.code, "is_active": True}
        territory = upsert(
            Territory,
            {"code": row["code"]},
            values | name_columns(pack.names_of(row)),
            report,
            "territory",
            existing_territories,
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
            name_columns(pack.names_of(row)),
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
        } | name_columns(pack.names_of(row))
        upsert(Agency, {"code": row["code"]}, values, report, "agency", existing_agencies)
    step("agencies", len(pack.agencies))

    for section in all_sections():
        section.apply(pack, country, report)
    return report

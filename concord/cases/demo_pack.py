"""The cases app's demo section of a country pack: demo.yaml, where `manage.py seed_demo` finds the names of its demo
persons and the agencies of its demo users (FORMAT.md, demo.yaml). Registered with concord.countries.sections in
CasesConfig.ready().

The file is optional: without it (or without names in it) the names come from Faker in the pack's language and the
users sit in the agencies of concord.accounts.demo.ROLE_AGENCY_KINDS. Nothing is written to the database: seed_demo
reads the pack again (`demo_of(code)`), so the demo follows the pack folder as it is.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from concord.accounts.choices import Role
from concord.accounts.demo import ROLE_AGENCY_KINDS
from concord.countries.loader import LoadReport, Pack, Problems, one_of, read_pack, read_yaml_mapping
from concord.countries.sections import PackSection
from concord.people.fake_names import (
    FAKER,
    FAKER_LOCALES,
    FEMALE,
    MALE,
    NONE,
    CountryNames,
    NameSet,
    default_faker_locale,
    faker_has_patronymics,
    is_faker_locale,
)

FILE = "demo.yaml"
NAME_LIST_KEYS = (
    "female_given_names",
    "male_given_names",
    "family_names",
    "female_family_names",
    "male_family_names",
)
NAME_KEYS = ("faker_locale", *NAME_LIST_KEYS, "patronymic", "patronymics")
KEYS = (*NAME_KEYS, "mixed_with", "roles")
MIXED_KEYS = ("share", *NAME_KEYS)
MAX_NAME_LENGTH = 100  # people.Person's name fields
LOCALE_EXAMPLES = ("az_AZ", "ru_RU", "en_US")
PATTERN_EXAMPLE = '{female: "{father} qızı", male: "{father} oğlu"}'


@dataclass(frozen=True)
class DemoPack:
    """What demo.yaml says, with the defaults filled in: every role has its list of agency kinds."""

    names: CountryNames = field(default_factory=CountryNames)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)


def default_roles() -> dict[str, tuple[str, ...]]:
    return {str(role): tuple(kinds) for role, kinds in ROLE_AGENCY_KINDS.items()}


def read(pack: Pack, problems: Problems) -> DemoPack:
    settings = pack.settings
    languages = [settings.get("default_language"), *(settings.get("languages") or [])]
    fallback = default_faker_locale([str(language) for language in languages if language], pack.code)
    demo = DemoPack(names=CountryNames(NameSet(faker_locale=fallback)), roles=default_roles())
    if not (pack.folder / FILE).exists():
        return demo
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return demo
    data, lines = loaded
    for key in data:
        if key not in KEYS:
            problems.add(FILE, lines.get(key), key, f"unknown key; the keys are {one_of(KEYS)}", found=key)
    reader = _Reader(problems, lines, fallback)
    main = reader.name_set(data, "", required=False)
    mixed = reader.mixed_with(data.get("mixed_with"), "mixed_with" in data)
    roles = demo.roles | reader.roles(data.get("roles"), "roles" in data, _agency_kinds(pack))
    return DemoPack(names=CountryNames(main, mixed), roles=roles)


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    """Nothing to store: seed_demo reads demo.yaml from the pack when it runs."""


def demo_of(code: str) -> DemoPack:
    """The demo section of the country's pack folder; raises PackInvalid when the pack is not valid."""
    return read_pack(code).sections[SECTION.name]


def _agency_kinds(pack: Pack) -> list[str] | None:
    """The codes of agency_kinds.csv (the loader reads the core before the sections); None when it has no rows, a
    problem the core reports."""
    return [row["code"] for row in pack.agency_kinds if row.get("code")] or None


class _Reader:
    """Checks the parts of demo.yaml, reporting each problem with its line, key and the value found."""

    def __init__(self, problems: Problems, lines: dict[str, int], fallback: str) -> None:
        self.problems = problems
        self.lines = lines
        self.fallback = fallback

    def add(self, key: str, message: str, found: Any) -> None:
        line = self.lines.get(key) or self.lines.get(key.rpartition(".")[0])
        self.problems.add(FILE, line, key, message, found=found)

    def name_set(self, data: dict[str, Any], prefix: str, *, required: bool) -> NameSet:
        """The names of `data` (the top level or one entry of mixed_with, whose keys start with `prefix`)."""
        if required and not any(key in data for key in ("faker_locale", *NAME_LIST_KEYS)):
            self.add(
                prefix.rstrip("."),
                f"expected faker_locale or name lists ({one_of(NAME_LIST_KEYS)})",
                found=data,
            )
        locale = self.fallback
        if "faker_locale" in data:
            value = data["faker_locale"]
            if is_faker_locale(value):
                locale = value
            else:
                close = difflib.get_close_matches(str(value), FAKER_LOCALES, n=3)
                self.add(
                    f"{prefix}faker_locale",
                    f"expected a locale Faker has names for, such as {one_of(close or LOCALE_EXAMPLES)}",
                    found=value,
                )
        lists = {key: self.name_list(data[key], f"{prefix}{key}") for key in NAME_LIST_KEYS if key in data}
        if "family_names" in lists and ({"female_family_names", "male_family_names"} & set(lists)):
            self.add(
                f"{prefix}family_names",
                "expected either family_names (the same for both sexes) or female_family_names and "
                "male_family_names, not both",
                found=data["family_names"],
            )
        shared = lists.get("family_names", ())
        given = {FEMALE: lists.get("female_given_names", ()), MALE: lists.get("male_given_names", ())}
        family = {
            FEMALE: lists.get("female_family_names", shared),
            MALE: lists.get("male_family_names", shared),
        }
        return NameSet(
            faker_locale=locale,
            given_names={sex: names for sex, names in given.items() if names},
            family_names={sex: names for sex, names in family.items() if names},
            patronymic=self.patronymic(data, prefix, locale),
            patronymics=self.patronymics(data, prefix),
        )

    def name_list(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.add(key, "expected a list of at least one name, e.g. [Aynur, Leyla]", found=value)
            return ()
        names: list[str] = []
        for index, name in enumerate(value):
            if not self.is_name(name):
                self.add(f"{key}.{index}", f"expected a name of 1 to {MAX_NAME_LENGTH} characters", found=name)
            elif name.strip() in names:
                self.add(f"{key}.{index}", "expected each name once; this one is listed twice", found=name)
            else:
                names.append(name.strip())
        return tuple(names)

    @staticmethod
    def is_name(value: Any) -> bool:
        return isinstance(value, str) and 0 < len(value.strip()) <= MAX_NAME_LENGTH

    def patronymic(self, data: dict[str, Any], prefix: str, locale: str) -> str | dict[str, str]:
        key = f"{prefix}patronymic"
        if "patronymic" not in data:
            return FAKER
        value = data["patronymic"]
        if value == NONE:
            return NONE
        if value == FAKER:
            if not faker_has_patronymics(locale):
                self.add(
                    key,
                    f"Faker has no patronymics for {locale}; expected {NONE} or a pattern, {PATTERN_EXAMPLE}",
                    found=value,
                )
            return FAKER
        if (
            isinstance(value, dict)
            and set(value) == {FEMALE, MALE}
            and all(isinstance(pattern, str) and _formats(pattern) for pattern in value.values())
        ):
            return {FEMALE: value[FEMALE], MALE: value[MALE]}
        self.add(
            key,
            f"expected {NONE}, {FAKER} (ru_RU, uk_UA) or a pattern for each sex with the father's given name as "
            f"{{father}}, {PATTERN_EXAMPLE}",
            found=value,
        )
        return NONE

    def patronymics(self, data: dict[str, Any], prefix: str) -> dict[str, dict[str, str]]:
        key = f"{prefix}patronymics"
        value = data.get("patronymics")
        if "patronymics" not in data:
            return {}
        if not isinstance(value, dict) or not value:
            self.add(
                key,
                "expected the fathers' given names with the patronymic of each sex, e.g. "
                "{Serik: {male: Serikovich, female: Serikovna}}",
                found=value,
            )
            return {}
        result: dict[str, dict[str, str]] = {}
        for father, forms in value.items():
            if (
                not isinstance(forms, dict)
                or set(forms) != {FEMALE, MALE}
                or not all(self.is_name(form) for form in forms.values())
            ):
                self.add(f"{key}.{father}", "expected the patronymic of each sex, {male: …, female: …}", found=forms)
                continue
            result[str(father)] = {FEMALE: forms[FEMALE].strip(), MALE: forms[MALE].strip()}
        return result

    def mixed_with(self, value: Any, present: bool) -> tuple[tuple[float, NameSet], ...]:
        if not present:
            return ()
        if not isinstance(value, list) or not value:
            self.add(
                "mixed_with",
                "expected a list of other name sets, each with its share, e.g. [{share: 0.25, faker_locale: ru_RU}]",
                found=value,
            )
            return ()
        mixed: list[tuple[float, NameSet]] = []
        for index, entry in enumerate(value):
            key = f"mixed_with.{index}"
            if not isinstance(entry, dict):
                self.add(key, "expected share and the names, e.g. {share: 0.25, faker_locale: ru_RU}", found=entry)
                continue
            for extra in entry:
                if extra not in MIXED_KEYS:
                    self.add(f"{key}.{extra}", f"unknown key; the keys are {one_of(MIXED_KEYS)}", found=extra)
            share = entry.get("share")
            if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share < 1:
                self.add(
                    f"{key}.share",
                    "expected the share of the persons with these names, a number between 0 and 1 (0.25: a quarter)",
                    found=entry.get("share"),
                )
                share = 0
            names = self.name_set(entry, f"{key}.", required=True)
            if share:
                mixed.append((float(share), names))
        total = sum(share for share, _ in mixed)
        if total >= 1:
            self.add(
                "mixed_with",
                "expected shares that add up to less than 1: the rest of the persons get the main names",
                found=round(total, 4),
            )
        return tuple(mixed)

    def roles(self, value: Any, present: bool, kinds: list[str] | None) -> dict[str, tuple[str, ...]]:
        if not present:
            return {}
        if not isinstance(value, dict):
            self.add("roles", "expected the agency kinds of each role, e.g. {caseworker: [police]}", found=value)
            return {}
        roles: dict[str, tuple[str, ...]] = {}
        for role, role_kinds in value.items():
            key = f"roles.{role}"
            if role not in Role.values:
                self.add(key, f"unknown role; expected {one_of(Role.values)}", found=role)
                continue
            if not isinstance(role_kinds, list) or not role_kinds:
                self.add(
                    key,
                    "expected a list of agency kinds of agency_kinds.csv, the first that has an agency wins",
                    found=role_kinds,
                )
                continue
            valid = True
            for index, kind in enumerate(role_kinds):
                if kinds is not None and kind not in kinds:
                    valid = False
                    self.add(
                        f"{key}.{index}", f"unknown agency kind; agency_kinds.csv has {one_of(kinds or ['…'])}", kind
                    )
            if valid:
                roles[str(role)] = tuple(str(kind) for kind in role_kinds)
        return roles


def _formats(pattern: str) -> bool:
    """Whether a patronymic pattern uses {father} and nothing else in braces."""
    try:
        return "{father}" in pattern and bool(pattern.format(father="X").strip())
    except (KeyError, IndexError, ValueError):
        return False


SECTION = PackSection(name="demo", files=(FILE,), read=read, apply=apply)

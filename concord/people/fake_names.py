"""Fake person names for demo data: the engine that draws them from the name lists it is given, with Faker for
whatever the lists leave out.

The lists are country data and live in the country packs (``concord/countries/<code>/demo.yaml``, read by the cases
app's demo section): a pack gives a Faker locale, curated lists of given and family names by sex, a patronymic rule,
or any mix of them, and other naming traditions drawn for a share of the persons (Russian names in Azerbaijan).
Curated lists fill Faker's gaps: its ``sq_AL`` falls back to English names and it has no ``kk_KZ`` at all.

Every draw uses only the ``random.Random`` it is given (Faker is re-seeded from it for each person), so a fixed seed
gives the same names every time. This module does not touch the database.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from faker import Faker
from faker.config import AVAILABLE_LOCALES

FEMALE = "female"
MALE = "male"
SEXES = (FEMALE, MALE)

DEFAULT_FAKER_LOCALE = "en_US"
FAKER_LOCALES: tuple[str, ...] = tuple(AVAILABLE_LOCALES)

# NameSet.patronymic: Faker's patronymics where its locale has them (ru_RU, uk_UA), or none at all; a mapping of
# sex to a pattern builds the patronymic from the father's given name instead ({male: "{father} oğlu"}).
FAKER = "faker"
NONE = "none"


def _check_sex(sex: str) -> str:
    if sex not in SEXES:
        raise ValueError(f"sex must be {FEMALE!r} or {MALE!r}, not {sex!r}")
    return sex


@dataclass(frozen=True)
class NameSet:
    """One naming tradition: the lists where they are given, Faker's `faker_locale` for the parts they leave out.

    `given_names` and `family_names` map a sex to its list. A patronymic comes from `patronymics` (the father's given
    name -> sex -> patronymic) when it lists the father, else from the `patronymic` pattern of the sex
    ("{father} qızı"); with neither, `patronymic` FAKER takes Faker's patronymics where the locale has them and NONE
    gives none. The father is a male given name drawn like any other.
    """

    faker_locale: str = DEFAULT_FAKER_LOCALE
    given_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    family_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    patronymic: str | Mapping[str, str] = FAKER
    patronymics: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CountryNames:
    """A country's names: `main`, and other traditions each drawn for its share (0 to 1) of the persons."""

    main: NameSet = field(default_factory=NameSet)
    mixed_with: tuple[tuple[float, NameSet], ...] = ()

    def pick(self, rng: random.Random) -> NameSet:
        if not self.mixed_with:
            return self.main
        draw = rng.random()
        for share, names in self.mixed_with:
            if draw < share:
                return names
            draw -= share
        return self.main


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def is_faker_locale(locale: object) -> bool:
    return isinstance(locale, str) and locale in FAKER_LOCALES


@cache
def faker_has_patronymics(locale: str) -> bool:
    """Whether Faker's locale has patronymics (its "middle names" by sex: ru_RU, uk_UA)."""
    return hasattr(_faker(locale), "middle_name_female") and hasattr(_faker(locale), "middle_name_male")


def default_faker_locale(languages: Iterable[str], country: str) -> str:
    """The Faker locale of the first of `languages` Faker has (the country's own variant first), else en_US."""
    for language in languages:
        for locale in (f"{language}_{country.upper()}", f"{language}_{language.upper()}"):
            if locale in FAKER_LOCALES:
                return locale
        if language == "en":
            return DEFAULT_FAKER_LOCALE
        variants = sorted(locale for locale in FAKER_LOCALES if locale.split("_")[0] == language)
        if variants:
            return variants[0]
    return DEFAULT_FAKER_LOCALE


class _Draw:
    """One person's names from a name set; Faker is seeded from the rng only when a part needs it."""

    def __init__(self, names: NameSet, rng: random.Random) -> None:
        self.names = names
        self.rng = rng
        self._fake: Faker | None = None

    def _faker(self) -> Faker:
        if self._fake is None:
            self._fake = _faker(self.names.faker_locale)
            self._fake.seed_instance(self.rng.randrange(2**32))
        return self._fake

    def given_name(self, sex: str) -> str:
        listed = self.names.given_names.get(sex)
        if listed:
            return self.rng.choice(listed)
        fake = self._faker()
        # Faker's az_AZ male list has entries with a trailing space ("Ramiz "), hence the strip().
        return (fake.first_name_female() if sex == FEMALE else fake.first_name_male()).strip()

    def family_name(self, sex: str) -> str:
        listed = self.names.family_names.get(sex)
        if listed:
            return self.rng.choice(listed)
        fake = self._faker()
        return (fake.last_name_female() if sex == FEMALE else fake.last_name_male()).strip()

    def patronymic(self, sex: str) -> str:
        names = self.names
        pattern = names.patronymic if isinstance(names.patronymic, Mapping) else None
        if names.patronymics or pattern:
            father = self.given_name(MALE)
            listed = names.patronymics.get(father, {}).get(sex)
            if listed:
                return listed
            return pattern[sex].format(father=father).strip() if pattern else ""
        if names.patronymic == FAKER and faker_has_patronymics(names.faker_locale):
            fake = self._faker()
            return (fake.middle_name_female() if sex == FEMALE else fake.middle_name_male()).strip()
        return ""


def person_names(names: NameSet, sex: str, rng: random.Random) -> dict[str, str]:
    """A fake person's ``given_name``, ``family_name`` and ``patronymic`` ("" where the name set has none)."""
    _check_sex(sex)
    draw = _Draw(names, rng)
    given = draw.given_name(sex)
    family = draw.family_name(sex)
    patronymic = draw.patronymic(sex)
    return {"given_name": given, "family_name": family, "patronymic": patronymic}


def country_person_names(names: CountryNames, sex: str, rng: random.Random) -> dict[str, str]:
    """Names for someone in a country: one of its name sets picked by their shares, then `person_names`."""
    return person_names(names.pick(rng), _check_sex(sex), rng)

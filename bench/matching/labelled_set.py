"""The labelled set for person matching: invented people of Azerbaijan, Kazakhstan and Albania, each registered by one
to four clerks the way police, health, social, NGO and school clerks type names there, and which records are the
same person.

Names come from the demo name lists of the country packs (Faker's Azerbaijani and Russian names, the hand-written
Kazakh and Albanian lists). A clerk writes a name in a script and a romanisation (Azerbaijani Latin, Russian
Cyrillic, a passport's Latin, Latin without the special letters, Kazakh Cyrillic, Kazakh Latin of 2021, Albanian
with or without ë and ç, definite or indefinite forms), puts the patronymic in its field, after the name or
nowhere, and sometimes makes a typo, swaps the day and month of the birth date, types the year one off or leaves
the date out. Hard negatives are drawn on purpose: siblings (same family and father), twins (same birth date too)
and namesakes (same given and family name, another father and year).

    python bench/matching/labelled_set.py            # writes bench/matching/labelled_set.csv

The file is committed with the code that made it; the seed makes it the same every time.
"""

from __future__ import annotations

import csv
import datetime
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "labelled_set.csv"
SEED = 20261202
PEOPLE_PER_COUNTRY = 1500
FIELDS = (
    "record",
    "person",
    "country",
    "clerk",
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "national_id",
    "phone",
)


@dataclass(frozen=True)
class Person:
    key: int
    country: str
    sex: str
    given: str
    family: str
    patronymic: str
    birth: datetime.date
    national_id: str
    phone: str
    russian: bool  # named in the Russian tradition (in Cyrillic) rather than the country's own


# ---- scripts and romanisations --------------------------------------------------------------------------------------


def _table(text: str, table: dict[str, str]) -> str:
    out = []
    for index, letter in enumerate(text):
        lower = "i" if letter == "İ" else letter.lower()
        mapped = table.get(lower, lower)
        if callable(mapped):
            mapped = mapped(text, index)
        out.append(mapped.capitalize() if letter.isupper() and mapped else mapped)
    return "".join(out)


def _after_vowel_or_start(vowels: str, yes: str, no: str) -> Callable[[str, int], str]:
    return lambda text, index: yes if index == 0 or text[index - 1].lower() in vowels else no


AZ_TO_RU = {
    "a": "а", "b": "б", "c": "дж", "ç": "ч", "d": "д", "e": _after_vowel_or_start("aeiouəıöü", "э", "е"), "ə": "а",
    "f": "ф", "g": "г", "ğ": "г", "h": "г", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л",
    "m": "м", "n": "н", "o": "о", "ö": "ё", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ü": "ю",
    "v": "в", "y": "й", "z": "з",
}  # fmt: skip
AZ_PASSPORT = {"ə": "a", "ş": "sh", "ç": "ch", "c": "j", "x": "kh", "q": "g", "ğ": "gh", "ı": "i", "ö": "o", "ü": "u",
               "j": "zh"}  # fmt: skip
AZ_PLAIN = {"ə": "e", "ş": "s", "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ü": "u"}
RU_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
RU_OLD = RU_ICAO | {
    "е": _after_vowel_or_start("аеёиоуыэюяәөұүі", "ye", "e"), "й": "y", "ю": "yu", "я": "ya", "х": "h", "ж": "j",
    "ъ": "",
}  # fmt: skip
RU_TO_AZ = {
    "а": "a", "б": "b", "в": "v", "г": "q", "д": "d", "е": _after_vowel_or_start("аеёиоуыэюя", "ye", "e"), "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şç", "ъ": "", "ы": "ı",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
KZ_TO_RU = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
KZ_LATIN_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j", "з": "z",
    "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch",
    "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
AL_PLAIN = {"ë": "e", "ç": "c"}


def _az_to_russian(text: str) -> str:
    """Russian spelling of an Azerbaijani name: y before a vowel joins it (Yusif -> Юсиф), the rest letter by letter."""
    for latin, cyrillic in (("yu", "ю"), ("yü", "ю"), ("ya", "я"), ("yə", "я"), ("ye", "е"), ("yo", "ё")):
        text = text.replace(latin, cyrillic).replace(latin.capitalize(), cyrillic.upper())
    return _table(text, AZ_TO_RU)


def _kz_patronymic_kazakh(patronymic: str, sex: str) -> str:
    """Жандосовна -> Жандосқызы: the Kazakh form of a Russian-style patronymic."""
    for ending in ("овна", "евна", "ович", "евич"):
        if patronymic.endswith(ending):
            return patronymic[: -len(ending)] + ("қызы" if sex == "female" else "ұлы")
    return patronymic


def _soft_l(name: str, rng: random.Random) -> str:
    return name + "ь" if name.endswith("л") and rng.random() < 0.6 else name


def _albanian_form(name: str, rng: random.Random) -> str:
    """The other of the definite and indefinite forms: Drita/Dritë, Ilir/Iliri, Hoxha/Hoxhaj."""
    if name.endswith("a") and rng.random() < 0.5:
        return name[:-1] + "ë"
    if name.endswith("ë"):
        return name[:-1] + "a"
    if name.endswith("i"):
        return name[:-1]
    if name[-1:] not in "aeiouë":
        return name + "i"
    return name


# ---- clerks ----------------------------------------------------------------------------------------------------------

Written = dict[str, str]


def _names(person: Person, given: str, family: str, patronymic: str, rng: random.Random, style: str) -> Written:
    """Where the clerk puts each part: the fields as meant, the patronymic left out, or the whole name in one."""
    roll = rng.random()
    if roll < 0.25:
        patronymic = ""
    if style == "one_field" or (style == "any" and roll > 0.9):
        return {"given_name": " ".join(p for p in (family, given, patronymic) if p), "family_name": "",
                "patronymic": ""}  # fmt: skip
    if style == "swapped" or (style == "any" and 0.85 < roll <= 0.9):
        return {"given_name": family, "family_name": given, "patronymic": patronymic}
    return {"given_name": given, "family_name": family, "patronymic": patronymic}


def _az_clerk(person: Person, clerk: str, rng: random.Random) -> Written:
    g, f, p = person.given, person.family, person.patronymic
    if person.russian:
        table = {"police": RU_TO_AZ, "ngo": RU_ICAO, "school": RU_OLD}.get(clerk)
        if table:
            g, f, p = (_table(x, table) for x in (g, f, p))
        return _names(person, g, f, p, rng, "any")
    if clerk == "health":
        g, f = _az_to_russian(g), _az_to_russian(f)
        father, _, word = p.partition(" ")
        p = _az_to_russian(father) + (" кызы" if person.sex == "female" else " оглы") if rng.random() < 0.7 else ""
        if rng.random() < 0.5:
            # Russian spelling of ə as е after a consonant (Məmmədova -> Мамедова) and a doubled letter halved.
            g, f = (x.replace("мм", "м").replace("лл", "л") for x in (g, f))
    elif clerk == "ngo":
        g, f, p = (_table(x, AZ_PASSPORT).upper() for x in (g, f, p))
    elif clerk == "school":
        g, f, p = (_table(x, AZ_PLAIN) for x in (g, f, p))
    elif clerk == "social" and rng.random() < 0.5:
        g, f, p = g.upper(), f.upper(), p.upper()
    return _names(person, g, f, p, rng, "one_field" if clerk == "social" and rng.random() < 0.3 else "any")


def _kz_clerk(person: Person, clerk: str, rng: random.Random) -> Written:
    g, f, p = person.given, person.family, person.patronymic
    if clerk == "police" and not person.russian:
        p = _kz_patronymic_kazakh(p, person.sex) if rng.random() < 0.5 else p
    elif clerk == "health":
        g, f, p = (_table(x, KZ_TO_RU) for x in (g, f, p))
        g = _soft_l(g, rng) if person.sex == "female" else g
    elif clerk == "ngo":
        g, f, p = (_table(x, RU_ICAO).upper() for x in (g, f, p))
    elif clerk == "school":
        g, f, p = (_table(x, KZ_LATIN_2021) for x in (g, f, p))
    elif clerk == "social":
        g, f, p = (_table(x, RU_OLD) for x in (g, f, p))
    return _names(person, g, f, p, rng, "any")


def _al_clerk(person: Person, clerk: str, rng: random.Random) -> Written:
    g, f = person.given, person.family
    if clerk in ("police", "social") and rng.random() < 0.4:
        g = _albanian_form(g, rng)
    if clerk == "health" and rng.random() < 0.3:
        f = _albanian_form(f, rng)
    if clerk in ("school", "ngo"):
        g, f = _table(g, AL_PLAIN), _table(f, AL_PLAIN)
    if clerk == "ngo":
        g, f = g.upper(), f.upper()
    # Albanian records keep the father's name in a field of its own; some clerks write it.
    father = person.patronymic if rng.random() < 0.5 else ""
    return _names(person, g, f, father, rng, "any")


CLERKS = ("police", "health", "social", "ngo", "school")
BY_COUNTRY = {"az": _az_clerk, "kz": _kz_clerk, "al": _al_clerk}


def _typo(text: str, rng: random.Random) -> str:
    """One slip of the keyboard: a letter dropped, doubled, swapped with the next or replaced by another of the word."""
    if len(text) < 4:
        return text
    index = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return text[:index] + text[index + 1 :]
    if kind == "double":
        return text[:index] + text[index] + text[index:]
    if kind == "swap":
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    letters = [c for c in text.lower() if c.isalpha()]
    return text[:index] + rng.choice(letters) + text[index + 1 :]


def _birth_written(birth: datetime.date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.10:
        return ""
    if roll < 0.17 and birth.day <= 12 and birth.day != birth.month:
        return birth.replace(month=birth.day, day=birth.month).isoformat()
    if roll < 0.22:
        year = birth.year + rng.choice((-1, 1))
        leap_day = (birth.month, birth.day) == (2, 29)  # 29 February of a year that has none: the 28th
        return birth.replace(year=year, day=28 if leap_day else birth.day).isoformat()
    return birth.isoformat()


def _phone_written(phone: str, rng: random.Random) -> str:
    if not phone or rng.random() < 0.6:
        return ""
    return rng.choice((phone, phone.replace("+", "00"), "0" + phone[-9:], f"{phone[:4]} {phone[4:6]} {phone[6:]}"))


# ---- people and their relatives -------------------------------------------------------------------------------------


def _people(country: str, rng: random.Random) -> list[Person]:
    sys.path.insert(0, str(HERE.parent.parent))
    from concord.cases.demo_pack import demo_of
    from concord.people.fake_names import country_person_names

    names = demo_of(country).names
    prefix = {"az": "+99450", "kz": "+7701", "al": "+35569"}[country]
    people: list[Person] = []

    def new(sex: str, **fixed) -> Person:
        drawn = country_person_names(names, sex, rng)
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 58))
        values = {
            "given": drawn["given_name"],
            "family": drawn["family_name"],
            "patronymic": drawn["patronymic"] or (country_person_names(names, "male", rng)["given_name"]),
            "birth": birth,
            "russian": any("а" <= c <= "я" for c in drawn["given_name"].lower()) and country == "az",
        } | fixed
        person = Person(
            key=len(people) + 1,
            country=country,
            sex=sex,
            national_id=f"{country.upper()}{rng.randrange(10**9):09d}" if rng.random() < 0.5 else "",
            phone=f"{prefix}{rng.randrange(10**7):07d}" if rng.random() < 0.6 else "",
            **values,
        )
        people.append(person)
        return person

    while len(people) < PEOPLE_PER_COUNTRY:
        person = new(rng.choice(("female", "female", "female", "male")))
        roll = rng.random()
        if roll < 0.25:  # a sibling: same family and father, another given name, a few years apart
            sibling = new(person.sex, family=person.family, patronymic=person.patronymic, russian=person.russian)
            people[-1] = replace(sibling, birth=person.birth + datetime.timedelta(days=rng.randrange(400, 3000)))
        elif roll < 0.30:  # a twin: the same birth date too
            new(person.sex, family=person.family, patronymic=person.patronymic, birth=person.birth,
                russian=person.russian)  # fmt: skip
        elif roll < 0.38:  # a namesake: same given and family name, another father and year
            new(person.sex, given=person.given, family=person.family, russian=person.russian,
                birth=person.birth + datetime.timedelta(days=rng.randrange(-9000, 9000)))  # fmt: skip
    return people


def records(seed: int = SEED, per_country: int = PEOPLE_PER_COUNTRY) -> list[dict[str, str]]:
    global PEOPLE_PER_COUNTRY
    PEOPLE_PER_COUNTRY = per_country
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for country in ("az", "kz", "al"):
        for person in _people(country, rng):
            count = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
            for clerk in rng.sample(CLERKS, count):
                written = BY_COUNTRY[country](person, clerk, rng)
                if rng.random() < 0.15:
                    part = rng.choice([k for k, v in written.items() if len(v) >= 4] or ["given_name"])
                    written[part] = _typo(written[part], rng)
                rows.append(
                    {
                        "record": str(len(rows) + 1),
                        "person": f"{country}-{person.key}",
                        "country": country,
                        "clerk": clerk,
                        **written,
                        "birth_date": _birth_written(person.birth, rng),
                        "national_id": person.national_id if clerk in ("police", "health") else "",
                        "phone": _phone_written(person.phone, rng),
                    }
                )
    return rows


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    sys.path.insert(0, str(HERE.parent.parent))
    django.setup()
    rows = records()
    with OUTPUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    people = len({row["person"] for row in rows})
    print(f"{len(rows)} records of {people} people written to {OUTPUT.relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()

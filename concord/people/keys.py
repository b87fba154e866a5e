"""Phonetic keys of names, tuned for the Turkic, Slavic and Albanian names of Concord's countries, and the blind-index
tokens that let the matcher find candidates without decrypting the table.

A key is a name's consonant skeleton in sound classes, after `fold`: the classes merge the letters one language
writes where another hears the same sound (Azerbaijani h, q, x and ğ are Russian г, к and х; c is дж; j is ж),
vowels go (ə, а, е, и, ы differ across spellings of one name) but for a leading one, and a repeated class counts
once (Məmmədova, Мамедова). A letter whose sound depends on the language it was written in (j is ж in Azerbaijani,
дж in English, й in Albanian) gives one key per reading, a few at most.

A person's tokens are HMACs (with the blind-index key) of two name words' keys and a birth year, for every pair of
her words and the father's name: a candidate shares a token when two of her names sound alike and the year fits,
whichever field each was typed in and whatever became of the third. Each pair is stored with the birth year and
with none, so a record or a search without a date still finds it.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
from collections.abc import Iterable

from concord.common.blind_index import blind_index
from concord.common.names import NameParts

# Longest first: the digraphs and trigraphs of passports and of Albanian.
_GRAPHS = (
    ("shch", "S"), ("dzh", "C"), ("tch", "C"), ("sch", "S"),
    ("sh", "S"), ("ch", "C"), ("zh", "Z"), ("kh", "K"), ("gh", "K"), ("gj", "C"), ("xh", "C"), ("dj", "C"),
    ("ts", "C"), ("tz", "C"), ("ph", "V"), ("th", "D"), ("ck", "K"), ("ll", "L"), ("rr", "R"), ("nj", "N"),
)  # fmt: skip
_SINGLE = {
    "b": "B", "p": "B", "f": "V", "v": "V", "w": "V", "d": "D", "t": "D", "g": "K", "k": "K", "q": "K", "h": "K",
    "l": "L", "m": "M", "n": "N", "r": "R", "s": "S", "z": "Z",
}  # fmt: skip
# Letters read differently by language: every reading is a key ("" is a vowel-like reading, dropped).
_AMBIGUOUS = {"j": ("Z", "C", ""), "c": ("C", "K"), "x": ("K", "KS")}
KEY_LENGTH = 4
MAX_KEYS = 6


def _readings(word: str, choice: dict[str, str]) -> list[str]:
    """The word as its sound classes ("" for a vowel), ambiguous letters read as `choice` says."""
    sounds: list[str] = []
    index = 0
    while index < len(word):
        for graph, sound in _GRAPHS:
            if word.startswith(graph, index):
                sounds.append(sound)
                index += len(graph)
                break
        else:
            letter = word[index]
            sounds.append(choice[letter] if letter in _AMBIGUOUS else _SINGLE.get(letter, ""))
            index += 1
    return sounds


def _collapse(sounds: Iterable[str], start: str = "") -> str:
    """The sounds with a repeated one written once (Məmmədova's "mm" is one M)."""
    out = start
    for sound in sounds:
        if not out or out[-1] != sound:
            out += sound
    return out


def _skeleton(sounds: list[str]) -> str:
    """Consonant classes only, a leading vowel as "A"."""
    return _collapse("".join(sounds), "A" if sounds and sounds[0] == "" else "")[:KEY_LENGTH]


def _choices(word: str) -> list[dict[str, str]]:
    """Each way of reading the word's ambiguous letters: one reading per letter for the whole word, since a word
    is written in one language."""
    letters = [letter for letter in _AMBIGUOUS if letter in word]
    return [
        dict(zip(letters, readings, strict=True)) for readings in itertools.product(*(_AMBIGUOUS[x] for x in letters))
    ]


def phonetic_keys(word: str) -> list[str]:
    """The keys of one folded name word, most likely reading first; at most MAX_KEYS."""
    keys: list[str] = []
    for choice in _choices(word) if word else []:
        key = _skeleton(_readings(word, choice))
        if key and key not in keys:
            keys.append(key)
    return keys[:MAX_KEYS]


def name_word_keys(parts: NameParts) -> list[list[str]]:
    """The keys of each name word and of the father's name (the words that are not just an initial)."""
    words = [word for word in (*parts.words, parts.father) if len(word) > 1]
    return [keys for keys in (phonetic_keys(word) for word in words[:5]) if keys]


def _pair_tokens(word_keys: list[list[str]], years: Iterable[str]) -> set[str]:
    tokens: set[str] = set()
    years = list(years)
    for first, second in itertools.combinations(word_keys, 2):
        for a, b in itertools.product(first, second):
            low, high = sorted((a, b))
            for year in years:
                tokens.add(blind_index("match", f"{low}|{high}|{year}")[:TOKEN_LENGTH])
    return tokens


TOKEN_LENGTH = 20
# The year part of a token: a person's birth year, NO_YEAR for a record without one, ANY_YEAR (stored for all)
# for a search that has none.
NO_YEAR = "none"
ANY_YEAR = "any"


def _date_tokens(word_keys: list[list[str]], days: Iterable[datetime.date]) -> set[str]:
    """One name word's key with a full birth date: found again when the other names were mistyped."""
    written = [day.isoformat() for day in days]
    return {
        blind_index("match", f"{key}|{day}")[:TOKEN_LENGTH] for keys in word_keys[:4] for key in keys for day in written
    }


def _slips(day: datetime.date) -> list[datetime.date]:
    """The date as typed, with day and month swapped, and with the year one off."""
    days = [day]
    for year in (day.year - 1, day.year + 1):
        with contextlib.suppress(ValueError):  # 29 February
            days.append(day.replace(year=year))
    if day.day <= 12 and day.day != day.month:
        days.append(day.replace(month=day.day, day=day.month))
    return days


def person_tokens(parts: NameParts, birth_year: int | None, birth_date: datetime.date | None = None) -> set[str]:
    """The tokens stored for a person: every pair of her names' keys, with her birth year (or NO_YEAR) and with
    ANY_YEAR; with a birth date, each name's key with the date."""
    word_keys = name_word_keys(parts)
    tokens = _pair_tokens(word_keys, [str(birth_year) if birth_year else NO_YEAR, ANY_YEAR])
    if birth_date:
        tokens |= _date_tokens(word_keys[: len(parts.words)], [birth_date])
    return tokens


def search_tokens(parts: NameParts, birth_year: int | None, birth_date: datetime.date | None = None) -> set[str]:
    """The tokens a search looks up: with a year, that year and the one either side (a typed year is often off by
    one) and the records without a year; without one, every record of those names. With a date, each name's key
    with the date and its usual slips."""
    word_keys = name_word_keys(parts)
    years = [NO_YEAR, *(str(birth_year + delta) for delta in (-1, 0, 1))] if birth_year else [ANY_YEAR]
    tokens = _pair_tokens(word_keys, years)
    if birth_date:
        tokens |= _date_tokens(word_keys[: len(parts.words)], _slips(birth_date))
    return tokens


def sound_form(word: str) -> str:
    """The word in its sound classes with every vowel as "a", for comparing spellings: Məmmədova and Мамедова both
    read "MaDaVa". Ambiguous letters take their first reading."""
    first = {letter: readings[0] for letter, readings in _AMBIGUOUS.items()}
    return _collapse(sound or "a" for sound in _readings(word, first))

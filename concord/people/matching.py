"""Scoring two records of people: are they the same person?

The matcher compares what it decrypted of the candidates the tokens found (concord.people.keys): the names word by
word, in their folded and their sound forms, with rapidfuzz; the birth dates allowing a swapped day and month or a
year typed one off; the national ID and phone. Two thresholds split the score into "same person" and "possible";
they were set on the labelled set in bench/matching (see its README for the measurements).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from concord.common.names import NameParts, albanian_stem, name_parts, normalise_identifier, normalise_phone
from concord.people.keys import sound_form

SAME = 0.86
POSSIBLE = 0.68


@dataclass(frozen=True)
class Identity:
    """What the matcher compares of a person or of what a user typed, normalised."""

    parts: NameParts
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    national_id: str = ""
    phone: str = ""


def identity(
    *,
    given_name: str = "",
    family_name: str = "",
    patronymic: str = "",
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    national_id: str = "",
    phone: str = "",
) -> Identity:
    return Identity(
        parts=name_parts(given_name, family_name, patronymic),
        birth_date=birth_date,
        birth_year=birth_date.year if birth_date else birth_year,
        national_id=normalise_identifier(national_id) if national_id else "",
        phone=normalise_phone(phone) if phone else "",
    )


def word_similarity(a: str, b: str) -> float:
    """0..1: the better of the spelling and the sound comparison, an Albanian ending set aside."""
    if a == b:
        return 1.0
    spelled = Levenshtein.normalized_similarity(a, b)
    sounded = Levenshtein.normalized_similarity(sound_form(a), sound_form(b))
    stems = Levenshtein.normalized_similarity(albanian_stem(a), albanian_stem(b))
    return max(spelled, sounded, stems * 0.97)


def name_similarity(a: NameParts, b: NameParts) -> float:
    """0..1: the words paired best first; a word one record has and the other lacks costs a little, a father's
    name that differs costs more (siblings share it, namesakes do not)."""
    pairs = sorted(
        ((word_similarity(x, y), i, j) for i, x in enumerate(a.words) for j, y in enumerate(b.words)), reverse=True
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched: list[float] = []
    for similarity, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matched.append(similarity)
    if not matched:
        return 0.0
    # Every name must agree: a sibling or twin shares the family and father's names and differs in one word.
    score = 0.4 * sum(matched) / len(matched) + 0.6 * min(matched)
    unmatched = max(len(a.words), len(b.words)) - len(matched)
    score -= 0.04 * unmatched
    # The same father's name is no evidence (siblings share it); a different one is.
    if a.father and b.father and word_similarity(a.father, b.father) < 0.75:
        score -= 0.25
    return max(0.0, min(1.0, score))


def date_agreement(a: Identity, b: Identity) -> float | None:
    """1 for the same date, less for the usual slips, None when either lacks one."""
    if a.birth_date and b.birth_date:
        x, y = a.birth_date, b.birth_date
        if x == y:
            return 1.0
        if (x.day, x.month, x.year) == (y.month, y.day, y.year):
            return 0.9
        if (x.month, x.day) == (y.month, y.day) and abs(x.year - y.year) == 1:
            return 0.8
        if x.year == y.year and (x.month == y.month or x.day == y.day):
            return 0.55
        return 0.0
    if a.birth_year and b.birth_year:
        return {0: 0.7, 1: 0.4}.get(abs(a.birth_year - b.birth_year), 0.0)
    return None


def score(a: Identity, b: Identity) -> float:
    if a.national_id and b.national_id:
        # A national ID belongs to one person (the register refuses a second one): equal settles it, different too.
        return 1.0 if a.national_id == b.national_id else 0.0
    names = name_similarity(a.parts, b.parts)
    dates = date_agreement(a, b)
    # Without a date the names alone must carry it, and never as far as "same person".
    total = names * 0.85 if dates is None else names * (0.6 + 0.4 * dates)
    if a.phone and a.phone == b.phone:
        total += 0.1
    return max(0.0, min(1.0, total))


def contradicts(a: Identity, b: Identity) -> bool:
    """Two records that cannot be one person: different national IDs, or full birth dates with nothing in common."""
    if a.national_id and b.national_id and a.national_id != b.national_id:
        return True
    return a.birth_date is not None and b.birth_date is not None and date_agreement(a, b) == 0.0


def set_aside(value: float, other: Identity, sure: Iterable[tuple[Identity, float]]) -> bool:
    """A record belongs to one person. A pair short of "same person" is set aside when one side has a record that
    is surely the same person (by a better score) and that record cannot be the other side: a namesake without a
    birth date then stops matching both the woman she is and a woman she cannot be. `sure` are the records surely
    the same as one side, with their scores; `other` is the far side of the pair."""
    return value < SAME and any(
        strength >= SAME and strength > value and contradicts(record, other) for record, strength in sure
    )


def band(value: float) -> str:
    return "same" if value >= SAME else "possible" if value >= POSSIBLE else ""

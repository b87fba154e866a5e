"""Reads of people. Exact matching goes through blind indexes; nothing here decrypts more rows than it returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from concord.common.blind_index import identifier_token, name_token, phone_token
from concord.people.keys import search_tokens
from concord.people.matching import SAME, Identity, band, identity, score, set_aside
from concord.people.models import Person, PersonMatchToken, PossibleDuplicate


def person_exact_matches(
    *,
    given_name: str = "",
    family_name: str = "",
    birth_date: datetime.date | None = None,
    national_id: str = "",
    phone: str = "",
) -> QuerySet[Person]:
    """People whose name and date of birth, national ID or phone match exactly after normalisation.

    The caller decides what to show of them: intake shows only that a match exists and in which case numbers
    the user may see, never another agency's data.
    """
    condition = Q(pk__in=[])
    if given_name and birth_date:
        full = " ".join(part for part in (given_name, family_name) if part)
        condition |= Q(name_key=name_token(full, birth_date.isoformat()))
    if national_id:
        condition |= Q(national_id_key=identifier_token(national_id))
    if phone:
        condition |= Q(phone_key=phone_token(phone))
    return Person.objects.filter(condition)


# At most this many candidates are decrypted for one search: the tokens are selective enough that a search at
# national scale finds a handful (bench/matching), and a name common enough to exceed it is refined by its date.
MAX_CANDIDATES = 60


@dataclass(frozen=True)
class Match:
    person: Person
    score: float
    band: str  # "same" or "possible"


def person_candidates(query: Identity, *, among: QuerySet | None = None) -> set[int]:
    """The ids of the people a search decrypts: those sharing the most match tokens with the query (at most
    MAX_CANDIDATES), and those with its national ID or phone. `among` (ids of people) narrows the search first,
    so that a common name searched for in one reader's cases is not crowded out by the country's namesakes."""
    tokens = search_tokens(query.parts, query.birth_year, query.birth_date)
    rows = PersonMatchToken.objects.filter(token__in=tokens)
    if among is not None:
        rows = rows.filter(person_id__in=among)
    # The people sharing the most tokens first: past MAX_CANDIDATES, those that sound least alike are left out.
    shared = rows.values("person_id").annotate(shared=Count("token"))
    candidate_ids = {row["person_id"] for row in shared.order_by("-shared", "person_id")[:MAX_CANDIDATES]}
    exact = person_exact_matches(national_id=query.national_id, phone=query.phone)
    return candidate_ids | set(exact.values_list("pk", flat=True)[:MAX_CANDIDATES])


def person_matches(
    query: Identity, *, among: QuerySet | None = None, excluding: int | None = None, one_person: bool = True
) -> list[Match]:
    """People who may be the one described, best first, scored after decrypting only the candidates. A record
    merged into another (found only by its ID or phone: its name tokens are gone) is scored on its own values and
    answered as the person it was merged into.

    With `one_person` the query describes one human being, so a candidate that a surer match, or a record the
    register already holds as surely the candidate's, shows to be someone else is left out (matching.set_aside).
    A search of the case list by a name lists every namesake instead. `excluding` leaves out the searcher's own
    record when a stored person is searched for."""
    scored = []
    people = Person.objects.filter(pk__in=person_candidates(query, among=among) - {excluding})
    for person in people.select_related("merged_into", "registered_by_agency"):
        candidate = identity_of(person)
        value = score(query, candidate)
        if band(value):
            scored.append((person, candidate, value))
    if one_person:
        sure = [(candidate, value) for _person, candidate, value in scored]
        known = _surely_the_same([person.pk for person, _candidate, value in scored if value < SAME], excluding)
        scored = [
            (person, candidate, value)
            for person, candidate, value in scored
            if not set_aside(value, candidate, sure) and not set_aside(value, query, known.get(person.pk, []))
        ]
    best: dict[int, Match] = {}
    for person, _candidate, value in scored:
        found = person.merged_into or person
        if found.pk not in best or value > best[found.pk].score:
            best[found.pk] = Match(person=found, score=value, band=band(value))
    return sorted(best.values(), key=lambda match: (-match.score, match.person.pk))


def _surely_the_same(person_ids: list[int], excluding: int | None) -> dict[int, list[tuple[Identity, float]]]:
    """For each person, the records the register already holds as surely hers: a pair the duplicate search found
    as "same person" and no supervisor dismissed, and the records merged into her. Decrypts only those."""
    if not person_ids:
        return {}
    links: dict[int, list[tuple[int, float]]] = {}
    pairs = PossibleDuplicate.objects.filter(
        Q(person_id__in=person_ids) | Q(candidate_id__in=person_ids), band="same", dismissed_at__isnull=True
    ).values_list("person_id", "candidate_id", "score")
    for low, high, value in pairs:
        for near, far in ((low, high), (high, low)):
            if near in person_ids and far != excluding:
                links.setdefault(near, []).append((far, value))
    for merged, kept in Person.objects.filter(merged_into__in=person_ids).values_list("pk", "merged_into_id"):
        if merged != excluding:
            links.setdefault(kept, []).append((merged, 1.0))
    records = {
        person.pk: identity_of(person)
        for person in Person.objects.filter(pk__in={far for found in links.values() for far, _value in found})
    }
    return {near: [(records[far], value) for far, value in found] for near, found in links.items()}


def identity_of(person: Person) -> Identity:
    return identity(
        given_name=person.given_name,
        family_name=person.family_name,
        patronymic=person.patronymic,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        national_id=person.national_id,
        phone=person.phone,
    )

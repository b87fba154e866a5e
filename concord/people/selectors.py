"""Reads of people. Exact matching goes through blind indexes; nothing here decrypts more rows than it returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from concord.common.blind_index import identifier_token, name_token, phone_token
from concord.people.keys import search_tokens
from concord.people.matching import Identity, band, identity, score
from concord.people.models import Person, PersonMatchToken


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


def person_matches(query: Identity, *, among: QuerySet | None = None) -> list[Match]:
    """People who may be the one described, best first, scored after decrypting only the candidates. A record
    merged into another (found only by its ID or phone: its name tokens are gone) is scored on its own values and
    answered as the person it was merged into."""
    best: dict[int, Match] = {}
    for person in Person.objects.filter(pk__in=person_candidates(query, among=among)).select_related(
        "merged_into", "registered_by_agency"
    ):
        value = score(query, identity_of(person))
        found = person.merged_into or person
        if band(value) and (found.pk not in best or value > best[found.pk].score):
            best[found.pk] = Match(person=found, score=value, band=band(value))
    return sorted(best.values(), key=lambda match: (-match.score, match.person.pk))


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

"""Person matching at national scale, on a database filled by `manage.py generate_national` (1,000,000 persons with
their match tokens):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/matching/national.py

Takes --sample persons at random, types each one's names in another script (Kazakh or Russian Cyrillic as a
passport's Latin, Latin as Russian Cyrillic) and searches for her as intake does: p50 and p95 of the whole search
(tokens, candidates decrypted, scoring), how many rows were decrypted per search and what share of the table that
is, and how often the person herself was found and came first. Without a birth date a search can only go by
the name, and the generated register draws its names from a pool of a few thousand: hundreds of people share
each full name, the search keeps the MAX_CANDIDATES that share most tokens, and she is one of many equals.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "matching"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from labelled_set import AZ_TO_RU, KZ_TO_RU, RU_ICAO, _table  # noqa: E402

from concord.people import selectors  # noqa: E402
from concord.people.matching import identity  # noqa: E402
from concord.people.models import Person  # noqa: E402
from concord.people.selectors import person_matches  # noqa: E402


def retyped(text: str) -> str:
    """The name as a clerk of the other script writes it."""
    if any("а" <= letter.lower() <= "я" or letter.lower() in "әғқңөұүһі" for letter in text):
        return _table(_table(text, KZ_TO_RU), RU_ICAO).upper()
    return _table(text, AZ_TO_RU)


def counting_decryptions() -> list[int]:
    """Every record the search turns into an identity is one it decrypted: the candidates and the records the
    register holds as surely theirs. Counted by wrapping that one function."""
    count = [0]
    decrypt = selectors.identity_of

    def counted(person):
        count[0] += 1
        return decrypt(person)

    selectors.identity_of = counted
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    total = Person.objects.count()
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(args.seed)
    chosen = []
    while len(chosen) < args.sample:
        person = Person.objects.filter(pk__gte=rng.randrange(1, highest)).order_by("pk").first()
        if person is not None and person.family_name:
            chosen.append(person)
    times, decrypted = [], []
    count = counting_decryptions()
    found: dict[bool, list[bool]] = {True: [], False: []}  # by whether she has a birth date
    first: dict[bool, list[bool]] = {True: [], False: []}
    for person in chosen:
        query = identity(
            given_name=retyped(person.given_name),
            family_name=retyped(person.family_name),
            patronymic=retyped(person.patronymic),
            birth_date=person.birth_date,
        )
        count[0] = 0
        start = time.perf_counter()
        matches = person_matches(query)
        times.append((time.perf_counter() - start) * 1000)
        decrypted.append(count[0])
        ids = [match.person.pk for match in matches]
        dated = person.birth_date is not None
        found[dated].append(person.pk in ids)
        first[dated].append(bool(ids) and ids[0] == person.pk)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{total:,} persons; {len(chosen)} searches with the names typed in another script")
    print(f"search time: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
    print(
        f"rows decrypted per search: mean {statistics.mean(decrypted):.1f}, max {max(decrypted)}; share of the table: "
        f"mean {statistics.mean(decrypted) / total:.5%}, max {max(decrypted) / total:.5%}"
    )
    for dated, label in ((True, "with a birth date"), (False, "without one")):
        if found[dated]:
            print(
                f"{label} ({len(found[dated])}): the person herself among the matches "
                f"{sum(found[dated]) / len(found[dated]):.1%}, first {sum(first[dated]) / len(first[dated]):.1%}"
            )


if __name__ == "__main__":
    main()

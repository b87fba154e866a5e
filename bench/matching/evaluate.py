"""Recall and precision of Concord's person matching on the labelled set, beside the tokens' selectivity.

    python bench/matching/evaluate.py [--sweep]

Each record is searched for among all the others as intake would: the search tokens find the candidates, only
those are scored. A pair of records of the same person counts as found when the score reaches the band.
"""

from __future__ import annotations

import csv
import datetime
import os
import statistics
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def load(path: Path = HERE / "labelled_set.csv") -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as source:
        return list(csv.DictReader(source))


def identity_of(row):
    from concord.people.matching import identity

    birth = datetime.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
    return identity(
        given_name=row["given_name"],
        family_name=row["family_name"],
        patronymic=row["patronymic"],
        birth_date=birth,
        national_id=row["national_id"],
        phone=row["phone"],
    )


def true_pairs(rows) -> set[tuple[int, int]]:
    by_person = defaultdict(list)
    for index, row in enumerate(rows):
        by_person[row["person"]].append(index)
    return {pair for indexes in by_person.values() for pair in combinations(sorted(indexes), 2)}


def concord_scores(rows):
    """{(i, j): score} for every pair a search proposes and the register keeps, the number of candidates per
    search, and every pair the searches proposed."""
    from concord.people.keys import person_tokens, search_tokens
    from concord.people.matching import score

    identities = [identity_of(row) for row in rows]
    index = defaultdict(set)
    for number, ident in enumerate(identities):
        for token in person_tokens(ident.parts, ident.birth_year, ident.birth_date):
            index[token].add(number)
    scores: dict[tuple[int, int], float] = {}
    candidates_per_search = []
    for number, ident in enumerate(identities):
        found = set()
        for token in search_tokens(ident.parts, ident.birth_year, ident.birth_date):
            found |= index.get(token, set())
        # A national ID or phone is looked up exactly, as the blind indexes do.
        found.discard(number)
        candidates_per_search.append(len(found))
        for other in found:
            pair = (min(number, other), max(number, other))
            if pair not in scores:
                scores[pair] = score(ident, identities[other])
    exact = defaultdict(set)
    for number, ident in enumerate(identities):
        for key in (("id", ident.national_id), ("phone", ident.phone)):
            if key[1]:
                exact[key].add(number)
    for numbers in exact.values():
        for pair in combinations(sorted(numbers), 2):
            if pair not in scores:
                scores[pair] = score(identities[pair[0]], identities[pair[1]])
    return settled(scores, identities), candidates_per_search, set(scores)


def settled(scores, identities):
    """The scores with the pairs set aside that one side's surely-same record contradicts, as the register does
    with the pairs its search and its duplicate list hold (concord.people.matching.set_aside)."""
    from concord.people.matching import set_aside

    sure = defaultdict(list)
    for (i, j), value in scores.items():
        sure[i].append((j, value))
        sure[j].append((i, value))
    kept = {}
    for (i, j), value in scores.items():
        if any(
            set_aside(value, identities[far], [(identities[k], s) for k, s in sure[near] if k != far])
            for near, far in ((i, j), (j, i))
        ):
            continue
        kept[(i, j)] = value
    return kept


def baseline_scores(rows):
    """The simple baseline: unidecode and rapidfuzz's token sort ratio over the whole name, every pair of records
    with the same birth year (a record without a date is compared with none)."""
    from rapidfuzz import fuzz
    from unidecode import unidecode

    names = [
        unidecode(" ".join(part for part in (row["given_name"], row["family_name"], row["patronymic"]) if part)).lower()
        for row in rows
    ]
    by_year = defaultdict(list)
    for number, row in enumerate(rows):
        if row["birth_date"]:
            by_year[row["birth_date"][:4]].append(number)
    scores = {}
    for numbers in by_year.values():
        for a, first in enumerate(numbers):
            for second in numbers[a + 1 :]:
                scores[(first, second)] = fuzz.token_sort_ratio(names[first], names[second]) / 100
    return scores


def exact_scores(rows):
    """What intake found before: the same blind index of name and date of birth, national ID or phone."""
    from concord.common.blind_index import identifier_token, name_token, phone_token

    groups = defaultdict(set)
    for number, row in enumerate(rows):
        name = " ".join(part for part in (row["given_name"], row["family_name"]) if part)
        if row["birth_date"]:
            groups[("name", name_token(name, row["birth_date"]))].add(number)
        if row["national_id"]:
            groups[("id", identifier_token(row["national_id"]))].add(number)
        if row["phone"]:
            groups[("phone", phone_token(row["phone"]))].add(number)
    return {pair: 1.0 for numbers in groups.values() for pair in combinations(sorted(numbers), 2)}


def best_threshold(scores, truth):
    """The threshold with the best F1, as a tuned baseline would be set."""
    return max((measure(scores, truth, step / 100) + (step / 100,) for step in range(30, 100)), key=lambda r: r[2])


def measure(scores, truth, threshold):
    predicted = {pair for pair, value in scores.items() if value >= threshold}
    hits = len(predicted & truth)
    recall = hits / len(truth) if truth else 0.0
    precision = hits / len(predicted) if predicted else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return recall, precision, f1


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    from concord.people.matching import POSSIBLE, SAME

    rows = load()
    truth = true_pairs(rows)
    scores, candidates, proposed = concord_scores(rows)
    reachable = len(truth & proposed) / len(truth)
    print(
        f"{len(rows)} records, {len(truth)} true pairs; candidates per search: mean "
        f"{statistics.mean(candidates):.1f}, p95 {sorted(candidates)[int(len(candidates) * 0.95)]}, "
        f"max {max(candidates)}; true pairs among the candidates: {reachable:.3f}"
    )
    for name, threshold in (("possible", POSSIBLE), ("same", SAME)):
        recall, precision, f1 = measure(scores, truth, threshold)
        print(f"{name:>8} (≥ {threshold:.2f}): recall {recall:.3f}, precision {precision:.3f}, F1 {f1:.3f}")
    if "--baseline" in sys.argv:
        recall, precision, f1 = measure(exact_scores(rows), truth, 1.0)
        print(
            f"exact blind index (name and date, ID, phone): recall {recall:.3f}, precision {precision:.3f}, F1 {f1:.3f}"
        )
        recall, precision, f1, threshold = best_threshold(baseline_scores(rows), truth)
        print(
            f"baseline (unidecode + token sort, same birth year, best F1 at ≥ {threshold:.2f}): recall "
            f"{recall:.3f}, precision {precision:.3f}, F1 {f1:.3f}"
        )
    if "--sweep" in sys.argv:
        for step in range(50, 100, 2):
            recall, precision, f1 = measure(scores, truth, step / 100)
            print(f"  ≥ {step / 100:.2f}: recall {recall:.3f} precision {precision:.3f} F1 {f1:.3f}")
    if "--misses" in sys.argv:
        missed = [pair for pair in truth if scores.get(pair, 0) < POSSIBLE]
        for i, j in missed[:40]:
            a, b = rows[i], rows[j]
            print(
                f"{scores.get((i, j), '-')!s:.5} | {a['given_name']} {a['family_name']} {a['patronymic']} "
                f"{a['birth_date']} | {b['given_name']} {b['family_name']} {b['patronymic']} {b['birth_date']}"
            )
    if "--false" in sys.argv:
        wrong = [pair for pair, value in scores.items() if value >= POSSIBLE and pair not in truth]
        for i, j in wrong[:40]:
            a, b = rows[i], rows[j]
            print(
                f"{scores[(i, j)]:.3f} | {a['given_name']} {a['family_name']} {a['patronymic']} {a['birth_date']} "
                f"| {b['given_name']} {b['family_name']} {b['patronymic']} {b['birth_date']}"
            )


if __name__ == "__main__":
    main()

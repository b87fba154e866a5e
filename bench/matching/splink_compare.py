"""splink (probabilistic record linkage, DuckDB backend) on the labelled set, for comparison with Concord's matcher.

Run in an environment of its own (splink is a benchmark tool, not a dependency of Concord):

    python -m venv /tmp/splink && /tmp/splink/bin/pip install "splink==4.*" unidecode
    /tmp/splink/bin/python bench/matching/splink_compare.py

Names are given to splink as unidecode makes them (Latin from any script), the strongest preparation a project
without its own transliteration would do; the model is trained unsupervised (u by random sampling, m by
expectation maximisation on two blocking rules) and scored at the match-probability threshold with the best F1.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from unidecode import unidecode

HERE = Path(__file__).resolve().parent


def main() -> None:
    with (HERE / "labelled_set.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    frame = pd.DataFrame(
        {
            "unique_id": [int(row["record"]) for row in rows],
            "given_name": [unidecode(row["given_name"]).lower().strip() or None for row in rows],
            "family_name": [unidecode(row["family_name"]).lower().strip() or None for row in rows],
            "patronymic": [unidecode(row["patronymic"]).lower().strip() or None for row in rows],
            "birth_date": [row["birth_date"] or None for row in rows],
            "birth_year": [row["birth_date"][:4] or None for row in rows],
            "national_id": [row["national_id"] or None for row in rows],
            "phone": [(("".join(c for c in row["phone"] if c.isdigit()))[-9:] or None) for row in rows],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("family_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("patronymic", [0.92, 0.8]),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("national_id"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_year"),
            block_on("substr(given_name, 1, 2)", "substr(family_name, 1, 2)"),
            block_on("national_id"),
            block_on("phone"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(frame, settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "birth_date")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(family_name, 1, 3)"))
    predictions = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    scores = {
        (min(a, b), max(a, b)): p
        for a, b, p in zip(
            predictions["unique_id_l"], predictions["unique_id_r"], predictions["match_probability"], strict=True
        )
    }
    by_person = defaultdict(list)
    for row in rows:
        by_person[row["person"]].append(int(row["record"]))
    truth = {pair for ids in by_person.values() for pair in combinations(sorted(ids), 2)}
    best = (0.0, 0.0, 0.0, 0.0)
    for step in range(1, 100):
        threshold = step / 100
        predicted = {pair for pair, p in scores.items() if p >= threshold}
        hits = len(predicted & truth)
        recall, precision = hits / len(truth), (hits / len(predicted) if predicted else 0.0)
        f1 = 2 * recall * precision / (recall + precision) if hits else 0.0
        if f1 > best[2]:
            best = (recall, precision, f1, threshold)
    recall, precision, f1, threshold = best
    print(
        f"splink (best F1 at match probability ≥ {threshold:.2f}): recall {recall:.3f}, precision {precision:.3f}, "
        f"F1 {f1:.3f}"
    )


if __name__ == "__main__":
    main()

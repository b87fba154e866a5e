"""Small-cell suppression, attacked: an adversary who knows every published cell and sum tries to get the hidden
ones back, by linear algebra over exact fractions and, on small tables, by listing every table that fits."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from concord.stats.suppression import TOTAL, crosstab, suppress


def recovered_by_algebra(table, hidden) -> set:
    """The hidden cells a combination of the published sums gives back (reduced row echelon form)."""
    unknowns = sorted(hidden, key=str)
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in table.equations:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in [(total, -1), *((part, 1) for part in parts)]:
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    pivot = 0
    for col in range(len(unknowns)):
        found = next((r for r in range(pivot, len(rows)) if rows[r][col]), None)
        if found is None:
            continue
        rows[pivot], rows[found] = rows[found], rows[pivot]
        rows[pivot] = [value / rows[pivot][col] for value in rows[pivot]]
        for r in range(len(rows)):
            if r != pivot and rows[r][col]:
                rows[r] = [a - rows[r][col] * b for a, b in zip(rows[r], rows[pivot], strict=True)]
        pivot += 1
    return {unknowns[row.index(1)] for row in rows[:pivot] if sum(1 for value in row if value) == 1}


def possible_values(table, hidden) -> dict:
    """The values each hidden cell takes over the non-negative tables that publish the same, each cell within two
    of its true value: any table found is a real alternative, and the window keeps the listing small."""
    unknowns = sorted(hidden, key=str)
    seen: dict = {key: set() for key in unknowns}
    windows = [range(max(0, table.values[key] - 2), table.values[key] + 3) for key in unknowns]
    for guess in itertools.product(*windows):
        values = {**table.values, **dict(zip(unknowns, guess, strict=True))}
        if all(values[total] == sum(values[part] for part in parts) for total, parts in table.equations):
            for key, value in zip(unknowns, guess, strict=True):
                seen[key].add(value)
    return seen


def grid(rows: list[list[int]], *, column_totals: bool = True):
    counts = {(r, c): value for r, line in enumerate(rows) for c, value in enumerate(line)}
    return crosstab(counts, list(range(len(rows))), list(range(len(rows[0]))), column_totals=column_totals)


def test_counts_from_one_to_four_are_hidden_zeros_and_five_are_shown():
    table = grid([[0, 1, 4, 5], [20, 30, 40, 50]])
    result = suppress(table, threshold=5)
    assert result.primary == {(0, 1), (0, 2)}
    assert result.shown((0, 0)) == 0 and result.shown((0, 3)) == 5 and result.shown((0, 1)) is None


def test_hiding_the_small_cell_alone_gives_it_back_and_the_complements_stop_that():
    table = grid([[12, 3, 40], [25, 31, 18], [9, 14, 22]])
    naive = {key for key, value in table.values.items() if 0 < value < 5}
    assert recovered_by_algebra(table, naive) == {(0, 1)}
    result = suppress(table, threshold=5)
    assert not recovered_by_algebra(table, result.hidden)
    # Complements are taken where they cost least: small inner cells, never a total while an inner cell will do.
    assert not result.complementary & table.totals
    seen = possible_values(grid([[12, 3, 40], [25, 31, 18]]), suppress(grid([[12, 3, 40], [25, 31, 18]]), 5).hidden)
    assert all(len(values) > 1 for values in seen.values())


def test_two_hidden_cells_in_every_line_can_still_leak_and_are_completed():
    """Two blocks of small cells joined by one more: every row and column hides two cells or none, the rule most
    suppression stops at, yet the joining cell is the difference of two sums."""
    rows = [
        [2, 3, 50, 60, 70],
        [4, 1, 2, 80, 90],
        [40, 50, 3, 4, 60],
        [70, 80, 1, 2, 90],
        [30, 40, 50, 60, 70],
    ]
    table = grid(rows)
    naive = {key for key, value in table.values.items() if 0 < value < 5}
    lines = [[total, *parts] for total, parts in table.equations]
    assert all(sum(key in naive for key in line) != 1 for line in lines)
    assert recovered_by_algebra(table, naive) == {(1, 2)}
    result = suppress(table, threshold=5)
    assert not recovered_by_algebra(table, result.hidden)


def test_a_small_total_is_hidden_and_cannot_be_summed_back():
    table = grid([[1, 0, 2], [30, 40, 50], [20, 60, 70]])
    result = suppress(table, threshold=5)
    assert (0, TOTAL) in result.primary
    assert not recovered_by_algebra(table, result.hidden)


def test_a_one_way_table_hides_a_second_cell_beside_a_single_small_one():
    table = grid([[40, 2, 17, 9]], column_totals=False)
    result = suppress(table, threshold=5)
    assert result.primary == {(0, 1)} and result.complementary == {(0, 3)}
    assert not recovered_by_algebra(table, result.hidden)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda width: st.lists(st.lists(st.integers(0, 12), min_size=width, max_size=width), min_size=1, max_size=5)
    ),
    st.booleans(),
    st.integers(2, 6),
)
def test_no_hidden_cell_is_recovered_from_any_table(rows, column_totals, threshold):
    table = grid(rows, column_totals=column_totals)
    result = suppress(table, threshold=threshold)
    assert not recovered_by_algebra(table, result.hidden)
    assert all(0 < table.values[key] < threshold for key in result.primary)
    assert all(result.shown(key) == value for key, value in table.values.items() if key not in result.hidden)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=2, max_size=2))
def test_every_hidden_cell_could_be_another_number(rows):
    """On tables small enough to list every solution: each hidden cell has at least two values that fit."""
    table = grid(rows)
    result = suppress(table, threshold=3)
    if result.hidden and len(result.hidden) <= 6:
        assert all(len(values) > 1 for values in possible_values(table, result.hidden).values())

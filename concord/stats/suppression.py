"""Small-cell suppression of published tables (DOMAIN.md §5).

A count from 1 to below the threshold could point at a person in a small district, so it is shown as "<5"
(primary suppression). Hiding it alone is not enough: a row or column total, or a combination of them, would give
it back. So other cells are hidden too (complementary suppression) until no hidden cell can be worked out from what
is shown by any sum of rows and columns, and the complements are non-zero cells where there are any, so that a
hidden cell can move by one either way without another going below zero.

A table is a set of cells and the sums published over them (`Table.equations`: total, parts). Each cell takes part
in at most two sums (a crosstab's cell: its row and its column), so the table is a graph: the sums are nodes, a
cell an edge between the two sums it is in (or between its one sum and an unconstrained node). Seen so, the values
of the hidden cells are fixed up to the cycles the hidden edges form, and a hidden cell is given away exactly when
its edge is a bridge of the hidden graph (in no cycle). For a crosstab with its margins the sums can be signed
so that this is the usual flow graph (a margin counted negatively), which is what makes the test exact; the tests
check it against linear algebra and against an attacker enumerating every table that fits.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Key = Hashable
TOTAL = "total"


@dataclass
class Table:
    values: dict[Key, int]
    equations: list[tuple[Key, list[Key]]]
    # Cells that are totals are hidden as complements only when nothing else will do: a hidden total hides more.
    totals: set[Key] = field(default_factory=set)


@dataclass(frozen=True)
class Suppressed:
    values: dict[Key, int]
    primary: frozenset[Key]
    complementary: frozenset[Key]

    @property
    def hidden(self) -> frozenset[Key]:
        return self.primary | self.complementary

    def shown(self, key: Key) -> int | None:
        """The published value, or None where it is hidden."""
        return None if key in self.hidden else self.values[key]


def crosstab(
    counts: dict[Any, int], rows: Sequence[Key], columns: Sequence[Key], *, column_totals: bool = True
) -> Table:
    """A table of rows × columns with a total per row, and per column and overall when `column_totals`."""
    values: dict[Key, int] = {}
    equations: list[tuple[Key, list[Key]]] = []
    for row in rows:
        parts: list[Key] = [(row, column) for column in columns]
        for key in parts:
            values[key] = counts.get(key, 0)
        values[(row, TOTAL)] = sum(values[key] for key in parts)
        equations.append(((row, TOTAL), parts))
    totals: set[Key] = {(row, TOTAL) for row in rows}
    if column_totals:
        for column in columns:
            parts = [(row, column) for row in rows]
            values[(TOTAL, column)] = sum(values[key] for key in parts)
            equations.append(((TOTAL, column), parts))
        values[(TOTAL, TOTAL)] = sum(values[(row, TOTAL)] for row in rows)
        equations.append(((TOTAL, TOTAL), [(row, TOTAL) for row in rows]))
        equations.append(((TOTAL, TOTAL), [(TOTAL, column) for column in columns]))
        totals |= {(TOTAL, column) for column in columns} | {(TOTAL, TOTAL)}
    return Table(values=values, equations=equations, totals=totals)


def suppress(table: Table, threshold: int) -> Suppressed:
    primary = {key for key, value in table.values.items() if 0 < value < threshold}
    hidden = set(primary)
    while True:
        added = _complete_lines(table, hidden) or _break_disclosures(table, hidden)
        if not added:
            break
    return Suppressed(values=dict(table.values), primary=frozenset(primary), complementary=frozenset(hidden - primary))


def _cheapest(table: Table, keys: Iterable[Key], hidden: set[Key]) -> Key | None:
    """The cell whose hiding costs least: a non-zero inner cell before a total, the smallest first; a zero only
    when nothing else is left (it offers no room to move downwards)."""
    candidates = [key for key in keys if key not in hidden]
    if not candidates:
        return None
    return min(candidates, key=lambda key: (table.values[key] == 0, key in table.totals, table.values[key], str(key)))


def _complete_lines(table: Table, hidden: set[Key]) -> bool:
    """A sum with exactly one hidden member gives it away: hide another member of it."""
    added = False
    for total, parts in table.equations:
        members = [total, *parts]
        if sum(key in hidden for key in members) == 1:
            # A total before a zero: a zero can only move up, so two zeros in a cycle would pin it.
            choice = _cheapest(table, members, hidden)
            if choice is not None:
                hidden.add(choice)
                added = True
    return added


GROUND = -1  # the node of the cells that only one sum constrains


def _edges(table: Table) -> dict[Key, tuple[int, int]]:
    """Each cell as an edge between the (one or two) sums it is in; a cell in no sum is never given away."""
    sums: dict[Key, list[int]] = {}
    for node, (total, parts) in enumerate(table.equations):
        for key in (total, *parts):
            sums.setdefault(key, []).append(node)
    edges = {}
    for key, nodes in sums.items():
        if len(nodes) > 2:
            raise ValueError("A cell takes part in more than two published sums.")
        edges[key] = (nodes[0], nodes[1] if len(nodes) == 2 else GROUND)
    return edges


def disclosed(table: Table, hidden: set[Key]) -> list[Key]:
    """The hidden cells the published sums determine exactly: the bridges of the hidden cells' graph."""
    edges = _edges(table)
    return _bridges({key: edges[key] for key in hidden if key in edges})


def _bridges(edges: dict[Key, tuple[int, int]]) -> list[Key]:
    """Tarjan's bridges, iteratively (a large table would overflow the recursion), over a multigraph: two hidden
    cells between the same two sums form a cycle, so an edge is skipped by its key, not by its far node."""
    adjacent: dict[int, list[tuple[int, Key]]] = {}
    for key, (a, b) in edges.items():
        adjacent.setdefault(a, []).append((b, key))
        adjacent.setdefault(b, []).append((a, key))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[Key] = []
    for root in adjacent:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[int, Key | None, int]] = [(root, None, 0)]
        while stack:
            node, via, position = stack[-1]
            if position < len(adjacent[node]):
                stack[-1] = (node, via, position + 1)
                neighbour, key = adjacent[node][position]
                if key == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, key, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
    return found


def _break_disclosures(table: Table, hidden: set[Key]) -> bool:
    """Hide the cheapest cell that closes a cycle through a given-away cell: one joining the two parts of the
    hidden graph that the given-away cell alone holds together."""
    edges = _edges(table)
    hidden_edges = {key: edges[key] for key in hidden if key in edges}
    for bridge in _bridges(hidden_edges):
        rest = {key: ends for key, ends in hidden_edges.items() if key != bridge}
        one, other = (_component(rest, end) for end in hidden_edges[bridge])
        joining = [
            key
            for key, (a, b) in edges.items()
            if key not in hidden and ((a in one and b in other) or (a in other and b in one))
        ]
        choice = _cheapest(table, joining, hidden)
        if choice is not None:
            hidden.add(choice)
            return True
    return False


def _component(edges: dict[Key, tuple[int, int]], start: int) -> set[int]:
    adjacent: dict[int, list[int]] = {}
    for a, b in edges.values():
        adjacent.setdefault(a, []).append(b)
        adjacent.setdefault(b, []).append(a)
    seen = {start}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for neighbour in adjacent.get(node, []):
            if neighbour not in seen:
                seen.add(neighbour)
                frontier.append(neighbour)
    return seen

"""The dashboard of a country, region or district for a year: a few published tables drawn as charts, and a table of
the units one level down with their key figures, each unit leading to its own dashboard. Every figure comes from a
PublishedTable, suppressed like any other."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from concord.stats import catalogue
from concord.stats.catalogue import Filters
from concord.stats.report import grouped_many
from concord.stats.selectors import Cell, PublishedTable, publish, suppression_threshold
from concord.territory.models import Territory

# (indicator, split) of each chart, in the order shown; an indicator a deployment lacks is left out.
PANELS = (
    ("gbvims-incidents-by-type", "period"),
    ("gbvims-incidents-by-context", ""),
    ("eige-protection-orders", ""),
    ("referrals-first-contact", ""),
    ("justice-attrition", ""),
    ("risk-level-latest", ""),
)

# The key figures of each unit: (label, indicator, row of that indicator or None for its total).
KEY_FIGURES = (
    (_("Incidents"), "gbvims-incidents-by-type", None),
    (_("of which by an intimate partner"), "gbvims-incidents-by-context", "intimate_partner"),
    (_("Protection orders issued"), "eige-protection-orders", "issued"),
    (_("Referrals sent"), "referrals-by-state", None),
    (_("First contact in time"), "referrals-first-contact", "in_time"),
)


@dataclass(frozen=True)
class Panel:
    table: PublishedTable
    chart_id: str


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    territory_id: int | None  # None for a row of records placed at the unit itself
    figures: list[Cell]


@dataclass(frozen=True)
class Dashboard:
    panels: list[Panel]
    figure_labels: list[str]
    units: list[UnitRow]
    totals: list[Cell]
    counted_at: datetime.datetime | None  # of the oldest kept counts it shows, if any (report.py)


def dashboard(filters: Filters) -> Dashboard:
    """Each indicator counted once, by all the splits the dashboard shows of it (catalogue.count_many)."""
    known = {indicator.code for indicator in catalogue.indicators()}
    figures = [(str(label), code, row) for label, code, row in KEY_FIGURES if code in known]
    wanted: dict[str, list[str]] = {}
    for code, by in [
        *((code, by) for code, by in PANELS if code in known),
        *((c, "territory") for _l, c, _r in figures),
    ]:
        wanted.setdefault(code, [])
        if by not in wanted[code]:
            wanted[code].append(by)
    threshold = suppression_threshold(filters.country_code)
    tables: dict[tuple[str, str], PublishedTable] = {}
    grouped = grouped_many(filters, wanted)
    names = catalogue.Names()
    for code, splits in wanted.items():
        indicator = catalogue.indicator(code)
        counts = catalogue.labelled(indicator, filters, grouped[code], names)
        tables |= {(code, by): publish(indicator, filters, by, counts[by], threshold) for by in splits}
    panels = [Panel(tables[(code, by)], f"chart-{number}") for number, (code, by) in enumerate(PANELS) if code in known]
    by_territory = {code: tables[(code, "territory")] for _label, code, _row in figures}
    # The same units in every table, and a column of records placed at the unit itself where one has such records.
    columns = list(dict.fromkeys(column for table in by_territory.values() for column in table.columns))
    ids = dict(Territory.objects.filter(code__in=[key for key, _label in columns]).values_list("code", "pk"))
    units = [
        UnitRow(
            code=key,
            name=label,
            territory_id=ids.get(key) if key != catalogue.scope_code(filters) else None,
            figures=[_cell(by_territory[code], row, key) for _label, code, row in figures],
        )
        for key, label in columns
    ]
    totals = [_cell(by_territory[code], row, TOTAL) for _label, code, row in figures]
    kept = [table.counted_at for table in tables.values() if table.counted_at]
    return Dashboard(panels, [label for label, _c, _r in figures], units, totals, min(kept, default=None))


TOTAL = object()  # the column of the whole unit


def _cell(table: PublishedTable, row_key: Any, column_key: Any) -> Cell:
    """A unit's figure: the indicator's total in the unit's column, or one of its rows there."""
    keys = [key for key, _label in table.columns]
    if column_key is not TOTAL and column_key not in keys:
        return Cell(0, "0")
    position = None if column_key is TOTAL else keys.index(column_key)
    if row_key is None:
        if position is None:
            return table.grand_total
        return table.column_totals[position] if table.column_totals is not None else Cell(None, "")
    row = next((row for row in table.rows if row.key == row_key), None)
    if row is None:
        return Cell(0, "0")
    return row.total if position is None else row.cells[position]

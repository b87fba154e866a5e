"""Before and after a legal change: an indicator over two periods of equal length on either side of a date the
country's pack gives (an article that came into force, a new version of a protection measure), with the counts, the
monthly rates and each category's share side by side, and a caution about what such a comparison can show.

Modules name their legal changes with `register_legal_changes` (protection: the effective dates of legal
qualifications and measure versions), so the catalogue never imports them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from concord.countries.calendar import add_months
from concord.countries.clock import country_today
from concord.stats.catalogue import Filters, Indicator
from concord.stats.report import published_table
from concord.stats.selectors import Cell, PublishedTable

CAUTION = _(
    "A difference between the two periods does not show that the change of the law caused it. Over the same time "
    "people may have come to report more or less, agencies may record differently or more of them may use the "
    "register, campaigns and events may have drawn attention, and small numbers vary by chance. These are counts of "
    "what agencies recorded, not of how much violence there is. Read the comparison as a question to look into, "
    "beside what else is known."
)
WINDOWS = (3, 6, 12, 24)  # months on each side


@dataclass(frozen=True)
class LegalChange:
    key: str  # stable: "qualification:KZ-CC-108-1"
    day: datetime.date
    label: str


LegalChangeSource = Callable[[str], list[LegalChange]]
_sources: list[LegalChangeSource] = []


def register_legal_changes(source: LegalChangeSource) -> None:
    if source not in _sources:
        _sources.append(source)


def legal_changes(country_code: str) -> list[LegalChange]:
    """The country's legal changes that have taken effect, newest first (one a day: the first label found wins)."""
    today = country_today(country_code)
    changes: dict[str, LegalChange] = {}
    for source in _sources:
        for change in source(country_code.lower()):
            if change.day <= today:
                changes.setdefault(change.key, change)
    return sorted(changes.values(), key=lambda change: (change.day, change.key), reverse=True)


@dataclass(frozen=True)
class ComparedRow:
    key: object
    label: str
    before: Cell
    after: Cell
    before_share: str  # the category's part of its period's total, "" when hidden
    after_share: str


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    change: LegalChange
    months: int  # on each side, after shortening to what has passed since the change
    before: PublishedTable
    after: PublishedTable
    rows: list[ComparedRow]

    @property
    def before_rate(self) -> str:
        return _monthly(self.before.grand_total, self.months)

    @property
    def after_rate(self) -> str:
        return _monthly(self.after.grand_total, self.months)

    @property
    def caution(self) -> str:
        return str(CAUTION)


def _monthly(total: Cell, months: int) -> str:
    return "" if total.value is None else f"{total.value / months:.1f}"


def _share(cell: Cell, total: Cell) -> str:
    if cell.value is None or not total.value:
        return ""
    return f"{100 * cell.value / total.value:.1f} %"


def compare(indicator: Indicator, filters: Filters, change: LegalChange, months: int) -> Comparison:
    """Equal periods on each side of the change. The period after ends today at the latest, and the one before is
    shortened to match: unequal periods would compare more time with less."""
    today = country_today(filters.country_code)
    whole_months_since = (today.year - change.day.year) * 12 + today.month - change.day.month
    if add_months(change.day, whole_months_since) > today:
        whole_months_since -= 1
    months = max(1, min(months, whole_months_since))
    before = dataclasses.replace(filters, start=add_months(change.day, -months), end=change.day)
    after = dataclasses.replace(filters, start=change.day, end=add_months(change.day, months))
    tables = published_table(indicator, before), published_table(indicator, after)
    rows = [
        ComparedRow(
            key=first.key,
            label=first.label,
            before=first.total,
            after=second.total,
            before_share=_share(first.total, tables[0].grand_total) if indicator.breakdown else "",
            after_share=_share(second.total, tables[1].grand_total) if indicator.breakdown else "",
        )
        for first, second in zip(*(_aligned(tables[0], tables[1])), strict=True)
    ]
    return Comparison(indicator, change, months, tables[0], tables[1], rows)


def _aligned(first: PublishedTable, second: PublishedTable) -> tuple[list, list]:
    """The rows of both periods in one order: a category only one period has (a value since retired) is kept."""
    keys = list(dict.fromkeys([row.key for row in first.rows] + [row.key for row in second.rows]))
    empty = Cell(0, "0")

    def rows_of(table: PublishedTable) -> list:
        by_key = {row.key: row for row in table.rows}
        labels = {row.key: row.label for row in (*first.rows, *second.rows)}
        return [
            by_key.get(key) or dataclasses.replace(table.rows[0], key=key, label=labels[key], total=empty)
            for key in keys
        ]

    return rows_of(first), rows_of(second)

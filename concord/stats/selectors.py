"""Published tables: an indicator's counts, suppressed for publication. Every number an analyst sees passes here, so
no page, export or API answer can show a count the suppression hid."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404

from concord.countries.clock import country_today, zone_of
from concord.stats import catalogue
from concord.stats.catalogue import Counts, Filters, Indicator
from concord.stats.models import StatisticsRule
from concord.stats.suppression import TOTAL, crosstab, suppress


def suppression_threshold(country_code: str) -> int:
    """Counts from 1 to one below this are hidden. Set per country: a small country publishes by fewer districts."""
    thresholds = settings.STATISTICS_SUPPRESSION_THRESHOLDS
    return int(thresholds.get(country_code.lower(), thresholds["default"]))


# How a hidden cell is written: a small count as "<5", a cell hidden to protect another as "x" (the usual mark in
# official statistics, explained in the note under every table).
PROTECTING_MARK = "x"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when hidden
    text: str


@dataclass(frozen=True)
class PublishedRow:
    key: Any
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class PublishedTable:
    indicator: Indicator
    filters: Filters
    by: str
    threshold: int
    columns: list[tuple[Any, str]]
    rows: list[PublishedRow]
    # The sums over the rows; absent when a row may be counted under several categories (the sum would count twice).
    column_totals: list[Cell] | None
    grand_total: Cell
    hidden_count: int
    # The rows the consent requirement kept out (none where the country does not require it), suppressed as a cell.
    left_out: Cell
    # When the counts were made, if they were kept from the nightly count of an ended year (report.py).
    counted_at: datetime.datetime | None = None

    @property
    def largest_hidden(self) -> int:
        return self.threshold - 1

    @property
    def split(self) -> bool:
        return bool(self.by)

    @property
    def by_label(self) -> str:
        return str(catalogue.dimension(self.by).label) if self.by else ""

    @property
    def counted_by(self) -> str:
        """The key of the date the table was counted by (the indicator's first when none was asked for)."""
        return self.filters.date or next(iter(self.indicator.dates))


def statistics_rule(country_code: str, day: datetime.date) -> StatisticsRule | None:
    """The pack's rule for statistical use in force on the day (statistics.yaml)."""
    return (
        StatisticsRule.objects.filter(country__code=country_code.lower(), effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def consent_required(country_code: str) -> bool:
    """Whether counts are limited to survivors who consented to statistical use. The rule in force today decides,
    whatever years a table covers: it governs the use of the records, and the use is now."""
    rule = statistics_rule(country_code, country_today(country_code))
    return bool(rule and rule.consent_required)


def country_filters(country_code: str, start: datetime.date, end: datetime.date, **values: Any) -> Filters:
    """Filters over a country's calendar, with its consent rule of today: every table, page or file starts here."""
    return Filters(
        country_code=country_code.lower(),
        start=start,
        end=end,
        consent_required=consent_required(country_code),
        time_zone=zone_of(country_code),
        **values,
    )


def indicator_get(code: str) -> Indicator:
    """The indicator with this code, or 404."""
    try:
        return catalogue.indicator(code)
    except KeyError:
        raise Http404 from None


def publish(indicator: Indicator, filters: Filters, by: str, counts: Counts, threshold: int) -> PublishedTable:
    row_keys = [key for key, _label in counts.rows]
    column_keys = [key for key, _label in counts.columns]
    overlapping = indicator.breakdown is not None and indicator.breakdown.overlapping
    # Rows are the indicator's own categories; a single-count indicator is one row. The row totals (across the
    # dimension's exclusive categories) are always true sums; the column totals only when the rows exclude each
    # other.
    table = crosstab(counts.cells, row_keys, column_keys, column_totals=not overlapping)
    result = suppress(table, threshold)
    grand_value = table.values[(TOTAL, TOTAL)] if not overlapping else counts.distinct_total
    hidden_grand = (TOTAL, TOTAL) in result.hidden if not overlapping else 0 < grand_value < threshold

    def shown(value: int | None, primary: bool) -> Cell:
        if value is not None:
            return Cell(value, str(value))
        return Cell(None, f"<{threshold}" if primary else PROTECTING_MARK)

    def cell(key: Any) -> Cell:
        return shown(result.shown(key), key in result.primary)

    rows = [
        PublishedRow(
            key=key,
            label=label,
            cells=[cell((key, column)) for column in column_keys],
            total=cell((key, TOTAL)),
        )
        for key, label in counts.rows
    ]
    return PublishedTable(
        indicator=indicator,
        filters=filters,
        by=by,
        threshold=threshold,
        columns=counts.columns,
        rows=rows,
        column_totals=None if overlapping else [cell((TOTAL, column)) for column in column_keys],
        grand_total=shown(None if hidden_grand else grand_value, hidden_grand),
        hidden_count=len(result.hidden) + int(overlapping and hidden_grand),
        left_out=shown(None if 0 < counts.left_out < threshold else counts.left_out, True),
        counted_at=counts.counted_at,
    )

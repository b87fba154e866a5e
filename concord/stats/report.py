"""The yearly report: every indicator of the catalogue over a country's calendar year, split by month, territory,
the survivor's sex and age band, and agency kind, each table suppressed for publication. The PDF, the dashboards and
the benchmark all read it from here, so the report is defined once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from concord.stats import catalogue
from concord.stats.catalogue import Filters, Indicator
from concord.stats.selectors import PublishedTable, country_filters, publish, suppression_threshold

REPORT_SPLITS = ("period", "territory", "sex", "age_band", "agency_kind")


@dataclass(frozen=True)
class ReportSection:
    indicator: Indicator
    tables: list[PublishedTable]


def year_filters(country_code: str, year: int, **values) -> Filters:
    """A calendar year of the country, by month."""
    return country_filters(
        country_code, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), period="month", **values
    )


def yearly_report(filters: Filters) -> list[ReportSection]:
    """One grouping per indicator (catalogue.count_many), whatever the number of tables it gives."""
    threshold = suppression_threshold(filters.country_code)
    sections = []
    for indicator in catalogue.indicators():
        splits = [by for by in REPORT_SPLITS if by in indicator.dimensions]
        counts = catalogue.count_many(indicator, filters, splits)
        tables = [publish(indicator, filters, by, counts[by], threshold) for by in splits]
        sections.append(ReportSection(indicator, tables))
    return sections

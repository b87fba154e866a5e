"""The yearly report: every indicator of the catalogue over a country's calendar year, split by month, territory,
the survivor's sex and age band, and agency kind, each table suppressed for publication. The PDF, the dashboards and
the benchmark all read it from here, so the report is defined once.

A whole country's year is counted ahead. Grouping a year of a national register takes seconds for the report's
eighteen indicators, however the SQL is written, and a year that has ended changes little: so each night, after the
incident facts are rebuilt, every ended year's counts are grouped once per indicator (by the report's splits and by
none) and kept (models.YearCounts). The report, the country's dashboard and a table of the whole country for such a
year then only name and suppress them, and say when they were counted. Late corrections to an ended year come in with
the next night's count, as those pages state; what must count at once is checked as they are read: a consent to
statistical use given or withdrawn since the count (where the country requires it), or a change of the consent rule,
sends the reader to count afresh.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from concord.countries.clock import country_local_date, country_today
from concord.stats import catalogue, facts
from concord.stats.catalogue import Filters, Grouped, Indicator
from concord.stats.models import FactRebuild, IncidentFact, YearCounts
from concord.stats.selectors import PublishedTable, country_filters, publish, suppression_threshold

REPORT_SPLITS = ("period", "territory", "sex", "age_band", "agency_kind")
# Kept for each indicator: the report's splits it may be split by, and none (a table's or a dashboard's total).
KEPT_SPLITS = ("", *REPORT_SPLITS)


@dataclass(frozen=True)
class ReportSection:
    indicator: Indicator
    tables: list[PublishedTable]


def year_filters(country_code: str, year: int, **values: Any) -> Filters:
    """A calendar year of the country, by month."""
    return country_filters(
        country_code, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), period="month", **values
    )


def yearly_report(filters: Filters, *, kept: bool = True) -> list[ReportSection]:
    """One grouping per indicator, whatever the number of tables it gives: read from the counts kept ahead where
    they answer the filters, unless `kept` is false (counted now, as the benchmark compares)."""
    threshold = suppression_threshold(filters.country_code)
    wanted = {each.code: [by for by in REPORT_SPLITS if by in each.dimensions] for each in catalogue.indicators()}
    grouped = grouped_many(filters, wanted, kept=kept)
    names = catalogue.Names()
    sections = []
    for code, splits in wanted.items():
        indicator = catalogue.indicator(code)
        counts = catalogue.labelled(indicator, filters, grouped[indicator.code], names)
        sections.append(
            ReportSection(indicator, [publish(indicator, filters, by, counts[by], threshold) for by in splits])
        )
    return sections


def published_table(indicator: Indicator, filters: Filters, by: str = "") -> PublishedTable:
    """One table of an indicator, as a page or the API shows it."""
    grouped = grouped_many(filters, {indicator.code: [by]})[indicator.code]
    counts = catalogue.labelled(indicator, filters, grouped)[by]
    return publish(indicator, filters, by, counts, suppression_threshold(filters.country_code))


def counted_at(sections: Iterable[ReportSection]) -> datetime.datetime | None:
    """When the oldest of the report's counts was made, if any was kept rather than counted for the report."""
    moments = [table.counted_at for section in sections for table in section.tables if table.counted_at]
    return min(moments, default=None)


# Counts kept ahead -----------------------------------------------------------------------------------------------


def grouped_many(filters: Filters, wanted: dict[str, list[str]], *, kept: bool = True) -> dict[str, Grouped]:
    """The groups of each indicator (by code) for these filters and splits: kept where they may be, counted now
    otherwise."""
    grouped = _kept(filters, wanted) if kept else {}
    for code, splits in wanted.items():
        if code not in grouped:
            grouped[code] = catalogue.group(catalogue.indicator(code), filters, splits)
    return grouped


def count_due(now: datetime.datetime) -> int:
    """The tick job: once a country-local day, at the first run after midnight, rebuild each country's incident
    facts and then keep the counts of its ended years from them. Returns the facts written."""
    from concord.countries.models import Country

    written = 0
    last = dict(FactRebuild.objects.values_list("country_code", "rebuilt_at"))
    for code in Country.objects.values_list("code", flat=True):
        code = code.lower()
        done = last.get(code)
        if done is None or country_local_date(code, done) < country_local_date(code, now):
            written += count_country(code)
    return written


def count_country(country_code: str) -> int:
    written = facts.rebuild(country_code)
    keep_ended_years(country_code)
    return written


def keep_year(country_code: str, year: int) -> int:
    """Group every indicator over a year of the country and keep the groups, replacing those kept before."""
    country_code = country_code.lower()
    filters = year_filters(country_code, year)
    # Taken before counting, so a consent changed while the count runs is seen as changed since.
    moment = timezone.now()
    kept = []
    for indicator in catalogue.indicators():
        splits = [by for by in KEPT_SPLITS if not by or by in indicator.dimensions]
        grouped = catalogue.group(indicator, filters, splits)
        kept.append(
            YearCounts(
                country_code=country_code,
                year=year,
                indicator=indicator.code,
                consent_required=filters.consent_required,
                counted_at=moment,
                cubes={
                    by: [[row, _json_key(column), n] for row, column, n in cube] for by, cube in grouped.cubes.items()
                },
                distinct_total=grouped.distinct_total,
                left_out=grouped.left_out,
            )
        )
    with transaction.atomic():
        YearCounts.objects.filter(country_code=country_code, year=year).delete()
        YearCounts.objects.bulk_create(kept)
    return len(kept)


def keep_ended_years(country_code: str) -> list[int]:
    """Keep the counts of every year of the country that has ended, from the first with an incident on record."""
    country_code = country_code.lower()
    first = IncidentFact.objects.filter(country_code=country_code).aggregate(
        occurred=Min("occurred_on"), reported=Min("reported_on")
    )
    dates = [day for day in first.values() if day]
    years = list(range(min(dates).year, country_today(country_code).year)) if dates else []
    for year in years:
        keep_year(country_code, year)
    YearCounts.objects.filter(country_code=country_code).exclude(year__in=years).delete()
    return years


def _kept(filters: Filters, wanted: dict[str, list[str]]) -> dict[str, Grouped]:
    year = _ended_year(filters)
    if year is None:
        return {}
    servable = {
        code: splits for code, splits in wanted.items() if _may_serve(catalogue.indicator(code), filters, splits)
    }
    if not servable:
        return {}
    rows = list(
        YearCounts.objects.filter(
            country_code=filters.country_code.lower(),
            year=year,
            indicator__in=servable,
            consent_required=filters.consent_required,
        )
    )
    if (
        rows
        and filters.consent_required
        and _consent_changed_since(filters.country_code, min(r.counted_at for r in rows))
    ):
        return {}
    grouped = {}
    for row in rows:
        splits = servable[row.indicator]
        if set(splits) <= set(row.cubes):
            cubes = {by: [(key, _key_from_json(by, column), n) for key, column, n in row.cubes[by]] for by in splits}
            grouped[row.indicator] = Grouped(cubes, row.distinct_total, row.left_out, counted_at=row.counted_at)
    return grouped


def _ended_year(filters: Filters) -> int | None:
    """The year the filters are, if they are exactly a whole ended year of the country with nothing narrowed (their
    consent rule and calendar are the country's, as every Filters is made by country_filters)."""
    year = filters.start.year
    whole = filters.start == datetime.date(year, 1, 1) and filters.end == datetime.date(year + 1, 1, 1)
    narrowed = filters.territory_path or filters.agency_kind or filters.sex or filters.age_band or filters.disability
    if not whole or narrowed or year >= country_today(filters.country_code).year:
        return None
    return year


def _may_serve(indicator: Indicator, filters: Filters, splits: Sequence[str]) -> bool:
    """Kept groups are by the indicator's first date, and by month where a split is by period."""
    by_first_date = filters.date in ("", next(iter(indicator.dates)))
    return by_first_date and ("period" not in splits or filters.period == "month")


def _consent_changed_since(country_code: str, moment: datetime.datetime) -> bool:
    from concord.cases.choices import ConsentPurpose
    from concord.cases.models import Consent

    return Consent.objects.filter(
        Q(recorded_at__gte=moment) | Q(withdrawn_at__gte=moment),
        purpose=ConsentPurpose.STATISTICS,
        case__territory__country_code=country_code.lower(),
    ).exists()


def _json_key(key: Any) -> Any:
    return key.isoformat() if isinstance(key, datetime.date) else key


def _key_from_json(by: str, key: Any) -> Any:
    """Periods are the only keys JSON does not keep as they were: dates, written as ISO text."""
    return datetime.date.fromisoformat(key) if by == "period" and key is not None else key

"""The statistics at national scale, on a database filled by `manage.py generate_national` (2 million incidents):
the nightly rebuild of the incident facts, the yearly national report (every indicator by month, region, sex, age
band and agency kind, suppressed) counted live against the same numbers from hand-written SQL, the same report from
the counts the nightly job keeps ahead, and the analyst's pages:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/yearly_report.py --runs 7

The hand-written SQL is what an expert would write for the report: one GROUPING SETS query per indicator over the
fact table, plus the distinct totals of the overlapping ones. `--source-sql` also times the incidents-by-type part
of the report written straight over the register's tables (incidents, territories, agencies, participants,
people), which is what the fact table saves. `--rebuild` times the nightly job (it rewrites the facts and the counts
kept ahead); without it, the year's counts are kept first if the nightly job has not kept them.
"""

# ruff: noqa: S608 - the SQL here is built from constants and territory ids, never from input

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.case_list import median_ms, time_pages  # noqa: E402 - sets up Django as the other benchmarks do
from concord.accounts.models import Membership  # noqa: E402
from concord.cases.models import Incident  # noqa: E402
from concord.countries.clock import zone_of  # noqa: E402
from concord.stats import facts, report  # noqa: E402
from concord.stats.catalogue import count_many  # noqa: E402
from concord.stats.models import IncidentFact, YearCounts  # noqa: E402
from concord.stats.report import year_filters, yearly_report  # noqa: E402
from concord.territory.models import Territory  # noqa: E402

# The fact-table indicators of the report, as an expert would write them: (code, the row's expression, the join of
# an overlapping breakdown, an extra condition).
FACT_INDICATORS = (
    ("gbvims-incidents-by-type", "f.gbvims_type", "", ""),
    ("gbvims-time-to-report", "f.delay_band", "", ""),
    ("gbvims-perpetrator-relationship", "c.relationship",
     "LEFT JOIN stats_incidentfactrelationship c ON c.fact_id = f.incident_id", ""),
    ("gbvims-incidents-by-context", "c.context",
     "LEFT JOIN stats_incidentfactcontext c ON c.fact_id = f.incident_id", ""),
    ("incidents-repeat-escalation",
     "CASE WHEN f.is_escalation THEN 'escalation' WHEN f.is_repeat THEN 'repeat' ELSE 'first' END", "", ""),
    ("eige-femicides", "c.context", "LEFT JOIN stats_incidentfactcontext c ON c.fact_id = f.incident_id",
     "AND f.injury = 'fatal' AND f.survivor_sex = 'female'"),
)  # fmt: skip


def region_of(country: str) -> dict[int, str]:
    """Each unit's region, so that the SQL groups by the unit and the region is looked up (as Concord does)."""
    regions = [path for (path,) in Territory.objects.filter(country_code=country, level=1).values_list("path")]
    part_of = {}
    for pk, path in Territory.objects.filter(country_code=country).values_list("pk", "path"):
        part_of[pk] = next((region for region in regions if path.startswith(region)), "")
    return part_of


def hand_written(country: str, year: int) -> list:
    """The fact-table part of the report in SQL: one GROUPING SETS query an indicator (breakdown by month, unit, sex,
    age band and agency kind), the distinct total of the overlapping ones, and the units summed into regions."""
    part_of = region_of(country)
    where = "f.country_code = %s AND f.occurred_on >= %s AND f.occurred_on < %s"
    params = [country, f"{year}-01-01", f"{year + 1}-01-01"]
    results = []
    with connection.cursor() as cursor:
        for _code, row, join, condition in FACT_INDICATORS:
            cursor.execute(
                f"SELECT {row}, date_trunc('month', f.occurred_on), f.territory_id, f.survivor_sex, "
                f"f.survivor_age_band, f.agency_kind, count(*), GROUPING(f.territory_id) "
                f"FROM stats_incidentfact f {join} WHERE {where} {condition} "
                "GROUP BY GROUPING SETS ((1, 2), (1, 3), (1, 4), (1, 5), (1, 6))",
                params,
            )
            by_region: dict = {}
            rows = cursor.fetchall()
            for values in rows:
                if values[7] == 0:
                    key = (values[0], part_of.get(values[2], ""))
                    by_region[key] = by_region.get(key, 0) + values[6]
            results.append((rows, by_region))
            if join:
                cursor.execute(f"SELECT count(*) FROM stats_incidentfact f WHERE {where} {condition}", params)
                results.append(cursor.fetchall())
    return results


def concord_fact_part(filters) -> list:
    """The same numbers through the catalogue, published (suppressed) as the report does."""
    from concord.stats import catalogue
    from concord.stats.report import REPORT_SPLITS
    from concord.stats.selectors import publish, suppression_threshold

    tables = []
    for code, *_rest in FACT_INDICATORS:
        indicator = catalogue.indicator(code)
        counts = catalogue.count_many(indicator, filters, list(REPORT_SPLITS))
        threshold = suppression_threshold(filters.country_code)
        tables += [publish(indicator, filters, by, counts[by], threshold) for by in REPORT_SPLITS]
    return tables


def source_sql(country: str, year: int) -> list:
    """Incidents by type, by month, region, sex, age band and agency kind, over the register's own tables."""
    zone = str(zone_of(country))
    query = """
        SELECT i.gbvims_type, date_trunc('month', i.occurred_at AT TIME ZONE %s) AS month, i.territory_id,
               p.sex, CASE WHEN p.birth_year IS NULL THEN 'unknown'
                           WHEN %s - p.birth_year < 12 THEN '0-11' WHEN %s - p.birth_year < 18 THEN '12-17'
                           WHEN %s - p.birth_year < 26 THEN '18-25' WHEN %s - p.birth_year < 41 THEN '26-40'
                           WHEN %s - p.birth_year < 61 THEN '41-60' ELSE '61+' END AS age_band,
               k.code, count(*)
        FROM cases_incident i
        JOIN territory_territory t ON t.id = i.territory_id
        JOIN accounts_agency a ON a.id = i.reporting_agency_id
        JOIN accounts_agencykind k ON k.id = a.kind_id
        LEFT JOIN cases_participant s ON s.case_id = i.case_id AND s.role = 'survivor'
        LEFT JOIN people_person p ON p.id = s.person_id
        WHERE t.country_code = %s AND i.occurred_at >= (%s::timestamp AT TIME ZONE %s)
          AND i.occurred_at < (%s::timestamp AT TIME ZONE %s)
        GROUP BY GROUPING SETS ((1, 2), (1, 3), (1, 4), (1, 5), (1, 6))
    """
    params = [zone, *[year] * 5, country, f"{year}-01-01", zone, f"{year + 1}-01-01", zone]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--country", default="kz")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--rebuild", action="store_true", help="time the nightly rebuild of the facts first")
    parser.add_argument("--source-sql", action="store_true", help="also time the report's first part on the register")
    args = parser.parse_args()
    country = args.country
    if args.rebuild:
        start = time.perf_counter()
        written = facts.rebuild(country)
        print(f"nightly rebuild: {written:,} incident facts in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stats_incidentfact, stats_incidentfactrelationship, stats_incidentfactcontext")
        start = time.perf_counter()
        years = report.keep_ended_years(country)
        print(f"nightly counts kept ahead: {len(years)} ended years ({years[0]}–{years[-1]}) in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    elif not YearCounts.objects.filter(country_code=country, year=args.year).exists():
        start = time.perf_counter()
        report.keep_year(country, args.year)
        print(f"{args.year}'s counts kept ahead in {time.perf_counter() - start:.1f} s")
    filters = year_filters(country, args.year)
    in_year = IncidentFact.objects.filter(country_code=country, occurred_on__year=args.year).count()
    print(
        f"database: {connection.vendor}; incidents: {Incident.objects.count():,}; "
        f"facts: {IncidentFact.objects.count():,}; in {args.year}: {in_year:,}"
    )
    sections = yearly_report(filters, kept=False)
    tables = sum(len(section.tables) for section in sections)
    kept_sections = yearly_report(filters)
    same = [[t.rows for t in s.tables] for s in kept_sections] == [[t.rows for t in s.tables] for s in sections]
    print(f"the report from the kept counts publishes the same cells as the one counted now: {same}")
    report_ms = median_ms(lambda: yearly_report(filters, kept=False), args.runs)
    kept_ms = median_ms(lambda: yearly_report(filters), args.runs)
    fact_ms = median_ms(lambda: concord_fact_part(filters), args.runs)
    sql_ms = median_ms(lambda: hand_written(country, args.year), args.runs)
    print()
    print("| what | median ms | × hand-written SQL |")
    print("|---|---:|---:|")
    print(f"| the whole yearly report ({len(sections)} indicators, {tables} tables), counted now | {report_ms:.1f} | |")
    print(f"| the same report from the counts kept ahead | {kept_ms:.1f} | |")
    print(f"| its incident part through the catalogue ({len(FACT_INDICATORS) * 5} tables) | {fact_ms:.1f} | "
          f"{fact_ms / sql_ms:.2f} |")  # fmt: skip
    print(f"| the same numbers in hand-written SQL over the facts | {sql_ms:.1f} | 1.00 |")
    if args.source_sql:
        source_ms = median_ms(lambda: source_sql(country, args.year), args.runs)
        print(f"| incidents by type alone in hand-written SQL over the register (no facts) | {source_ms:.1f} | |")
    print()
    print("| indicator | median ms |")
    print("|---|---:|")
    for section in sections:
        splits = [table.by for table in section.tables]
        ms = median_ms(lambda s=section, b=splits: count_many(s.indicator, filters, b), args.runs)
        print(f"| {section.indicator.code} | {ms:.1f} |")
    analyst = Membership.objects.filter(role="analyst").order_by("pk").first()
    if analyst is None:
        print("\n(no analyst in this database: the pages were not timed)")
        return
    busiest = IncidentFact.objects.values("territory__parent").annotate(n=Count("pk")).order_by("-n").first()
    region = Territory.objects.get(pk=busiest["territory__parent"])
    query = f"?year_from={args.year}"
    pages = [
        (f"{code}, by {by or 'nothing'}", f"/statistics/{code}/{query}&by={by}")
        for code, by in (
            ("gbvims-incidents-by-type", ""),
            ("gbvims-incidents-by-type", "territory"),
            ("gbvims-incidents-by-type", "age_band"),
            ("gbvims-perpetrator-relationship", "period"),
        )
    ]
    pages.append(
        (
            "by type, one region by district",
            f"/statistics/gbvims-incidents-by-type/{query}&by=territory&territory={region.pk}",
        )
    )
    pages.append(("dashboard, the country", f"/statistics/dashboard/?year={args.year}"))
    pages.append(("dashboard, the busiest region", f"/statistics/dashboard/?year={args.year}&territory={region.pk}"))
    pages.append(("api, by type by sex (JSON)", f"/api/v1/statistics/gbvims-incidents-by-type/{query}&by=sex"))
    print()
    time_pages([(analyst.user, "analyst", pages)], args.runs)


if __name__ == "__main__":
    main()

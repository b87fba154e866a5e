"""The statistics at national scale, on a database filled by `manage.py generate_national` (2 million incidents):
the nightly rebuild of the incident facts, the yearly national report (every indicator by month, region, sex, age
band and agency kind, suppressed) against the same numbers from hand-written SQL, and the analyst's pages:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/statistics.py --runs 7

The hand-written SQL is what an expert would write for the report: one GROUPING SETS query per indicator over the
fact table, plus the distinct totals of the overlapping ones. `--source-sql` also times the incidents-by-type part
of the report written straight over the register's tables (incidents, territories, agencies, participants,
people), which is what the fact table saves. `--rebuild` times the nightly rebuild (it rewrites the facts).
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
from concord.stats import facts  # noqa: E402
from concord.stats.models import IncidentFact  # noqa: E402
from concord.stats.report import year_filters, yearly_report  # noqa: E402
from concord.territory.models import Territory  # noqa: E402

SPLITS = "(gbvims_type, month), (gbvims_type, region), (gbvims_type, survivor_sex), " + (
    "(gbvims_type, survivor_age_band), (gbvims_type, agency_kind)"
)


def _region_case(alias: str, country: str) -> str:
    """CASE territory_id WHEN … THEN region: the regions of the country by the ids under them."""
    regions = Territory.objects.filter(country_code=country, level=1)
    units = list(Territory.objects.filter(country_code=country).values_list("pk", "path"))
    whens = []
    for region in regions:
        ids = ",".join(str(pk) for pk, path in units if path.startswith(region.path))
        whens.append(f"WHEN {alias}.territory_id IN ({ids}) THEN '{region.code}'")
    return f"CASE {' '.join(whens)} ELSE '' END"


def hand_written(country: str, year: int) -> list:
    """The report's numbers in SQL over the facts: one GROUPING SETS per indicator."""
    region = _region_case("f", country)
    where = "f.country_code = %s AND f.occurred_on >= %s AND f.occurred_on < %s"
    params = [country, f"{year}-01-01", f"{year + 1}-01-01"]
    dims = (
        f"date_trunc('month', f.occurred_on) AS month, {region} AS region, "
        "f.survivor_sex, f.survivor_age_band, f.agency_kind"
    )
    queries = []
    for row in ("f.gbvims_type", "f.delay_band"):
        grouping = SPLITS.replace("gbvims_type", row.split(".")[1])
        queries.append(
            f"SELECT {row}, {dims}, count(*) FROM stats_incidentfact f WHERE {where} "
            f"GROUP BY GROUPING SETS ({grouping})"
        )
    for table, column in (("stats_incidentfactrelationship", "relationship"), ("stats_incidentfactcontext", "context")):
        grouping = SPLITS.replace("gbvims_type", f"c.{column}")
        queries.append(
            f"SELECT c.{column}, {dims}, count(DISTINCT f.incident_id) FROM stats_incidentfact f "
            f"LEFT JOIN {table} c ON c.fact_id = f.incident_id WHERE {where} GROUP BY GROUPING SETS ({grouping})"
        )
        queries.append(f"SELECT count(*) FROM stats_incidentfact f WHERE {where}")
    results = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query, params)
            results.append(cursor.fetchall())
    return results


def source_sql(country: str, year: int) -> list:
    """Incidents by type, by month, region, sex, age band and agency kind, over the register's own tables."""
    zone = str(zone_of(country))
    region = _region_case("i", country)
    query = f"""
        SELECT i.gbvims_type, date_trunc('month', i.occurred_at AT TIME ZONE %s) AS month, {region} AS region,
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
    filters = year_filters(country, args.year, time_zone=zone_of(country))
    in_year = IncidentFact.objects.filter(country_code=country, occurred_on__year=args.year).count()
    print(
        f"database: {connection.vendor}; incidents: {Incident.objects.count():,}; "
        f"facts: {IncidentFact.objects.count():,}; in {args.year}: {in_year:,}"
    )
    sections = yearly_report(filters)
    tables = sum(len(section.tables) for section in sections)
    report_ms = median_ms(lambda: yearly_report(filters), args.runs)
    sql_ms = median_ms(lambda: hand_written(country, args.year), args.runs)
    print()
    print(f"| yearly report ({len(sections)} indicators, {tables} tables) | median ms | × hand-written SQL |")
    print("|---|---:|---:|")
    print(f"| Concord (catalogue, suppression) | {report_ms:.1f} | {report_ms / sql_ms:.2f} |")
    print(f"| hand-written SQL over the facts | {sql_ms:.1f} | 1.00 |")
    if args.source_sql:
        source_ms = median_ms(lambda: source_sql(country, args.year), args.runs)
        print(f"| hand-written SQL over the register, incidents by type only | {source_ms:.1f} | — |")
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
    pages.append(("api, by type by sex (JSON)", f"/api/v1/statistics/gbvims-incidents-by-type/{query}&by=sex"))
    print()
    time_pages([(analyst.user, "analyst", pages)], args.runs)


if __name__ == "__main__":
    main()

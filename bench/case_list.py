"""The case list at scale: times the list page, the home page with its reassessments, the API and the case pages
(the risk tab with its history chart among them) for a caseworker and for a coordinator, with the query count per
request.

Either it seeds N demo cases in the demo district (once, each with one to three risk assessments), where the demo
caseworker sees all of them (the worst case):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/case_list.py --cases 10000

or, with --existing, it reads a database filled by `manage.py generate_national` as it is, and signs in as the
caseworker and the coordinator who see the most cases:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/case_list.py --existing
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
# The benchmark signs in as the seeded demo users, who are exempt from enrolling a second factor in demo mode.
os.environ.setdefault("CONCORD_DEMO_MODE", "1")
os.environ.setdefault("CONCORD_MFA_ENROLMENT", "demo-accounts-exempt")
os.environ.setdefault("CONCORD_SERVER_TIMING", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from concord.accounts.models import Membership, User  # noqa: E402
from concord.cases.models import Case, Involvement  # noqa: E402


def timed(client: Client, url: str | tuple[str, dict], runs: int) -> tuple[float, float, int]:
    """GET a URL, or POST a (url, data) pair (searches are POSTed to keep identifiers out of URLs): the median
    time, the median SQL time the server reported (Server-Timing) and the queries."""

    def request():
        return client.post(*url) if isinstance(url, tuple) else client.get(url)

    request()  # warm-up
    times, sql = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request()
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(float(response["Server-Timing"].split("db;dur=")[1].split(";")[0]) / 1000)
    return statistics.median(times), statistics.median(sql), len(queries.captured_queries)


def median_ms(call, runs: int) -> float:
    """The median time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def time_pages(plan: list, runs: int) -> None:
    """For each (user, label, [(page, url), …]) of the plan, a signed-in client times each page: one table row
    each (reader, page, median, SQL, × SQL, queries)."""
    print("| reader | page | median ms | SQL ms | × SQL | queries |")
    print("|---|---|---:|---:|---:|---:|")
    for user, label, pages in plan:
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        for page, url in pages:
            median, sql, queries = timed(client, url, runs)
            ratio = median / max(sql, 1e-6)
            print(f"| {label} | {page} | {median * 1000:.1f} | {sql * 1000:.1f} | {ratio:.1f} | {queries} |")


def report(email: str, visible: int, label: str, median: float, sql: float, queries: int) -> None:
    print(
        f"| {email.split('.')[0]} | {visible:,} | {label} | {median * 1000:.1f} | {sql * 1000:.1f} "
        f"| {median / max(sql, 1e-6):.1f} | {queries} |"
    )


def busiest_staff() -> list[str]:
    """The caseworker of the agency involved in the most cases, and the coordinator of the district with the most."""
    agency = Involvement.objects.values("agency").annotate(n=Count("pk")).order_by("-n").first()["agency"]
    district = Case.objects.values("territory").annotate(n=Count("pk")).order_by("-n").first()["territory"]
    caseworker = Membership.objects.filter(agency=agency, role="caseworker").order_by("pk").first()
    coordinator = Membership.objects.filter(agency__territory=district, role="coordinator").order_by("pk").first()
    return [caseworker.user.email, coordinator.user.email]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--existing", action="store_true", help="use the data as it is (generate_national)")
    args = parser.parse_args()

    if args.existing:
        emails = busiest_staff()
    else:
        call_command("migrate", verbosity=0)
        call_command("load_country", "az", stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.perf_counter()
        call_command("seed_demo", "--country", "az", "--cases", str(args.cases), stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seeding took {time.perf_counter() - started:.0f} s")
        emails = ["caseworker.az@example.org", "coordinator.az@example.org"]
    print(f"database: {connection.vendor}; cases: {Case.objects.count():,}")
    print("| reader | sees | page | median ms | SQL ms | × SQL | queries |")
    print("|---|---:|---|---:|---:|---:|---:|")

    newest = Case.objects.order_by("pk").last()
    assert newest is not None
    for email in emails:
        client = Client()
        user = User.objects.get(email=email)
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        visible = Case.objects.visible_to(user).count()
        for label, url in (
            ("list, page 1", "/cases/"),
            ("list, page 200", "/cases/?page=200"),
            ("list, status filter", "/cases/?status=active"),
            ("list, risk filter", "/cases/?risk_level=3"),
            ("home, work list", "/"),
            ("work page", "/work/"),
            ("search by number", ("/cases/", {"q": newest.number})),
            ("api, page 1", "/api/v1/cases/"),
            ("api, assessments", "/api/v1/risk-assessments/"),
        ):
            report(email, visible, label, *timed(client, url, args.runs))
        if user.membership.role == "coordinator":
            report(email, visible, "caseload overview", *timed(client, "/cases/caseload/", args.runs))
        # The case with the most history stands for a busy case page.
        busiest = Case.objects.visible_to(user).annotate(n=Count("timeline")).order_by("-n", "pk").first()
        for tab in ("", "people/", "incidents/", "risk/", "notes/", "timeline/"):
            label = f"case page {tab.rstrip('/') or 'overview'}"
            report(email, visible, label, *timed(client, f"/cases/{busiest.pk}/{tab}", args.runs))


if __name__ == "__main__":
    main()

"""The case list at scale: seeds N demo cases (once, each with one to three risk assessments) and times the list
page, the home page with its reassessments, the API and the case pages (the risk tab with its history chart among
them) for a caseworker who sees all of them (the worst case) and for a coordinator of the district, with the query
count per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/case_list.py --cases 10000
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from concord.accounts.models import User  # noqa: E402
from concord.cases.models import Case  # noqa: E402


def timed(client: Client, url: str | tuple[str, dict], runs: int) -> tuple[float, int]:
    """GET a URL, or POST a (url, data) pair (searches are POSTed to keep identifiers out of URLs)."""

    def request():
        return client.post(*url) if isinstance(url, tuple) else client.get(url)

    request()  # warm-up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request()
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries.captured_queries)


def report(email: str, visible: int, label: str, median: float, queries: int) -> None:
    print(f"{email.split('.')[0]:<12} sees {visible:>6}  {label:<22} median {median * 1000:7.1f} ms  {queries} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_country", "az", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    call_command("seed_demo", "--country", "az", "--cases", str(args.cases), stdout=open(os.devnull, "w"))  # noqa: SIM115
    seeded = time.perf_counter() - started
    print(f"database: {connection.vendor}; cases: {Case.objects.count()} (seeding took {seeded:.0f} s)")

    newest = Case.objects.order_by("pk").last()
    assert newest is not None
    for email in ("caseworker.az@example.org", "coordinator.az@example.org"):
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
        if email.startswith("coordinator"):
            report(email, visible, "caseload overview", *timed(client, "/cases/caseload/", args.runs))
        # The case with the most history stands for a busy case page.
        busiest = Case.objects.visible_to(user).annotate(n=Count("timeline")).order_by("-n").first()
        for tab in ("", "people/", "incidents/", "risk/", "notes/", "timeline/"):
            label = f"case page {tab.rstrip('/') or 'overview'}"
            report(email, visible, label, *timed(client, f"/cases/{busiest.pk}/{tab}", args.runs))


if __name__ == "__main__":
    main()

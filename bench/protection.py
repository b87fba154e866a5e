"""The protection pages at national scale: the register of orders (each view, HTML and API, and the XLSX export)
for the coordinator of the territory with the most orders and for the issuing agency with the most, the case's
"Orders and proceedings" tab and an order's page, and the tick's protection jobs, on a database filled by
`manage.py generate_national` (about one case in five with an order):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/protection.py --runs 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.case_list import time_pages  # noqa: E402 - sets up Django as the other benchmarks do
from concord.accounts.models import Membership, User  # noqa: E402
from concord.cases.models import Case  # noqa: E402
from concord.protection import jobs  # noqa: E402
from concord.protection.models import Order  # noqa: E402


def _member(agency_id: int, role: str) -> User | None:
    membership = Membership.objects.filter(agency_id=agency_id, role=role).order_by("pk").first()
    return membership.user if membership else None


def _job_ms(job, runs: int) -> float:
    """A job's median time, each run rolled back so that every run finds the same work."""
    times = []
    for _ in range(runs):
        with transaction.atomic():
            start = time.perf_counter()
            job(timezone.now())
            times.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    by_territory = Order.objects.values("territory").annotate(n=Count("pk")).order_by("-n").first()
    by_issuer = Order.objects.values("issuer").annotate(n=Count("pk")).order_by("-n").first()
    coordinator = Membership.objects.filter(role="coordinator", jurisdiction=by_territory["territory"]).first().user
    busiest_case = Case.objects.annotate(n=Count("protection_orders")).order_by("-n", "pk").first()
    owner = _member(busiest_case.owning_agency_id, "caseworker")
    order = busiest_case.protection_orders.order_by("pk").first()
    print(f"database: {connection.vendor}; cases: {Case.objects.count():,}; orders: {Order.objects.count():,}")
    print(
        f"busiest territory: {by_territory['n']:,} orders; busiest issuing agency: {by_issuer['n']:,}; "
        f"busiest case: {busiest_case.n} orders"
    )
    register = [
        (f"register, {view}", f"/orders/?view={view}")
        for view in ("in_force", "expiring", "breached", "gaps", "applied", "all")
    ]
    plan = [
        (coordinator, "coordinator", [*register, ("api, register in force", "/api/v1/orders/?view=in_force"),
                                      ("export, in force (XLSX)", "/orders/export.xlsx?view=in_force")]),
        (owner, "case owner", [("orders tab", f"/cases/{busiest_case.pk}/protection/"),
                               ("order page", f"/orders/{order.pk}/")]),
    ]  # fmt: skip
    issuer = _member(by_issuer["issuer"], "caseworker") or _member(by_issuer["issuer"], "supervisor")
    if issuer is not None:
        plan.append((issuer, "issuing agency", register[:1] + register[-1:]))
    time_pages(plan, args.runs)
    print()
    print("| tick job | median ms |")
    print("|---|---:|")
    for job in (jobs.expire_orders, jobs.remind_decisions, jobs.remind_expiries, jobs.find_protection_gaps):
        print(f"| {job.__name__} | {_job_ms(job, args.runs):.1f} |")


if __name__ == "__main__":
    main()

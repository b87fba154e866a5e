"""Intake under concurrency: N writer processes (as gunicorn's workers are) each open cases for generated
caseworkers through the services the API's POST /api/v1/cases/ calls (person_create, case_open), each case in its
own transaction as a request's; reports cases a second and the latency percentiles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/intake.py --writers 8

It writes real cases into the database it is given: point it at a generated one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connections, transaction  # noqa: E402

from concord.accounts.models import Membership, User  # noqa: E402
from concord.cases import services  # noqa: E402
from concord.people.services import person_create  # noqa: E402


def _writer(user_id: int, seconds: float, results) -> None:
    connections.close_all()  # a process of its own needs a connection of its own
    user = User.objects.get(pk=user_id)
    territory = user.agency.territory
    latencies = []
    deadline = time.perf_counter() + seconds
    number = 0
    while time.perf_counter() < deadline:
        number += 1
        started = time.perf_counter()
        with transaction.atomic():
            survivor = person_create(
                agency=user.agency, given_name="Intake", family_name=f"Bench {os.getpid()}-{number}", sex="female"
            )
            services.case_open(actor=user, survivor=survivor, territory=territory)
        latencies.append(time.perf_counter() - started)
    connections.close_all()
    results.put(latencies)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    caseworkers = list(
        Membership.objects.filter(role="caseworker", agency__code__startswith="G")
        .order_by("agency_id", "pk")
        .distinct("agency_id")
        .values_list("user_id", flat=True)[: args.writers]
    )
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    connections.close_all()
    processes = [context.Process(target=_writer, args=(user, args.seconds, results)) for user in caseworkers]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies = sorted(latency for _ in processes for latency in results.get())
    for process in processes:
        process.join()
    wall = time.perf_counter() - started
    print(
        f"{len(processes)} writers, {len(latencies)} cases in {wall:.1f} s: {len(latencies) / wall:.1f} cases/s; "
        f"p50 {1000 * statistics.median(latencies):.1f} ms, p95 {1000 * latencies[int(0.95 * len(latencies))]:.1f} ms"
    )


if __name__ == "__main__":
    main()

"""The audit log under load: append latency with 1 to 16 concurrent writers (processes, each append inside a
transaction that stays open a while, as a request's does), sealing the backlog, and verifying it in full and
incrementally.

A national deployment writes an audit event for every login, case view, document read and change: on the order
of 100,000 to 1,000,000 events a day. Appends take no lock, so their latency should not grow with the writers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/audit_chain.py

The script migrates the database it is given and empties the audit tables first: point it at a throwaway database.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("AUDIT_CHECKPOINT_FILE", str(Path(tempfile.mkdtemp()) / "audit-checkpoints.jsonl"))
os.environ.setdefault("AUDIT_VERIFIED_FILE", str(Path(tempfile.mkdtemp()) / "audit-verified.json"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from concord.audit.choices import AuditAction  # noqa: E402
from concord.audit.models import AuditEvent, AuditSeal  # noqa: E402
from concord.audit.services import audit_record, audit_seal  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _writer(number: int, count: int, hold: float, results) -> None:
    connections.close_all()  # a process of its own needs a connection of its own
    latencies = []
    for index in range(count):
        with transaction.atomic():
            started = time.perf_counter()
            audit_record(action=AuditAction.USER_UPDATED, object_type="bench", object_id=f"{number}-{index}")
            latencies.append(time.perf_counter() - started)
            time.sleep(hold)
    connections.close_all()
    results.put(latencies)


def appends(writers: int, per_writer: int, hold: float) -> tuple[list[float], float]:
    """Each writer, a process of its own (as gunicorn's workers are), appends `per_writer` events, each in its own
    transaction held open `hold` seconds after the append; returns every append's latency and the wall time."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    connections.close_all()
    processes = [context.Process(target=_writer, args=(n, per_writer, hold, results)) for n in range(writers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies = [latency for _ in processes for latency in results.get()]
    for process in processes:
        process.join()
    return latencies, time.perf_counter() - started


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000, help="appends per concurrency level")
    parser.add_argument("--hold-ms", type=float, default=10, help="how long each append's transaction stays open")
    parser.add_argument("--backlog", type=int, default=200_000, help="events to seal and verify")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        for model in (AuditEvent, AuditSeal):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - fixed table names
    print(f"database: {connection.vendor}; each append in a transaction held {args.hold_ms:.0f} ms")
    print("| writers | appends/s | p50 ms | p95 ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|")
    for writers in (1, 4, 16):
        latencies, wall = appends(writers, max(1, args.events // writers), args.hold_ms / 1000)
        print(
            f"| {writers} | {len(latencies) / wall:,.0f} | {1000 * statistics.median(latencies):.2f} "
            f"| {1000 * percentile(latencies, 0.95):.2f} | {1000 * percentile(latencies, 0.99):.2f} |"
        )

    missing = args.backlog - AuditEvent.objects.count()
    started = time.perf_counter()
    for number in range(max(0, missing)):
        audit_record(action=AuditAction.USER_UPDATED, object_type="bench", object_id=number)
    print(f"backlog: {args.backlog:,} events written in {time.perf_counter() - started:.1f} s")
    print(f"seal the backlog: {timed(audit_seal):.1f} s")
    print(f"verify in full: {timed(lambda: call_command('verify_audit', stdout=open(os.devnull, 'w'))):.1f} s")  # noqa: SIM115
    for number in range(args.backlog // 100):
        audit_record(action=AuditAction.USER_UPDATED, object_type="bench", object_id=f"new-{number}")
    audit_seal()
    incremental = timed(lambda: call_command("verify_audit", "--incremental", stdout=open(os.devnull, "w")))  # noqa: SIM115
    print(f"verify incrementally after {args.backlog // 100:,} more events: {incremental:.2f} s")


if __name__ == "__main__":
    main()

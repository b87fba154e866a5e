"""Audit-chain throughput: appends per second through audit_record, and the time to verify N events.

A national deployment writes an audit event for every login, case view, document read and change: at ~2,000
active staff that is on the order of 100,000 events a day, so both the append rate and a full verification of a
year's chain matter.
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from concord.audit.choices import AuditAction  # noqa: E402
from concord.audit.models import AuditChainHead, AuditEvent  # noqa: E402
from concord.audit.selectors import audit_chain_problems  # noqa: E402
from concord.audit.services import audit_record  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3, help="verification runs (median reported)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        for model in (AuditEvent, AuditChainHead):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - fixed table names

    started = time.perf_counter()
    for number in range(args.events):
        audit_record(
            action=AuditAction.USER_UPDATED, object_type="bench", object_id=number, details={"fields": ["full_name"]}
        )
    append_seconds = time.perf_counter() - started

    verify_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        problems = list(audit_chain_problems())
        verify_times.append(time.perf_counter() - started)
        assert not problems, problems[:3]

    print(f"database: {connection.vendor}")
    print(f"events: {args.events}")
    print(
        f"append: {append_seconds:.1f} s, {args.events / append_seconds:.0f} events/s, "
        f"{1000 * append_seconds / args.events:.2f} ms/event"
    )
    print(
        f"verify: median {statistics.median(verify_times):.2f} s over {args.repeat} runs "
        f"({args.events / statistics.median(verify_times):.0f} events/s)"
    )


if __name__ == "__main__":
    main()

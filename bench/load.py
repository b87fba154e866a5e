"""The load benchmark's two ends around locust (bench/locustfile.py).

    # 1. who signs in, and which of their cases they open (from a database filled by generate_national)
    DATABASE_URL=… .venv/bin/python bench/load.py prepare --users 120 > /tmp/load-users.json
    # 2. the server, with timings in its answers (Server-Timing: the server's time and its SQL's, per page)
    CONCORD_SERVER_TIMING=1 DATABASE_URL=… .venv/bin/gunicorn config.wsgi -w 4 -b 127.0.0.1:8000
    # 3. the mix at a fixed arrival rate: U users, each at R requests a second
    LOAD_USERS=/tmp/load-users.json LOAD_TIMINGS=/tmp/load_timings.csv .venv/bin/locust -f bench/locustfile.py \\
        --headless -u 120 -r 30 -t 120s --host http://127.0.0.1:8000 --csv /tmp/load
    # 4. the table for bench/README.md
    .venv/bin/python bench/load.py report /tmp/load_stats.csv /tmp/load_timings.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path


def prepare(users: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from concord.accounts.models import Membership
    from concord.cases.models import Case, Participant
    from concord.risk.models import InstrumentVersion

    shares = {"caseworker": 0.6, "supervisor": 0.25, "coordinator": 0.15}
    people = []
    for role, share in shares.items():
        memberships = (
            Membership.objects.filter(role=role, agency__code__startswith="G", user__is_active=True)
            .select_related("user", "agency__territory")
            .order_by("?")[: max(1, round(users * share))]
        )
        for membership in memberships:
            user = membership.user
            cases = list(Case.objects.visible_to(user).order_by("-opened_at").values_list("pk", "number")[:40])
            if not cases:
                continue
            perpetrators = dict(
                Participant.objects.filter(case_id__in=[pk for pk, _ in cases], role="alleged_perpetrator")
                .order_by("case_id", "pk")
                .values_list("case_id", "pk")
            )
            instrument = InstrumentVersion.objects.in_force_on(
                Case.objects.get(pk=cases[0][0]).opened_at.date()
            ).for_country(membership.agency.territory.country_code)
            people.append(
                {
                    "email": user.email,
                    "role": role,
                    "district": membership.agency.territory.code,
                    "agency": membership.agency.code,
                    "cases": [
                        {"id": pk, "number": number, "perpetrator": perpetrators.get(pk)} for pk, number in cases
                    ],
                    "instrument": instrument[0].pk if instrument else None,
                    "items": [item.code for item in instrument[0].parsed.items] if instrument else [],
                }
            )
    json.dump({"password": os.environ.get("LOAD_PASSWORD", "concord-national"), "users": people}, sys.stdout)


def report(stats: Path, timings: Path) -> None:
    """Locust's statistics as a table, each page with the server time and SQL time the server reported."""
    with stats.open() as file:
        rows = list(csv.DictReader(file))
    with timings.open() as file:
        server = {row["name"]: row for row in csv.DictReader(file)}
    print("| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | server p50 ms | SQL p50 ms | server ÷ SQL |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in sorted(rows, key=lambda row: (row["Name"] == "Aggregated", row["Name"])):
        timing = server.get(row["Name"])
        app, sql = (float(timing["server_p50"]), float(timing["sql_p50"])) if timing else (None, None)
        ratio = f"{app / sql:.1f}" if app and sql else ""
        print(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} "
            f"| {row['99%']} | {row['Failure Count']} | {'' if app is None else f'{app:.1f}'} "
            f"| {'' if sql is None else f'{sql:.1f}'} | {ratio} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_command = commands.add_parser("prepare")
    prepare_command.add_argument("--users", type=int, default=120)
    report_command = commands.add_parser("report")
    report_command.add_argument("stats", type=Path, help="locust's --csv PREFIX_stats.csv")
    report_command.add_argument("timings", type=Path, help="the locustfile's LOAD_TIMINGS file")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.users)
    else:
        report(args.stats, args.timings)


if __name__ == "__main__":
    main()

"""The monitoring-group pages at national scale, on a database filled by `manage.py generate_national` (each
district's group with its meetings, every case that reached HIGH risk discussed, actions and followed families):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/groups.py --runs 7

For the district whose open cases are nearest the number asked for (--open, 5,000 by default) and for the district
with the most: the automatic agenda of a meeting planned for tomorrow (its computation alone, then the whole "propose
the cases" step that writes the items), and the pages a secretary, a member and an owner agency use. Everything is
done in a transaction rolled back at the end: the database is left as it was.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.case_list import median_ms, time_pages  # noqa: E402 - sets up Django as the other benchmarks do
from concord.accounts.models import Membership  # noqa: E402
from concord.cases.choices import CaseStatus  # noqa: E402
from concord.cases.models import Case  # noqa: E402
from concord.groups import agenda, services  # noqa: E402
from concord.groups.models import Acceptance, Action, AgendaItem, Group, Member  # noqa: E402


def _districts(target: int) -> list[tuple[Group, int]]:
    open_cases = dict(Case.objects.exclude(status=CaseStatus.CLOSED).values_list("territory").annotate(n=Count("pk")))
    groups = [g for g in Group.objects.select_related("territory", "kind") if open_cases.get(g.territory_id)]
    near = min(groups, key=lambda g: abs(open_cases[g.territory_id] - target))
    busiest = max(groups, key=lambda g: open_cases[g.territory_id])
    chosen = [near] if near == busiest else [near, busiest]
    return [(group, open_cases[group.territory_id]) for group in chosen]


def _officers(group: Group):
    """The district's coordinator as secretary and chair, and one of its caseworkers as a member."""
    coordinator = (
        Membership.objects.filter(role="coordinator", agency__territory=group.territory, is_active=True)
        .order_by("pk")
        .first()
        or Membership.objects.filter(role="coordinator", jurisdiction=group.territory, is_active=True)
        .order_by("pk")
        .first()
    )
    caseworker = (
        Membership.objects.filter(role="caseworker", agency__territory=group.territory, is_active=True)
        .order_by("pk")
        .first()
    )
    Group.objects.filter(pk=group.pk).update(chair=coordinator.user, secretary=coordinator.user)
    group.refresh_from_db()
    member, _ = Member.objects.get_or_create(group=group, agency=caseworker.agency, left_on=None)
    member.representative = caseworker.user
    member.save()
    return coordinator.user, caseworker.user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--open", type=int, default=5000, help="open cases of the district to measure")
    args = parser.parse_args()
    print(
        f"database: {connection.vendor}; cases: {Case.objects.count():,}; groups: {Group.objects.count():,}; "
        f"agenda items: {AgendaItem.objects.count():,}; actions: {Action.objects.count():,}"
    )
    with transaction.atomic():
        for group, open_count in _districts(args.open):
            secretary, member = _officers(group)
            meeting = services.meeting_plan(
                actor=secretary, group=group, scheduled_at=timezone.now() + datetime.timedelta(days=1)
            )
            proposals = agenda.compute(meeting)
            compute_ms = median_ms(lambda m=meeting: agenda.compute(m), args.runs)
            start = time.perf_counter()
            services.agenda_build(actor=secretary, meeting=meeting)
            build_ms = (time.perf_counter() - start) * 1000
            held = group.meetings.filter(status="minutes_approved").order_by("-scheduled_at").first()
            print()
            print(
                f"district {group.territory.code}: {open_count:,} open cases; {len(proposals)} proposed; "
                f"agenda computed in {compute_ms:.1f} ms (median), proposed and written in {build_ms:.1f} ms"
            )
            for user in (secretary, member):
                Acceptance.objects.get_or_create(meeting=meeting, user=user)
            item = meeting.items.order_by("position").first()
            pages = [
                ("meeting page", f"/meetings/{meeting.pk}/"),
                ("group page", f"/groups/{group.pk}/"),
                ("api agenda", f"/api/v1/agenda-items/?meeting={meeting.pk}"),
            ]
            if item is not None:
                pages.append(("case on the agenda", f"/meetings/{meeting.pk}/items/{item.pk}/"))
            if held is not None:
                pages.append(("minutes pdf", f"/meetings/{held.pk}/minutes.pdf"))
            owner_pages = [("actions of the agency", "/groups/actions/"), ("home (work list)", "/")]
            time_pages([(secretary, "secretary", pages), (member, "member / owner agency", owner_pages)], args.runs)
            busiest = Action.objects.filter(status="open").values("owner").annotate(n=Count("pk"))
            top = busiest.order_by("-n").first()
            if top:
                print(f"(most open actions of one agency in the country: {top['n']:,})")
        open_items = Q(summary_until__gt=timezone.now())
        print(f"\nagenda items in a members' window now: {AgendaItem.objects.filter(open_items).count():,}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()

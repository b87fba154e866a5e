"""One person across cases at national scale, on a database filled by `manage.py generate_national`:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/persons.py --runs 7

A man is made the alleged perpetrator in --spread cases of other districts (as merges or a shared register leave a
serial perpetrator), then the pages that show him are timed for the caseworker of his first case: the person page,
the case's people tab ("known from other cases"), the risk form that pre-marks earlier violence, the API's record;
for the supervisor of the registering agency, the person page with its possible duplicates and the duplicates page.
Last, the nightly search for duplicates over --new people registered since its last run. Everything runs in a
transaction rolled back at the end: the database is left as it was.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.case_list import time_pages  # noqa: E402 - sets up Django as the other benchmarks do
from concord.accounts.models import Membership  # noqa: E402
from concord.cases.choices import ParticipantRole  # noqa: E402
from concord.cases.jobs import find_possible_duplicates  # noqa: E402
from concord.cases.models import Case, Participant  # noqa: E402
from concord.people.models import Person  # noqa: E402


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--spread", type=int, default=50, help="other cases the man is the alleged perpetrator in")
    parser.add_argument("--new", type=int, default=500, help="people the nightly search looks at")
    args = parser.parse_args()
    print(f"{Person.objects.count():,} people, {Case.objects.count():,} cases")
    try:
        with transaction.atomic():
            run(args)
            raise Rollback
    except Rollback:
        pass


def run(args) -> None:
    case = Case.objects.filter(participants__role=ParticipantRole.ALLEGED_PERPETRATOR).order_by("pk").first()
    man = case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).first().person
    others = Case.objects.exclude(territory=case.territory).order_by("?")[: args.spread]
    Participant.objects.bulk_create(
        [Participant(case=other, person=man, role=ParticipantRole.ALLEGED_PERPETRATOR) for other in others]
    )
    caseworker = Membership.objects.filter(agency=case.owning_agency, role="caseworker").order_by("pk").first().user
    supervisor = Membership.objects.filter(agency=case.owning_agency, role="supervisor").order_by("pk").first().user
    Person.objects.filter(pk=man.pk).update(registered_by_agency=case.owning_agency)
    print(f"case {case.number}; the man is in {args.spread} other cases\n")
    time_pages(
        [
            (
                caseworker,
                "caseworker",
                [
                    ("person page", reverse("cases:person_detail", args=[man.pk])),
                    ("case people tab", reverse("cases:case_tab", args=[case.pk, "people"])),
                    ("risk form (pre-marked)", reverse("risk:assessment_create", args=[case.pk])),
                    ("api person record", f"/api/v1/persons/{man.pk}/record/"),
                ],
            ),
            (
                supervisor,
                "supervisor",
                [
                    ("person page with duplicates", reverse("cases:person_detail", args=[man.pk])),
                    ("possible duplicates", reverse("cases:duplicate_list")),
                ],
            ),
        ],
        args.runs,
    )
    newest = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[: args.new])
    Person.objects.filter(pk__in=newest).update(duplicates_checked_at=None)
    start = time.perf_counter()
    find_possible_duplicates(timezone.now())
    elapsed = time.perf_counter() - start
    print(
        f"\nnightly search: {len(newest)} people in {elapsed:.1f} s ({elapsed / len(newest) * 1000:.1f} ms a person);"
        f" the unchecked ones found through their partial index"
    )


if __name__ == "__main__":
    main()

"""The referral pages at national scale: the receiving agency's incoming queue (HTML and API), the navigation's
count on every page, the sent referrals, a supervisor's team view, a coordinator's territory view, the case's
Referrals tab and a referral's page, for the readers with the most referrals, on a database filled by
`manage.py generate_national` (about two cases in five referred):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/referrals.py --runs 7
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.case_list import time_pages  # noqa: E402 - sets up Django as the other benchmarks do
from concord.accounts.models import Membership, User  # noqa: E402
from concord.cases.models import Case  # noqa: E402
from concord.referrals.choices import OPEN_STATES  # noqa: E402
from concord.referrals.models import Referral  # noqa: E402


def _member(agency_id: int, role: str) -> User:
    return Membership.objects.filter(agency_id=agency_id, role=role).order_by("pk").first().user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    open_by_agency = (
        Referral.objects.filter(state__in=OPEN_STATES).values("to_agency").annotate(n=Count("pk")).order_by("-n")
    )
    busiest_receiver = open_by_agency.first()
    sent_by_agency = Referral.objects.values("from_agency").annotate(n=Count("pk")).order_by("-n").first()
    by_territory = Referral.objects.values("territory").annotate(n=Count("pk")).order_by("-n").first()
    receiver = _member(busiest_receiver["to_agency"], "caseworker")
    supervisor = _member(busiest_receiver["to_agency"], "supervisor")
    sender = _member(sent_by_agency["from_agency"], "caseworker")
    coordinator = Membership.objects.filter(role="coordinator", jurisdiction=by_territory["territory"]).first().user
    busiest_case = Case.objects.annotate(n=Count("referrals")).order_by("-n", "pk").first()
    print(f"database: {connection.vendor}; cases: {Case.objects.count():,}; referrals: {Referral.objects.count():,}")
    print(
        f"busiest receiving agency: {busiest_receiver['n']:,} open referrals; busiest sending agency: "
        f"{sent_by_agency['n']:,} sent; busiest territory: {by_territory['n']:,}; "
        f"busiest case: {busiest_case.n} referrals"
    )
    owner = _member(busiest_case.owning_agency_id, "caseworker")
    referral = busiest_case.referrals.order_by("pk").first()
    plan = [
        (receiver, "receiver", [
            ("incoming queue", "/referrals/"),
            ("api, incoming", "/api/v1/referrals/?direction=incoming"),
            ("home (work list, nav count)", "/"),
            ("sent referrals", "/referrals/sent/"),
        ]),
        (supervisor, "supervisor", [("team view", "/referrals/team/"),
                                    ("sent by the agency", "/referrals/sent/?team=1")]),
        (sender, "sender", [("sent referrals", "/referrals/sent/"), ("api, referrals", "/api/v1/referrals/")]),
        (coordinator, "coordinator", [("territory view, 90 days", "/referrals/territory/"),
                                      ("territory view, 365 days", "/referrals/territory/?days=365")]),
        (owner, "case owner", [("referrals tab", f"/cases/{busiest_case.pk}/referrals/"),
                               ("referral page", f"/referrals/{referral.pk}/")]),
        (sender, "sender", [("services directory", "/services/")]),
    ]  # fmt: skip
    time_pages(plan, args.runs)


if __name__ == "__main__":
    main()

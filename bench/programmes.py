"""Perpetrator programmes and trainings at national scale, on a database filled by `manage.py generate_national`
(a programme in every district that sends someone to one, about one case in twenty-five with an enrolment and its
weekly attendance; every district's yearly training plans with their attendance sheets):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_national .venv/bin/python bench/programmes.py --runs 7

Times the pages of the programme with the most enrolments as its facilitator sees them (his home page and work
list, the programme with its enrolments and sessions, an enrolment, the attendance sheet to fill in and its PDF, the
API), the case side (the case's "Programmes" tab, the enrolment, the directory), the trainings of the district with
the most attendance lines (plans, calendar, a plan's report, a session's sheet) and the coverage report for that
district and for the whole country; then the programme indicators of the last full year and the tick's jobs. The
facilitator and the national analyst are members of staff added for the run: everything is done in a transaction
rolled back at the end.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.case_list import median_ms, time_pages  # noqa: E402 - sets up Django as the other benchmarks do
from bench.protection import _job_ms  # noqa: E402
from concord.accounts.models import Agency, Membership, User  # noqa: E402
from concord.cases.models import Case  # noqa: E402
from concord.programmes import jobs, selectors  # noqa: E402
from concord.programmes.models import Attendance, Enrolment, Programme, Trainee, TrainingSession  # noqa: E402
from concord.stats import catalogue  # noqa: E402
from concord.stats.catalogue import Filters  # noqa: E402
from concord.territory.models import Territory  # noqa: E402

INDICATORS = (
    "programme-enrolments",
    "programme-outcomes",
    "programme-reoffending",
    "trainings-held",
    "trainings-participants",
)


def _staff_member(agency, role: str, name: str) -> User:
    """A member of staff made for the run (the generator gives providers and the national body no staff)."""
    user = User.objects.create(email=f"bench.{name}@staff.example.org", full_name=name.title(), is_demo_account=True)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def _member(agency_id: int, role: str) -> User:
    return Membership.objects.filter(agency_id=agency_id, role=role, is_active=True).order_by("pk").first().user


def _programme_pages(programme: Programme) -> list:
    enrolment = (
        programme.enrolments.annotate(n=Count("attendance")).order_by("-n", "pk").first()
        or programme.enrolments.order_by("pk").first()
    )
    facilitator = _staff_member(programme.provider, "caseworker", "facilitator")
    provider_pages = [
        ("home (work list)", "/"),
        ("programme, enrolments and sessions", f"/programmes/{programme.pk}/"),
        ("enrolment", f"/programmes/enrolments/{enrolment.pk}/"),
        ("attendance sheet to fill in", f"/programmes/{programme.pk}/sessions/new/"),
        ("attendance sheet (PDF)", f"/programmes/{programme.pk}/attendance-sheet.pdf"),
        ("api, programme's enrolments", f"/api/v1/programmes/{programme.pk}/enrolments/"),
        ("api, enrolments", "/api/v1/enrolments/"),
    ]
    case = Case.objects.get(pk=enrolment.case_id)
    owner = _member(case.owning_agency_id, "caseworker")
    case_pages = [
        ("case's programmes tab", f"/cases/{case.pk}/programmes/"),
        ("enrolment", f"/programmes/enrolments/{enrolment.pk}/"),
        ("programme directory", "/programmes/"),
        ("api, programmes", "/api/v1/programmes/"),
    ]
    return [(facilitator, "facilitator", provider_pages), (owner, "case owner", case_pages)]


def _training_pages() -> list:
    busiest = (
        Trainee.objects.values("session__plan__territory")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["session__plan__territory"]
    )
    district = Territory.objects.get(pk=busiest)
    coordinator = (
        Membership.objects.filter(role="coordinator", jurisdiction=district, is_active=True).order_by("pk").first()
    )
    session = (
        TrainingSession.objects.filter(plan__territory=district).annotate(n=Count("trainees")).order_by("-n").first()
    )
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    pages = [
        ("training plans", "/trainings/"),
        ("calendar", f"/trainings/calendar/?month={month}"),
        ("plan and its report", f"/trainings/{session.plan_id}/"),
        (f"session's sheet ({session.n} lines)", f"/trainings/sessions/{session.pk}/"),
        ("coverage, district, 24 months", f"/trainings/coverage/?territory={district.pk}&months=24"),
        ("api, coverage, district", f"/api/v1/training-coverage/?territory={district.pk}&months=24"),
    ]
    plan = [(coordinator.user, "district coordinator", pages)]
    national = Agency.objects.filter(territory__parent__isnull=True, is_active=True).order_by("pk").first()
    if national is not None:
        analyst = _staff_member(national, "analyst", "analyst")
        root = national.territory
        pages = [
            ("coverage, country, 24 months", f"/trainings/coverage/?territory={root.pk}&months=24"),
            ("api, coverage, country", f"/api/v1/training-coverage/?territory={root.pk}&months=24"),
            ("training plans, country", "/trainings/"),
        ]
        plan.append((analyst, "national analyst", pages))
    return plan


def _indicators(runs: int) -> None:
    year = timezone.localdate().year - 1
    country = Case.objects.values_list("territory__country_code", flat=True).first()
    filters = Filters(country_code=country, start=datetime.date(year, 1, 1), end=datetime.date(year + 1, 1, 1))
    print()
    print(f"| indicator ({year}, whole country) | total | by region: median ms |")
    print("|---|---:|---:|")
    for code in INDICATORS:
        indicator = catalogue.indicator(code)
        counts = catalogue.count(indicator, filters, "territory")
        ms = median_ms(lambda i=indicator: catalogue.count(i, filters, "territory"), runs)
        print(f"| {code} | {counts.distinct_total:,} | {ms:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    programme = Programme.objects.annotate(n=Count("enrolments")).order_by("-n", "pk").first()
    print(
        f"database: {connection.vendor}; cases: {Case.objects.count():,}; programmes: {Programme.objects.count():,}; "
        f"enrolments: {Enrolment.objects.count():,}; attendance: {Attendance.objects.count():,}; "
        f"training sessions: {TrainingSession.objects.count():,}; attendance lines: {Trainee.objects.count():,}"
    )
    print(
        f"busiest programme: {programme.n:,} enrolments, {len(selectors.attending(programme))} attending now, "
        f"{programme.sessions_held.count():,} sessions"
    )
    with transaction.atomic():
        time_pages([*_programme_pages(programme), *_training_pages()], args.runs)
        transaction.set_rollback(True)
    _indicators(args.runs)
    print()
    print("| tick job | median ms |")
    print("|---|---:|")
    for job in (jobs.remind_first_contact, jobs.replay_programme_events):
        print(f"| {job.__name__} | {_job_ms(job, args.runs):.1f} |")


if __name__ == "__main__":
    main()

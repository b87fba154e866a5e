"""manage.py generate_national: a whole country's caseload for load tests and benchmarks (concord.cases.national)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from concord.cases.models import Case
from concord.cases.national import NationalRun, Sizes
from concord.countries.models import Country


class Command(BaseCommand):
    help = (
        "Generate a national data set in a loaded country: agencies and staff in every district, then cases with "
        "their persons, incidents, assessments, consents, notes, timelines and a year of audit events. For test and "
        "benchmark databases only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("country", help="code of a loaded country pack, e.g. kz")
        parser.add_argument("--cases", type=int, default=10_000)
        parser.add_argument("--persons", type=int, help="default: two per case")
        parser.add_argument("--incidents", type=int, help="default: four per case")
        parser.add_argument("--staff", type=int, help="default: one per 50 cases, at least 5 per district")
        parser.add_argument("--years", type=int, default=5, help="the cases were opened over this many years")
        parser.add_argument("--audit-days", type=int, default=365, help="audit events of this many last days")
        parser.add_argument("--views-per-case", type=float, default=4.0, help="case reads a year per open case")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--password", default="concord-national", help="the generated staff's password")
        parser.add_argument(
            "--force", action="store_true", help="write even though this is not a demonstration deployment"
        )

    def handle(self, *args, country: str, **options) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG or options["force"]):
            raise CommandError(
                "This writes invented cases: run it on a demonstration or benchmark deployment "
                "(CONCORD_DEMO_MODE=true), or pass --force."
            )
        found = Country.objects.filter(code=country).first()
        if found is None:
            raise CommandError(f"Country {country!r} is not loaded: run load_country {country} first.")
        cases = options["cases"]
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        sizes = Sizes(
            cases=cases,
            persons=options["persons"] or 2 * cases,
            incidents=options["incidents"] or 4 * cases,
            staff=options["staff"] or max(1, cases // 50),
            years=options["years"],
            audit_days=options["audit_days"],
            views_per_case=options["views_per_case"],
            seed=options["seed"],
        )
        if sizes.incidents < sizes.cases:
            raise CommandError("Every case has at least one incident: --incidents must be at least --cases.")
        started = time.monotonic()
        run = NationalRun(found, sizes, password=options["password"])
        columns = (
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=None, transient=False, disable=options["verbosity"] == 0) as progress:
            task = progress.add_task("districts", total=None, rate="")
            run.prepare()
            progress.update(task, total=len(run.districts), completed=len(run.districts))
            run.create_staging()
            task = progress.add_task("cases", total=cases, rate="")
            begun = time.monotonic()
            for done in run.cases():
                progress.advance(task, done)
                completed = progress.tasks[task].completed
                progress.update(task, rate=f"{completed / max(0.001, time.monotonic() - begun):,.0f}/s")
            task = progress.add_task("audit events", total=run.staged, rate="")
            for done in run.write_audit():
                progress.advance(task, done)
            task = progress.add_task("sequences", total=1, rate="")
            run.finish()
            progress.advance(task)
        written = ", ".join(f"{label} {count:,}" for label, count in sorted(run.writer.written.items()))
        self.stdout.write(f"Written: {written}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{cases:,} cases in {time.monotonic() - started:,.0f} s; {Case.objects.count():,} cases in all. "
                f"Staff sign in with their e-mail and the password {options['password']!r}."
            )
        )

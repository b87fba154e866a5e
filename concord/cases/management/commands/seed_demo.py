"""Demo data for a country pack's demo district: one user per role, printed with their password, and with
--cases that many demo cases, to which each module adds its own (cases.demo.register_case_seeder). Names and the
roles' agencies come from the pack's demo.yaml (concord.cases.demo_pack), so any valid pack can be seeded."""

from typing import IO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from rich.console import Console
from rich.progress import Progress

from concord.accounts.demo import DEMO_PASSWORD, seed_users
from concord.cases.demo import finish_demo, seed_cases
from concord.cases.demo_pack import demo_of
from concord.countries.loader import PackInvalid
from concord.countries.models import Country
from concord.territory.models import Territory

SILENT_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Create one demo user per role in the country pack's demo district, and demo cases (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--country", default=settings.DEFAULT_COUNTRY)
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument("--cases", type=int, default=0, help="also create this many demo cases")
        parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same data")

    def handle(self, *args, country: str, password: str, cases: int, seed: int, **options) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=120)
        try:
            demo = demo_of(country)
        except PackInvalid as error:
            raise CommandError(error.report(country, self.stderr.write)) from None
        logins = seed_users(country, password, role_kinds=demo.roles)
        if cases:
            district = Territory.objects.get(code=Country.objects.get(code=country).demo_district)
            # The notifications demo cases raise (a lowered level, say) stay in the application: no e-mail.
            with Progress(console=console) as progress, override_settings(EMAIL_BACKEND=SILENT_MAIL):
                task = progress.add_task(f"Seeding {cases} cases", total=cases)
                seed_cases(
                    country=country,
                    district=district,
                    count=cases,
                    seed=seed,
                    naming=demo.names,
                    progress=lambda n: progress.advance(task, n),
                )
                finish_demo(country, seed)
        console.print(logins)

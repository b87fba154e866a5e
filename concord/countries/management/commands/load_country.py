from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.console import Console
from rich.progress import Progress

from concord.audit.choices import AuditAction
from concord.audit.services import audit_record
from concord.countries.loader import LoadReport, Pack, PackInvalid, apply_pack, available_packs, read_pack


class _DryRun(Exception):
    """Raised at the end of a --check load so that its transaction is rolled back."""

    def __init__(self, report: LoadReport):
        self.report = report


class Command(BaseCommand):
    help = "Validate and load a country pack (idempotent: loading the same pack twice changes nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help=f"country code: {', '.join(available_packs())}")
        parser.add_argument(
            "--check",
            action="store_true",
            help="validate and try the whole load against the database, then roll it back: write nothing",
        )

    def handle(self, *args, code: str, check: bool, **options) -> None:
        code = code.lower()
        try:
            pack = read_pack(code)
            report = self._check(pack) if check else self._load(pack)
        except PackInvalid as error:
            raise CommandError(error.report(code, self.stderr.write)) from None
        self._print(report)
        if check:
            self.stdout.write(self.style.SUCCESS(f"Country pack {code!r} is valid; nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Country pack {code!r} loaded."))

    def _check(self, pack: Pack) -> LoadReport:
        # The load itself is the only complete check (a published instrument that differs, a row the database
        # refuses): run it and roll it back.
        try:
            with transaction.atomic():
                raise _DryRun(apply_pack(pack))
        except _DryRun as dry_run:
            return dry_run.report

    def _load(self, pack: Pack) -> LoadReport:
        console = Console(file=cast(IO[str], self.stdout), force_terminal=False)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(
                f"Loading {pack.code}", total=len(pack.territories) + len(pack.calendar) + len(pack.agencies)
            )
            report = apply_pack(pack, progress=lambda label, advance: progress.advance(task, advance))
        if report.changed:
            audit_record(
                action=AuditAction.COUNTRY_PACK_LOADED,
                object_type="countries.country",
                object_id=pack.code,
                details={"digest": pack.digest[:16], "created": report.created, "updated": report.updated},
            )
        return report

    def _print(self, report: LoadReport) -> None:
        for kind in sorted(set(report.created) | set(report.updated) | set(report.unchanged)):
            self.stdout.write(
                f"  {kind}: {report.created.get(kind, 0)} created, {report.updated.get(kind, 0)} updated, "
                f"{report.unchanged.get(kind, 0)} unchanged"
            )

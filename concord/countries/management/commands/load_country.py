from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress

from concord.audit.choices import AuditAction
from concord.audit.services import audit_record
from concord.countries.loader import PackInvalid, apply_pack, available_packs, read_pack


class Command(BaseCommand):
    help = "Validate and load a country pack (idempotent: loading the same pack twice changes nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help=f"country code: {', '.join(available_packs())}")
        parser.add_argument("--check", action="store_true", help="validate only, write nothing")

    def handle(self, *args, code: str, check: bool, **options) -> None:
        code = code.lower()
        try:
            pack = read_pack(code)
        except PackInvalid as error:
            for problem in error.problems:
                self.stderr.write(f"{code}/{problem}")
            raise CommandError(f"Country pack {code!r} is invalid: {len(error.problems)} problem(s).") from None
        if check:
            self.stdout.write(self.style.SUCCESS(f"Country pack {code!r} is valid."))
            return
        console = Console(file=cast(IO[str], self.stdout), force_terminal=False)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(
                f"Loading {code}", total=len(pack.territories) + len(pack.holidays) + len(pack.agencies)
            )
            report = apply_pack(pack, progress=lambda label, advance: progress.advance(task, advance))
        if report.changed:
            audit_record(
                action=AuditAction.COUNTRY_PACK_LOADED,
                object_type="countries.country",
                object_id=code,
                details={"digest": pack.digest[:16], "created": report.created, "updated": report.updated},
            )
        for kind in sorted(set(report.created) | set(report.updated) | set(report.unchanged)):
            self.stdout.write(
                f"  {kind}: {report.created.get(kind, 0)} created, {report.updated.get(kind, 0)} updated, "
                f"{report.unchanged.get(kind, 0)} unchanged"
            )
        self.stdout.write(self.style.SUCCESS(f"Country pack {code!r} loaded."))

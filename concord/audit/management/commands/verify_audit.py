import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concord.audit import checkpoints
from concord.audit.models import AuditEvent, AuditSeal
from concord.audit.selectors import audit_chain_problems

EXPLANATIONS = {
    "content": "the event's content does not match its MAC (edited row)",
    "members": "the seal's events are not the ones sealed (deleted, added or reordered rows)",
    "chain": "the seal does not follow the one before it (rewritten or removed seal)",
    "duplicate": "the event is a copy of an earlier one (inserted again)",
    "checkpoint": "the seal differs from the checkpoint kept outside the database, or is missing (rewritten or cut)",
}


class Command(BaseCommand):
    help = (
        "Check the audit log: every event against its MAC, every seal against its events and the seal before, and "
        "the seals against the checkpoints kept outside the database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="check only what was sealed since the last run that passed (kept in AUDIT_VERIFIED_FILE)",
        )
        parser.add_argument(
            "--checkpoints",
            dest="checkpoint_file",
            type=Path,
            help="a copy of the checkpoint file kept elsewhere (default: AUDIT_CHECKPOINT_FILE)",
        )

    def handle(self, *args, incremental: bool, checkpoint_file: Path | None, **options) -> None:
        started = time.monotonic()
        try:
            known = checkpoints.read(checkpoint_file)
        except ValueError as error:
            raise CommandError(str(error)) from error
        after = self._verified_seal() if incremental else None
        problems = list(audit_chain_problems(after=after, known=known))
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"{problem.kind} {problem.number}: {EXPLANATIONS[problem.problem]}")
            raise CommandError(f"Audit log broken: {len(problems)} problem(s).")
        newest = AuditSeal.objects.order_by("-number").first()
        if newest is not None:
            state = {"seal": newest.number, "mac": newest.mac}
            settings.AUDIT_VERIFIED_FILE.parent.mkdir(parents=True, exist_ok=True)
            settings.AUDIT_VERIFIED_FILE.write_text(json.dumps(state))
        since = f" since seal {after.number}" if after else ""
        sealed = newest.number if newest else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact{since}: {AuditEvent.objects.count()} events, {sealed} seals, "
                f"{len(known)} checkpoints; checked in {time.monotonic() - started:.1f} s."
            )
        )

    def _verified_seal(self) -> AuditSeal | None:
        """The seal the last passing run ended on, if the database still holds it unchanged."""
        path = settings.AUDIT_VERIFIED_FILE
        if not path.exists():
            return None
        state = json.loads(path.read_text())
        seal = AuditSeal.objects.filter(number=state["seal"]).first()
        if seal is None or seal.mac != state["mac"]:
            raise CommandError(
                f"Seal {state['seal']}, verified last time, is no longer as it was: the chain was rewritten or cut. "
                "Run verify_audit without --incremental to see where."
            )
        return seal

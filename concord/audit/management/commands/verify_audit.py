from django.core.management.base import BaseCommand, CommandError

from concord.audit.models import AuditEvent
from concord.audit.selectors import audit_chain_problems

EXPLANATIONS = {
    "missing": "an event is missing before this point (deleted row)",
    "link": "the event does not follow the one before it (deleted or reordered rows)",
    "content": "the event's content does not match its hash (edited row)",
    "tail": "the chain ends before its recorded head (rows cut from the end)",
}


class Command(BaseCommand):
    help = "Check that the audit log's hash chain is intact."

    def handle(self, *args, **options) -> None:
        problems = list(audit_chain_problems())
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"sequence {problem.sequence}: {EXPLANATIONS[problem.problem]}")
            raise CommandError(f"Audit chain broken: {len(problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {AuditEvent.objects.count()} events."))

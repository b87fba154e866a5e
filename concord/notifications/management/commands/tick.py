"""Runs the periodic jobs of concord.notifications.jobs (reminders and other sweeps), once or every N seconds.

Production runs it every few minutes from cron or a systemd timer; `--loop` keeps it going beside the web
server for a local demo. Jobs are idempotent, so a repeated or overlapping run creates nothing twice.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from concord.notifications import jobs

logger = logging.getLogger(__name__)


def _seconds(value: str) -> int:
    seconds = int(value)
    if seconds < 1:
        raise ValueError(value)
    return seconds


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders) once, or forever with --loop SECONDS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            type=_seconds,
            metavar="SECONDS",
            help="Run forever, sleeping SECONDS between runs.",
        )

    def handle(self, *args, loop: int | None, **options) -> None:
        if loop is None:
            failed = self.run_once()
            if failed:
                raise CommandError(f"{failed} of {len(jobs.JOBS)} jobs failed; the log has the details.")
            return
        while True:
            # A connection left over from the last run may have been dropped by the server while we slept.
            close_old_connections()
            self.run_once()
            close_old_connections()
            time.sleep(loop)

    def run_once(self) -> int:
        """Runs every job once, each in its own transaction, so one failing job neither rolls back nor stops
        the others. Returns the number of jobs that failed."""
        now = timezone.now()
        failed = 0
        for path in jobs.JOBS:
            try:
                job = import_string(path)
                with transaction.atomic():
                    created = job(now)
            except Exception:
                # The message names the job, never the cases or people it was working on.
                logger.exception("Periodic job %s failed", path)
                self.stderr.write(f"{path}: failed")
                failed += 1
            else:
                self.stdout.write(f"{path}: {created} notifications")
        return failed

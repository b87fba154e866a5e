"""The periodic jobs that `manage.py tick` runs, in the order they were registered.

Each entry is the dotted path of a callable `job(now: datetime) -> int` that returns how many notifications it
created. Apps register theirs in their AppConfig.ready() (risk: the reassessment reminders). A job works out what
is due from the state of the tables and must be idempotent (see Notification.key), because the tick may run any
number of times, late, or twice at once.
"""

JOBS: list[str] = []


def register_job(path: str) -> None:
    if path not in JOBS:
        JOBS.append(path)

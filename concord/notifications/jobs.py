"""The periodic jobs that `manage.py tick` runs, in order.

Each entry is the dotted path of a callable `job(now: datetime) -> int` that returns how many notifications it
created. A job works out what is due from the state of the tables and must be idempotent (see Notification.key),
because the tick may run any number of times, late, or twice at once.
"""

JOBS: list[str] = [
    "concord.risk.jobs.remind_reassessments",
]

"""The work list: what awaits a member of staff, gathered from every module (DESIGN.md, "One work list").

A module registers a WorkSource in its AppConfig.ready(): reassessments due (risk), approvals (cases), and later
referrals to answer, meeting actions and orders to renew. The home page shows the first few items of each source
with their count; the work page shows them all; the caseload overview counts them.

Scopes: MINE is the user's own work (cases they lead, decisions addressed to them); TEAM is their agency's for a
supervisor and their jurisdiction's for a coordinator. Every source reads case data through the case scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MINE, TEAM = "mine", "team"


@dataclass(frozen=True)
class WorkItem:
    title: str  # what it is about, e.g. a case number (never a name)
    detail: str  # what is to be done and by when, translated
    url: str
    due_on: datetime.date | None = None
    overdue: bool = False
    level: int | None = None  # the case's risk level and its label, for the badge
    level_label: str = ""


@dataclass(frozen=True)
class WorkPage:
    items: list[WorkItem]
    count: int
    more_url: str = ""  # the full list elsewhere (a filtered case list), when there is one


@dataclass(frozen=True)
class WorkSource:
    name: str
    label: Any  # a lazy translation
    # (user, scope, limit) -> the first `limit` items, most urgent first, and how many there are.
    collect: Callable[[Any, str, int], WorkPage]
    # Whether the source concerns this user at all (approvals only concern supervisors, say).
    applies: Callable[[Any], bool] = field(default=lambda user: True)
    order: int = 100


_sources: dict[str, WorkSource] = {}


def register(source: WorkSource) -> None:
    if source.name in _sources and _sources[source.name] != source:
        raise ValueError(f"Work source {source.name!r} is registered twice")
    _sources[source.name] = source


def sources_for(user: Any) -> list[WorkSource]:
    return [source for source in sorted(_sources.values(), key=lambda s: (s.order, s.name)) if source.applies(user)]


def work_for(user: Any, scope: str, limit: int) -> list[tuple[WorkSource, WorkPage]]:
    return [(source, source.collect(user, scope, limit)) for source in sources_for(user)]

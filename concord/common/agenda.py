"""Cases other modules propose to the monitoring groups (DESIGN.md, "Monitoring groups"): the groups module computes
its agendas from the country pack's rules; a rule whose facts live in another module (pathway proposals in
referrals, protection gaps in protection) reads them through the AgendaSource that module registers in its
AppConfig.ready(). Neither side imports the other.

`collect(cases, since)` gets a queryset of the group's cases (already limited to its territory and open) and the
time of the group's previous meeting, and answers {case id: a short reason, translated}; `taken(case_ids, actor)`
tells the module its proposals were put on an agenda."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AgendaSource:
    code: str  # the agenda rule it answers (groups.choices.AgendaReason)
    collect: Callable[[Any, datetime.datetime | None], dict[int, str]]
    taken: Callable[[list[int], Any], None] = field(default=lambda case_ids, actor: None)


_sources: dict[str, AgendaSource] = {}


def register(source: AgendaSource) -> None:
    if source.code in _sources and _sources[source.code] != source:
        raise ValueError(f"Agenda source {source.code!r} is registered twice")
    _sources[source.code] = source


def source(code: str) -> AgendaSource | None:
    return _sources.get(code)


def sources() -> list[AgendaSource]:
    return list(_sources.values())

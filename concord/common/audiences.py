"""People a training should reach whom another module knows (DESIGN.md, "Trainings"): the members of the monitoring
groups are the groups module's; the programmes module counts how many of them were trained without importing it.

A module registers an AudienceSource in its AppConfig.ready(); `people(path)` answers, for the territory whose path
is given (everything below it included), each body of people by name with the ids of its users."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AudienceSource:
    code: str  # the audience it answers (programmes.choices.Audience)
    label: Any
    people: Callable[[str], list[tuple[str, set[int]]]]


_sources: dict[str, AudienceSource] = {}


def register(source: AudienceSource) -> None:
    if source.code in _sources and _sources[source.code] != source:
        raise ValueError(f"Audience source {source.code!r} is registered twice")
    _sources[source.code] = source


def source(code: str) -> AudienceSource | None:
    return _sources.get(code)

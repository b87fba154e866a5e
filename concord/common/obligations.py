"""What a decision requires an alleged perpetrator to do, told by the module that records the decision to the module
that carries it out (docs/new-module.md): a protection order that imposes a perpetrator programme reaches the
programmes module without either importing the other.

The module that records decisions registers a reader for the case event it emits (`register(event, read)`); a
module reacting to that event asks `of(event, object_id)` for what the decision requires. Only codes, ids and
times cross: no personal data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Obligation:
    case_id: int
    participant_id: int  # the alleged perpetrator who must comply
    requirement: str  # what is required, e.g. "attend_programme"
    imposed_by: str  # the kind of decision, e.g. the order type's code in the country pack
    imposed_at: datetime.datetime  # from when: deadlines to comply count from it
    ends_at: datetime.datetime | None  # until when the decision stands
    issuer_agency_id: int | None


Reader = Callable[[int], list[Obligation]]
_readers: dict[str, Reader] = {}


def register(event: str, read: Reader) -> None:
    if event in _readers and _readers[event] is not read:
        raise ValueError(f"Obligations of {event!r} are read twice")
    _readers[event] = read


def of(event: str, object_id: int | None) -> list[Obligation]:
    """What the decision behind `event`'s object requires; nothing when no module reads that event."""
    read = _readers.get(event)
    return [] if read is None or object_id is None else read(object_id)

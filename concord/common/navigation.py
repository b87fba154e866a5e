"""Entries that modules add to the main navigation (the referrals queue, say), each with an optional count shown
as a badge. Registered in the module's AppConfig.ready(); the navigation shows those that apply to the reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    name: str
    label: Any  # a lazy translation
    url_name: str
    applies: Callable[[Any], bool]
    # How many items wait for the reader (one indexed count), or None for no badge.
    count: Callable[[Any], int] | None = field(default=None)
    order: int = 100


@dataclass(frozen=True)
class ShownEntry:
    name: str
    label: str
    url: str
    count: int


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    if entry.name in _entries and _entries[entry.name] != entry:
        raise ValueError(f"Navigation entry {entry.name!r} is registered twice")
    _entries[entry.name] = entry


def entries_for(user: Any) -> list[ShownEntry]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    shown = []
    for entry in sorted(_entries.values(), key=lambda e: (e.order, e.name)):
        if entry.applies(user):
            count = entry.count(user) if entry.count is not None else 0
            shown.append(ShownEntry(entry.name, str(entry.label), reverse(entry.url_name), count))
    return shown


def navigation(request) -> dict[str, Any]:
    """The context processor: the module entries of the reader's navigation."""
    return {"module_nav": entries_for(getattr(request, "user", None))}

"""The registry of country-pack sections. The loader reads the pack's core (pack.yaml, territories, holidays,
agency kinds and agencies) itself; every other file belongs to the app whose rules it holds, which registers a
section in its AppConfig.ready(). Adding a module's rules to the packs is adding a section, not editing the loader.

A section reads its files with the loader's helpers (`read_yaml_mapping`, `Problems.add` with file, line and key),
returns what it parsed (kept in `pack.sections[name]`), and applies it inside the pack's one transaction; a
problem found while applying is raised as PackInvalid, so nothing of the pack is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concord.countries.loader import LoadReport, Pack, Problems
    from concord.countries.models import Country


@dataclass(frozen=True)
class PackSection:
    name: str
    # The files of the pack folder it owns (every other file in the folder is refused as unknown).
    files: tuple[str, ...]
    read: Callable[[Pack, Problems], Any]
    apply: Callable[[Pack, Country, LoadReport], None]
    # Files outside the pack folder whose content the section loads (shared instruments): part of the digest.
    extra_files: Callable[[Pack], list[Path]] = field(default=lambda pack: [])
    # Sections apply in this order, after the core; a section that refers to another's rows comes later.
    order: int = 100


_sections: dict[str, PackSection] = {}


def register(section: PackSection) -> None:
    if section.name in _sections and _sections[section.name] != section:
        raise ValueError(f"Pack section {section.name!r} is registered twice")
    _sections[section.name] = section


def all_sections() -> list[PackSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))

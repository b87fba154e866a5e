"""A small reader for gettext .po files (the same rules as ../shared/tools/po_check.py), for tests."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class PoEntry:
    msgid: str = ""
    context: str = ""
    plural: bool = False
    flags: list[str] = field(default_factory=list)
    msgstrs: dict[str, str] = field(default_factory=dict)


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> list[PoEntry]:
    entries: list[PoEntry] = []
    entry, target = PoEntry(), None
    started = False

    def finish() -> None:
        nonlocal entry, target, started
        if started:
            entries.append(entry)
        entry, target, started = PoEntry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            entry.flags += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            entry.context, target, started = _unquote(line[8:]), "context", True
        elif line.startswith("msgid_plural "):
            entry.plural, target = True, "plural"
        elif line.startswith("msgid "):
            entry.msgid, target, started = _unquote(line[6:]), "msgid", True
        elif line.startswith("msgstr"):
            key, value = line.split(" ", 1)
            entry.msgstrs[key] = _unquote(value)
            target = key
        elif line.startswith('"') and target:
            if target == "msgid":
                entry.msgid += _unquote(line)
            elif target == "context":
                entry.context += _unquote(line)
            elif target.startswith("msgstr"):
                entry.msgstrs[target] += _unquote(line)
    finish()
    return entries
